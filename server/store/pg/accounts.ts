/**
 * Accounts, teams and sign-in sessions in PostgreSQL (migrations/004_accounts.sql): the same three interfaces as
 * the file implementation (server/store/accounts.ts), shared by every instance on the database — a session made by
 * one instance signs its user in on every other. Uniqueness (usernames, names ignoring case, linked identity
 * provider subjects, team names) is the database's (unique indexes), reported as the file store reports it.
 * A session's `lastSeen` is written at most once a minute per session (and on close), as the file store does, so a
 * request does not cost a write; `get` through the same store sees the latest touch.
 */
import pg from "pg";
import { Conflict, NotFound } from "../../domain/errors.js";
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
} from "../accounts.js";
import { explainDbError } from "./pool.js";

/** A unique index said no: the same Conflict the file store gives. */
function uniqueClash(e: unknown, what: { username?: string; name?: string; team?: string }): never {
  const err = e as { code?: string; constraint?: string };
  if (err.code === "23505") {
    if (err.constraint === "teams_name") throw new Conflict("name", `There is already a team called ${what.team}.`);
    if (err.constraint === "accounts_username_key")
      throw new Conflict("username", `There is already an account ${what.username}.`);
    if (err.constraint === "accounts_name")
      throw new Conflict(
        "name",
        `Another account is already called ${what.name}. The audit trail records people by name: add an initial or a team to tell them apart.`,
      );
    if (err.constraint === "accounts_oidc_subject")
      throw new Conflict("oidcSubject", "That identity-provider account is linked to another Pathway account.");
  }
  if (e instanceof pg.DatabaseError || (err.code && /^E[A-Z]+$/.test(err.code)))
    throw explainDbError(e, "save the account");
  throw e;
}

