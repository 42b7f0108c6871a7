/**
 * Signing in and out, and the sessions that carry a sign-in from request to request.
 *
 * - A session is a random 256-bit token in an HttpOnly cookie; the store keeps only its SHA-256 (Session.id).
 * - It ends after `idleMinutes` without a request (SESSION_IDLE_MINUTES) and `maxHours` after sign-in
 *   (SESSION_MAX_HOURS) whatever happens, on sign-out, and when the account is disabled or its role, team or
 *   password changes.
 * - Each session has its own CSRF token; a new sign-in gets a new session (no fixation).
 * - Ten wrong passwords in a row for one username lock it for 15 minutes (in memory; the per-address rate limit on
 *   changes applies as well). Unknown usernames take as long to refuse as wrong passwords.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Account, AccountStores } from "../store/accounts.js";
import { DEFAULT_HASH_COST, checkPassword, hashPassword } from "./passwords.js";
import type { Viewer } from "./roles.js";

export const SESSION_COOKIE = "pathway_session";

export interface AuthOptions {
  stores: AccountStores;
  /** Minutes without a request after which a session ends (SESSION_IDLE_MINUTES, default 30). */
  idleMinutes?: number;
  /** Hours after sign-in after which a session ends whatever happens (SESSION_MAX_HOURS, default 12). */
  maxHours?: number;
  /** Cookies marked Secure (BASE_URL is https). */
  secureCookies?: boolean;
  /** bcrypt cost; tests lower it. */
  hashCost?: number;
  now?: () => Date;
}

export type SignInResult =
  | { ok: true; account: Account; token: string }
  | { ok: false; reason: "wrong" | "locked" | "disabled" };

const LOCK_AFTER = 10;
const LOCK_MS = 15 * 60_000;

export const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export class Auth {
  readonly stores: AccountStores;
  readonly idleMs: number;
  readonly maxMs: number;
  readonly secureCookies: boolean;
  readonly hashCost: number;
  readonly now: () => Date;
  /** Once an account exists the app never goes back to single-user mode (accounts are disabled, not deleted). */
  private anyAccounts = false;
  private readonly failures = new Map<string, { count: number; until?: number }>();
  private purgeTimer?: NodeJS.Timeout;

  constructor(opts: AuthOptions) {
    this.stores = opts.stores;
    this.idleMs = (opts.idleMinutes ?? 30) * 60_000;
    this.maxMs = (opts.maxHours ?? 12) * 3_600_000;
    this.secureCookies = opts.secureCookies ?? false;
    this.hashCost = opts.hashCost ?? DEFAULT_HASH_COST;
    this.now = opts.now ?? (() => new Date());
    this.purgeTimer = setInterval(() => void this.purge().catch(() => {}), 10 * 60_000);
    this.purgeTimer.unref();
  }

  /** Whether sign-in is needed: any account exists. */
  async accountsExist(): Promise<boolean> {
    if (!this.anyAccounts) this.anyAccounts = (await this.stores.accounts.count()) > 0;
    return this.anyAccounts;
  }

  hash(password: string) {
    return hashPassword(password, this.hashCost);
  }

  async signIn(username: string, password: string): Promise<SignInResult> {
    const key = username.trim().toLowerCase();
    const f = this.failures.get(key);
    if (f?.until && f.until > Date.now()) return { ok: false, reason: "locked" };
    const account = await this.stores.accounts.byUsername(key);
    const good = await checkPassword(password, account?.passwordHash, this.hashCost);
    if (!account || !good) {
      const count = (f?.until ? 0 : (f?.count ?? 0)) + 1;
      this.failures.set(key, count >= LOCK_AFTER ? { count, until: Date.now() + LOCK_MS } : { count });
      if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
      return { ok: false, reason: count >= LOCK_AFTER ? "locked" : "wrong" };
    }
    this.failures.delete(key);
    if (account.disabled) return { ok: false, reason: "disabled" };
    return { ok: true, account, token: await this.startSession(account, "password") };
  }

  /** A new session for `account`; returns the cookie token. */
  async startSession(account: Account, via: "password" | "oidc"): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    const at = this.now().toISOString();
    await this.stores.sessions.create({
      id: tokenHash(token),
      userId: account.id,
      csrf: randomBytes(16).toString("hex"),
      createdAt: at,
      lastSeen: at,
      via,
    });
    await this.stores.accounts.update(account.id, { lastSignIn: at });
    return token;
  }

  /** Who a session cookie belongs to; `expired` when it named a session that has ended. */
  async viewerFor(token: string | undefined): Promise<Viewer> {
    if (!(await this.accountsExist())) return { kind: "single" };
    if (!token || token.length > 100) return { kind: "anonymous" };
    const id = tokenHash(token);
    const s = await this.stores.sessions.get(id);
    if (!s) return { kind: "anonymous", expired: true };
    const now = this.now().getTime();
    const account = await this.stores.accounts.get(s.userId);
    if (
      !account ||
      account.disabled ||
      now - Date.parse(s.lastSeen) > this.idleMs ||
      now - Date.parse(s.createdAt) > this.maxMs
    ) {
      await this.stores.sessions.remove(id);
      return { kind: "anonymous", expired: true };
    }
    await this.stores.sessions.touch(id, new Date(now).toISOString());
    return { kind: "user", account, sessionId: id, csrf: s.csrf };
  }

  private directory?: { at: number; map: Map<string, Account> };

  /** Every account by id (names for owners and assignments), cached for a few seconds. */
  async people(): Promise<Map<string, Account>> {
    const now = Date.now();
    if (!this.directory || now - this.directory.at > 5_000)
      this.directory = { at: now, map: new Map((await this.stores.accounts.list()).map((a) => [a.id, a])) };
    return this.directory.map;
  }

  /** Forgets the cached directory (after an account changes). */
  forgetPeople() {
    this.directory = undefined;
  }

  async signOut(sessionId: string) {
    await this.stores.sessions.remove(sessionId);
  }

  /** Drops ended sessions from the store. */
  purge() {
    const now = this.now().getTime();
    return this.stores.sessions.purge(
      new Date(now - this.idleMs).toISOString(),
      new Date(now - this.maxMs).toISOString(),
    );
  }

  async close() {
    clearInterval(this.purgeTimer);
    await this.stores.close();
  }
}
