/**
 * Accounts, teams and sessions in DATA_DIR/accounts/ (the file implementation of server/store/accounts.ts):
 * `accounts.json` ({ schemaVersion, accounts, teams }) and `sessions.json` ({ schemaVersion, sessions }), each
 * written whole, crash-safely (temp file, fsync, rename), readable only by the owner (mode 600). Everything is
 * held in memory; a session's `lastSeen` is written at most once a minute (and on close), so a request does not
 * cost a write. Changes are queued one after another. One process writes DATA_DIR (the case store's lock), and the
 * `user:add` command refuses to run while Pathway holds that lock.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { Conflict, NotFound } from "../domain/errors.js";
import {
  Account,
  type AccountChange,
  type AccountStore,
  type AccountStores,
  type NewAccount,
  changedAccountRecord,
  newAccountRecord,
  newTeamRecord,
  Session,
  type SessionStore,
  Team,
  type TeamStore,
} from "./accounts.js";
import { removeOrphanTemps, writeFileAtomic } from "./atomic-file.js";
import { StorageError, explainFsError } from "./store.js";

const ACCOUNTS_VERSION = 1;

const AccountsFile = z
  .object({ schemaVersion: z.literal(ACCOUNTS_VERSION), accounts: z.array(Account), teams: z.array(Team) })
  .strict();
type AccountsFile = z.infer<typeof AccountsFile>;
const SessionsFile = z.object({ schemaVersion: z.literal(ACCOUNTS_VERSION), sessions: z.array(Session) }).strict();

const same = (a: string, b: string) => a.localeCompare(b, "en", { sensitivity: "accent" }) === 0;

function readJson<T>(path: string, schema: z.ZodType<T>, empty: T): T {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return empty;
    throw new StorageError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code}). Fix its permissions.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StorageError(
      `${path} is not readable JSON (${(e as Error).message}). It has not been changed. Restore it from DATA_DIR/backups or move it away, then start Pathway again.`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new StorageError(
      `${path} does not hold valid accounts (${issue.path.join(".") || "(file)"}: ${issue.message}). It has not been changed.`,
    );
  }
  return parsed.data;
}

/** Runs writes one after another. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => {});
    return next;
  }
  idle() {
    return this.tail;
  }
}

export class FileAccountStores implements AccountStores, AccountStore {
  readonly kind = "file";
  private data: AccountsFile;
  private sessionMap = new Map<string, Session>();
  private readonly queue = new Queue();
  private dirtySessions = false;
  private flushTimer?: NodeJS.Timeout;
  readonly accounts: AccountStore = this;
  readonly teams: TeamStore;
  readonly sessions: SessionStore;

  private constructor(
    readonly dir: string,
    private readonly now: () => Date,
  ) {
    this.data = readJson(this.accountsPath, AccountsFile, { schemaVersion: ACCOUNTS_VERSION, accounts: [], teams: [] });
    const s = readJson(this.sessionsPath, SessionsFile, { schemaVersion: ACCOUNTS_VERSION, sessions: [] });
    for (const x of s.sessions) this.sessionMap.set(x.id, x);
    this.teams = {
      list: async () => this.data.teams.map((t) => ({ ...t })),
      get: async (id) => this.copyTeam(id),
      create: (name) => this.createTeam(name),
      update: (id, change) => this.updateTeam(id, change),
    };
    this.sessions = {
      create: (session) => this.createSession(session),
      get: async (id) => {
        const x = this.sessionMap.get(id);
        return x ? { ...x } : undefined;
      },
      touch: async (id, at) => {
        const x = this.sessionMap.get(id);
        if (!x) return;
        x.lastSeen = at;
        this.dirtySessions = true;
      },
      remove: (id) => this.changeSessions(() => this.sessionMap.delete(id)),
      removeForUser: (userId) =>
        this.changeSessions(() => {
          for (const [id, x] of this.sessionMap) if (x.userId === userId) this.sessionMap.delete(id);
        }),
      purge: async (idleBefore, startedBefore) => {
        let n = 0;
        await this.changeSessions(() => {
          for (const [id, x] of this.sessionMap)
            if (x.lastSeen < idleBefore || x.createdAt < startedBefore) {
              this.sessionMap.delete(id);
              n++;
            }
        });
        return n;
      },
    };
  }

  /** Opens (creating the folder if need be) the accounts in `dataDir`/accounts. */
  static open(dataDir: string, opts: { now?: () => Date } = {}): FileAccountStores {
    const dir = join(dataDir, "accounts");
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new StorageError(
        `DATA_DIR ${dataDir}: the accounts folder ${dir} cannot be created (${(e as NodeJS.ErrnoException).code}). Set DATA_DIR to a folder Pathway may write to.`,
      );
    }
    removeOrphanTemps(dir);
    const store = new FileAccountStores(dir, opts.now ?? (() => new Date()));
    store.flushTimer = setInterval(() => void store.flushSessions(), 60_000);
    store.flushTimer.unref();
    return store;
  }

  private get accountsPath() {
    return join(this.dir, "accounts.json");
  }
  private get sessionsPath() {
    return join(this.dir, "sessions.json");
  }

  private at() {
    return this.now().toISOString();
  }

  /** Writes `next` as the accounts file and only then makes it current. */
  private commit(next: AccountsFile, what: string): Promise<void> {
    return this.queue.run(async () => {
      const checked = AccountsFile.parse(next);
      try {
        await writeFileAtomic(this.accountsPath, `${JSON.stringify(checked, null, 1)}\n`);
      } catch (e) {
        throw explainFsError(e, what);
      }
      this.data = checked;
    });
  }

  private changeSessions(change: () => void): Promise<void> {
    change();
    this.dirtySessions = true;
    return this.flushSessions();
  }

  private flushSessions(): Promise<void> {
    if (!this.dirtySessions) return this.queue.idle().then(() => {});
    this.dirtySessions = false;
    const text = `${JSON.stringify({ schemaVersion: ACCOUNTS_VERSION, sessions: [...this.sessionMap.values()] }, null, 1)}\n`;
    return this.queue.run(async () => {
      try {
        await writeFileAtomic(this.sessionsPath, text);
      } catch (e) {
        this.dirtySessions = true;
        throw explainFsError(e, "the sign-in sessions");
      }
    });
  }

  // Accounts

  async count() {
    return this.data.accounts.length;
  }
  async list() {
    return this.data.accounts.map((a) => ({ ...a }));
  }
  async get(id: string) {
    const a = this.data.accounts.find((x) => x.id === id);
    return a ? { ...a } : undefined;
  }
  async byUsername(username: string) {
    const u = username.trim().toLowerCase();
    const a = this.data.accounts.find((x) => x.username === u);
    return a ? { ...a } : undefined;
  }
  async bySubject(subject: string) {
    const a = this.data.accounts.find((x) => x.oidcSubject === subject);
    return a ? { ...a } : undefined;
  }

  private checkUnique(a: Pick<Account, "id" | "username" | "name" | "oidcSubject">) {
    for (const x of this.data.accounts) {
      if (x.id === a.id) continue;
      if (x.username === a.username) throw new Conflict("username", `There is already an account ${a.username}.`);
      if (same(x.name, a.name))
        throw new Conflict(
          "name",
          `Another account is already called ${a.name}. The audit trail records people by name: add an initial or a team to tell them apart.`,
        );
      if (a.oidcSubject && x.oidcSubject === a.oidcSubject)
        throw new Conflict("oidcSubject", "That identity-provider account is linked to another Pathway account.");
    }
  }

  async create(input: NewAccount): Promise<Account> {
    const at = this.at();
    const account = newAccountRecord(input, at);
    this.checkUnique(account);
    if (account.team) this.requireTeam(account.team);
    await this.commit({ ...this.data, accounts: [...this.data.accounts, account] }, `the account ${account.username}`);
    return { ...account };
  }

  async update(id: string, change: AccountChange): Promise<Account> {
    const i = this.data.accounts.findIndex((x) => x.id === id);
    if (i < 0) throw new NotFound("account", `No account ${id}.`);
    const account = changedAccountRecord(this.data.accounts[i]!, change, this.at());
    this.checkUnique(account);
    if (account.team && account.team !== this.data.accounts[i]!.team) this.requireTeam(account.team);
    const accounts = [...this.data.accounts];
    accounts[i] = account;
    await this.commit({ ...this.data, accounts }, `the account ${account.username}`);
    return { ...account };
  }

  // Teams

  private requireTeam(id: string) {
    if (!this.data.teams.some((t) => t.id === id)) throw new NotFound("team", `No team ${id}.`);
  }

  private copyTeam(id: string) {
    const t = this.data.teams.find((x) => x.id === id);
    return t ? { ...t } : undefined;
  }

  private async createTeam(name: string): Promise<Team> {
    const team = newTeamRecord(name, this.at());
    if (this.data.teams.some((t) => same(t.name, team.name)))
      throw new Conflict("name", `There is already a team called ${team.name}.`);
    await this.commit({ ...this.data, teams: [...this.data.teams, team] }, `the team ${team.name}`);
    return { ...team };
  }

  private async updateTeam(id: string, change: Partial<Pick<Team, "name" | "disabled">>): Promise<Team> {
    const i = this.data.teams.findIndex((x) => x.id === id);
    if (i < 0) throw new NotFound("team", `No team ${id}.`);
    const team = Team.parse({
      ...this.data.teams[i]!,
      ...change,
      ...(change.name ? { name: change.name.trim() } : {}),
    });
    if (this.data.teams.some((t) => t.id !== id && same(t.name, team.name)))
      throw new Conflict("name", `There is already a team called ${team.name}.`);
    const teams = [...this.data.teams];
    teams[i] = team;
    await this.commit({ ...this.data, teams }, `the team ${team.name}`);
    return { ...team };
  }

  // Sessions

  private createSession(session: Session): Promise<void> {
    const s = Session.parse(session);
    return this.changeSessions(() => this.sessionMap.set(s.id, s));
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushSessions().catch(() => {});
    await this.queue.idle();
  }
}
