/**
 * Passwords: bcrypt (bcryptjs, pure JavaScript, so nothing native to build on install). Cost 12 by default
 * (about a quarter of a second here); the async API yields while it works, so other requests are served meanwhile.
 * What a password must be follows the NCSC's advice: long (12 characters or more), no composition rules. bcrypt
 * reads at most 72 bytes, so longer passwords are refused rather than silently cut.
 */
import bcrypt from "bcryptjs";

export const DEFAULT_HASH_COST = 12;
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD_BYTES = 72;

/** What is wrong with a new password, in words; undefined when it will do. */
export function passwordProblem(password: string, username?: string): string | undefined {
  if (Array.from(password).length < MIN_PASSWORD)
    return `Enter a password of at least ${MIN_PASSWORD} characters (three random words make a good one)`;
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES)
    return `Enter a password of at most ${MAX_PASSWORD_BYTES} characters`;
  if (username && password.toLowerCase().includes(username.toLowerCase().split("@")[0]!))
    return "Enter a password that does not contain the username";
  return undefined;
}

export const hashPassword = (password: string, cost = DEFAULT_HASH_COST): Promise<string> =>
  bcrypt.hash(password, cost);

/** A hash of no password, compared against when the username is unknown so that takes as long as a wrong password. */
let decoy: Promise<string> | undefined;

export async function checkPassword(password: string, hash: string | undefined, cost = DEFAULT_HASH_COST) {
  if (!hash) {
    decoy ??= bcrypt.hash("no such account, no such password", cost);
    await bcrypt.compare(password, await decoy);
    return false;
  }
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return false;
  return bcrypt.compare(password, hash);
}
