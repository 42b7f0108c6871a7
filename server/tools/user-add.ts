/**
 * `npm run user:add` — adds an account from the command line; how the first administrator is made.
 *
 *   npm run user:add -- --admin --username sam.jones@example.org --name "Sam Jones"
 *   npm run user:add -- --username ali@example.org --name "Ali Khan" --role practitioner --team "Duty and assessment"
 *
 * Asks for what is missing (the password without echo). The password may instead come on standard input
 * (`--password-stdin`, one line), for scripts. `--team` names a team, made if it does not exist yet. Uses DATA_DIR
 * like the server, and refuses to run while a Pathway is using that DATA_DIR (add accounts on the Accounts page
 * then); with DATABASE_URL, the accounts in that database (running instances share it safely). Once an account
 * exists Pathway asks everyone to sign in.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { passwordProblem, hashPassword } from "../auth/passwords.js";
import { Conflict } from "../domain/errors.js";
import { ROLES, type Role, USERNAME } from "../store/accounts.js";
import type { AccountStores } from "../store/accounts.js";
import { openAccountStores } from "../store/open.js";
import { processStartTime, readLockHolder } from "../store/file-store.js";

function fail(message: string): never {
  console.error(`user:add: ${message}`);
  process.exit(1);
}

/** Whether a live Pathway holds DATA_DIR's lock (the same test the case store makes). */
function pathwayRunning(dataDir: string): number | undefined {
  const path = join(dataDir, "pathway.lock");
  if (!existsSync(path)) return undefined;
  const holder = readLockHolder(readFileSync(path, "utf8"));
  if (!holder || holder.pid === process.pid) return undefined;
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return undefined;
  }
  const now = processStartTime(holder.pid);
  if (holder.started && now && now !== holder.started) return undefined;
  return holder.pid;
}

async function ask(question: string, hidden = false): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (hidden && process.stdin.isTTY) {
    // Echo nothing while the password is typed.
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    out._writeToOutput = (s: string) => {
      if (s.includes(question)) process.stdout.write(question);
    };
  }
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  if (hidden && process.stdin.isTTY) process.stdout.write("\n");
  return answer;
}

async function readStdinLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

const { values } = parseArgs({
  options: {
    username: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
    team: { type: "string" },
    admin: { type: "boolean" },
    "password-stdin": { type: "boolean" },
    "no-password": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(`Adds a Pathway account (DATA_DIR=${process.env.DATA_DIR || "./data"}).
  --admin                 an administrator (the same as --role administrator)
  --username <u>          how they sign in: their work email address, or a short name
  --name "<name>"         as shown and recorded in the audit trail (unique)
  --role <role>           ${ROLES.join(", ")}
  --team "<team>"         the team whose cases they work on (made if new); needed for practitioners and managers
  --password-stdin        read the password from standard input (one line) instead of asking
  --no-password           no password: they sign in only through the identity provider (OIDC_ISSUER)`);
  process.exit(0);
}

const dataDir = process.env.DATA_DIR || "./data";
// With DATABASE_URL the accounts are in the database, which running instances share safely.
const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
const running = databaseUrl ? undefined : pathwayRunning(dataDir);
if (running)
  fail(
    `Pathway (process ${running}) is using DATA_DIR ${dataDir}. Stop it first, or add the account on its Accounts page (/admin) as an administrator.`,
  );

const interactive = process.stdin.isTTY && !values["password-stdin"];
const username = (values.username ?? (interactive ? await ask("Username (their work email address): ") : ""))
  .trim()
  .toLowerCase();
if (!USERNAME.test(username))
  fail("--username: 2 to 64 lower-case letters, digits and . _ @ + - (an email address works)");
const name = (values.name ?? (interactive ? await ask("Name (as colleagues know them): ") : "")).trim();
if (!name || name.length > 60) fail("--name: their name, 60 characters or fewer");
const role = (values.admin ? "administrator" : (values.role ?? "administrator")) as Role;
if (!ROLES.includes(role)) fail(`--role: one of ${ROLES.join(", ")}`);
if ((role === "practitioner" || role === "manager") && !values.team)
  fail("--team: practitioners and team managers work on one team's cases; name it");

let password = "";
if (!values["no-password"]) {
  if (values["password-stdin"]) password = await readStdinLine();
  else if (interactive) {
    password = await ask("Password (at least 12 characters; nothing is shown as you type): ", true);
    const again = await ask("The same password again: ", true);
    if (again !== password) fail("the two passwords differ; nothing was added");
  } else fail("give the password on standard input with --password-stdin (or --no-password)");
  const problem = passwordProblem(password, username);
  if (problem) fail(`${problem}; nothing was added`);
}

let stores: AccountStores;
try {
  stores = await openAccountStores(dataDir, databaseUrl);
} catch (e) {
  fail((e as Error).message);
}
try {
  let team: string | undefined;
  if (values.team) {
    const existing = (await stores.teams.list()).find(
      (t) => t.name.toLowerCase() === values.team!.trim().toLowerCase(),
    );
    team = existing?.id ?? (await stores.teams.create(values.team)).id;
  }
  const account = await stores.accounts.create({
    username,
    name,
    role,
    ...(team ? { team } : {}),
    ...(password ? { passwordHash: await hashPassword(password) } : {}),
  });
  console.log(
    `Added ${account.name} (${account.username}), ${role}${values.team ? `, team ${values.team}` : ""}. Pathway now asks everyone to sign in.`,
  );
} catch (e) {
  if (e instanceof Conflict) fail(`${e.message} Nothing was added.`);
  throw e;
} finally {
  await stores.close();
}