export class PgAccountStores implements AccountStores, AccountStore {
  readonly kind = "postgres";
  readonly accounts: AccountStore = this;
  readonly teams: TeamStore;
  readonly sessions: SessionStore;
  /** Touches not yet written: session id → lastSeen. */
  private readonly touched = new Map<string, string>();
  private readonly flushTimer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.teams = {
      list: async () =>
        (await this.rows<Team>("SELECT data FROM teams ORDER BY data ->> 'createdAt', id")).map((x) => Team.parse(x)),
      get: async (id) =>
        (await this.rows<Team>("SELECT data FROM teams WHERE id = $1", [id])).map((x) => Team.parse(x))[0],
      create: (name) => this.createTeam(name),
      update: (id, change) => this.updateTeam(id, change),
    };
    this.sessions = {
      create: async (session) => {
        const s = Session.parse(session);
        await this.exec(
          "INSERT INTO sessions (id, user_id, created_at, last_seen, data) VALUES ($1, $2, $3, $4, $5)",
          [s.id, s.userId, s.createdAt, s.lastSeen, JSON.stringify(s)],
          "save the sign-in session",
        );
      },
      get: async (id) => {
        const s = (await this.rows<Session>("SELECT data FROM sessions WHERE id = $1", [id]))[0];
        if (!s) return undefined;
        const seen = this.touched.get(id);
        return seen && seen > s.lastSeen ? { ...s, lastSeen: seen } : s;
      },
      touch: async (id, at) => {
        this.touched.set(id, at);
      },
      remove: async (id) => {
        this.touched.delete(id);
        await this.exec("DELETE FROM sessions WHERE id = $1", [id], "sign out");
      },
      removeForUser: async (userId) => {
        await this.exec("DELETE FROM sessions WHERE user_id = $1", [userId], "sign the account out");
      },
      purge: async (idleBefore, startedBefore) => {
        await this.flushTouches();
        const r = await this.exec(
          "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2",
          [idleBefore, startedBefore],
          "purge the sign-in sessions",
        );
        return r.rowCount ?? 0;
      },
    };
    this.flushTimer = setInterval(() => void this.flushTouches().catch(() => {}), 60_000);
    this.flushTimer.unref();
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<{ data: T }>(sql, params)).rows.map((r) => r.data);
    } catch (e) {
      throw explainDbError(e, "read the accounts");
    }
  }

  private async exec(sql: string, params: unknown[], what: string) {
    try {
      return await this.pool.query(sql, params);
    } catch (e) {
      throw explainDbError(e, what);
    }
  }

  private async flushTouches() {
    if (!this.touched.size) return;
    const batch = [...this.touched];
    this.touched.clear();
    await this.exec(
      `UPDATE sessions s SET last_seen = t.seen, data = jsonb_set(s.data, '{lastSeen}', to_jsonb(t.seen))
       FROM jsonb_to_recordset($1::jsonb) AS t(id text, seen text) WHERE s.id = t.id AND s.last_seen < t.seen`,
      [JSON.stringify(batch.map(([id, seen]) => ({ id, seen })))],
      "record the sign-in sessions' last use",
    );
  }

  private at() {
    return this.now().toISOString();
  }

  // Accounts

  async count() {
    const { rows } = await this.exec("SELECT count(*)::int AS n FROM accounts", [], "count the accounts");
    return (rows[0] as { n: number }).n;
  }
  async list() {
    return (await this.rows<Account>("SELECT data FROM accounts ORDER BY data ->> 'createdAt', id")).map((x) =>
      Account.parse(x),
    );
  }
  async get(id: string) {
    return (await this.rows<Account>("SELECT data FROM accounts WHERE id = $1", [id])).map((x) => Account.parse(x))[0];
  }
  async byUsername(username: string) {
    const u = username.trim().toLowerCase();
    return (await this.rows<Account>("SELECT data FROM accounts WHERE username = $1", [u])).map((x) =>
      Account.parse(x),
    )[0];
  }
  async bySubject(subject: string) {
    return (await this.rows<Account>("SELECT data FROM accounts WHERE oidc_subject = $1", [subject])).map((x) =>
      Account.parse(x),
    )[0];
  }

  private async requireTeam(id: string) {
    if (!(await this.teams.get(id))) throw new NotFound("team", `No team ${id}.`);
  }

  async create(input: NewAccount): Promise<Account> {
    const at = this.at();
    const account = newAccountRecord(input, at);
    if (account.team) await this.requireTeam(account.team);
    try {
      await this.pool.query(
        "INSERT INTO accounts (id, username, name, oidc_subject, data) VALUES ($1, $2, $3, $4, $5)",
        [account.id, account.username, account.name, account.oidcSubject ?? null, JSON.stringify(account)],
      );
    } catch (e) {
      uniqueClash(e, account);
    }
    return account;
  }

  async update(id: string, change: AccountChange): Promise<Account> {
    const client = await this.pool.connect().catch((e) => {
      throw explainDbError(e, "save the account");
    });
    try {
      await client.query("BEGIN");
      const current = (
        await client.query<{ data: Account }>("SELECT data FROM accounts WHERE id = $1 FOR UPDATE", [id])
      ).rows[0]?.data;
      if (!current) throw new NotFound("account", `No account ${id}.`);
      const account = changedAccountRecord(current, change, this.at());
      if (account.team && account.team !== current.team) await this.requireTeam(account.team);
      try {
        await client.query("UPDATE accounts SET username = $2, name = $3, oidc_subject = $4, data = $5 WHERE id = $1", [
          id,
          account.username,
          account.name,
          account.oidcSubject ?? null,
          JSON.stringify(account),
        ]);
      } catch (e) {
        uniqueClash(e, account);
      }
      await client.query("COMMIT");
      return account;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  // Teams

  private async createTeam(name: string): Promise<Team> {
    const team = newTeamRecord(name, this.at());
    try {
      await this.pool.query("INSERT INTO teams (id, name, data) VALUES ($1, $2, $3)", [
        team.id,
        team.name,
        JSON.stringify(team),
      ]);
    } catch (e) {
      uniqueClash(e, { team: team.name });
    }
    return team;
  }

  private async updateTeam(id: string, change: Partial<Pick<Team, "name" | "disabled">>): Promise<Team> {
    const current = await this.teams.get(id);
    if (!current) throw new NotFound("team", `No team ${id}.`);
    const team = Team.parse({ ...current, ...change, ...(change.name ? { name: change.name.trim() } : {}) });
    try {
      await this.pool.query("UPDATE teams SET name = $2, data = $3 WHERE id = $1", [
        id,
        team.name,
        JSON.stringify(team),
      ]);
    } catch (e) {
      uniqueClash(e, { team: team.name });
    }
    return team;
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushTouches().catch(() => {});
  }
}
