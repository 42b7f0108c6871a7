/**
 * Accounts, teams and sign-in sessions (issue 14): three small interfaces the app uses, beside `CaseStore`.
 * The file implementation (server/store/file-accounts.ts) keeps them in DATA_DIR/accounts/; another backend
 * (PostgreSQL, say) implements the same three interfaces and is handed to the app as `AccountStores`.
 *
 * What every implementation must do:
 * - usernames are unique ignoring case (stored lower case), and so are display names (`name`: the audit trail
 *   records who made a change by the account's name, so two accounts may not share one); a clash is `Conflict`;
 * - accounts and teams are never deleted, only disabled (an audit trail names them for ever);
 * - a session is looked up by the SHA-256 of its cookie token (`Session.id`), never by the token itself, so a copy
 *   of the store does not hold live cookies; `touch` may be cheap and lazy (persisted within a minute), but `get`
 *   must see the latest touch made through the same store;
 * - records are validated with the zod schemas below before they are written.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";

export const ROLES = ["practitioner", "manager", "agency", "trainer", "administrator"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  practitioner: "Practitioner",
  manager: "Team manager",
  agency: "Agency (partner) user",
  trainer: "Trainer",
  administrator: "Administrator",
};

export const ID = /^[a-z0-9]{6,32}$/;
export const USERNAME = /^[a-z0-9][a-z0-9._@+-]{1,63}$/;

export const Account = z
  .object({
    id: z.string().regex(ID),
    /** How the person signs in: lower case, unique. An email address works, and is what an identity provider is matched on. */
    username: z.string().regex(USERNAME),
    /** As shown in the app and recorded in the audit trail: unique. */
    name: z.string().min(1).max(60),
    role: z.enum(ROLES),
    /** The team whose cases the account works on (practitioners and managers; optional for the others). */
    team: z.string().regex(ID).optional(),
    /** bcrypt hash; absent for an account that signs in only through the identity provider. */
    passwordHash: z.string().max(100).optional(),
    /** `<issuer> <subject>` of the identity-provider account linked on first sign-in through it. */
    oidcSubject: z.string().max(600).optional(),
    disabled: z.boolean().default(false),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastSignIn: z.string().optional(),
  })
  .strict();
export type Account = z.infer<typeof Account>;

export type NewAccount = Pick<Account, "username" | "name" | "role"> &
  Partial<Pick<Account, "team" | "passwordHash" | "oidcSubject">>;
export type AccountChange = Partial<
  Pick<Account, "name" | "role" | "team" | "passwordHash" | "oidcSubject" | "disabled" | "lastSignIn">
>;

export const Team = z
  .object({
    id: z.string().regex(ID),
    name: z.string().min(1).max(60),
    disabled: z.boolean().default(false),
    createdAt: z.string(),
  })
  .strict();
export type Team = z.infer<typeof Team>;

export const Session = z
  .object({
    /** SHA-256 (hex) of the token in the cookie. */
    id: z.string().regex(/^[a-f0-9]{64}$/),
    userId: z.string().regex(ID),
    /** This session's CSRF token: forms and htmx requests must send it back. */
    csrf: z.string().regex(/^[a-f0-9]{32}$/),
    createdAt: z.string(),
    /** The last request made with it (idle timeout). */
    lastSeen: z.string(),
    /** How the person signed in. */
    via: z.enum(["password", "oidc"]),
  })
  .strict();
export type Session = z.infer<typeof Session>;

export interface AccountStore {
  /** How many accounts exist, disabled ones included: none means single-user mode (loopback only). */
  count(): Promise<number>;
  list(): Promise<Account[]>;
  get(id: string): Promise<Account | undefined>;
  /** By username, ignoring case. */
  byUsername(username: string): Promise<Account | undefined>;
  /** The account linked to an identity-provider subject (`<issuer> <subject>`). */
  bySubject(subject: string): Promise<Account | undefined>;
  /** Conflict when the username or name is taken. */
  create(input: NewAccount): Promise<Account>;
  /** NotFound for an unknown id, Conflict for a name taken by another account; `team: undefined` removes the team. */
  update(id: string, change: AccountChange): Promise<Account>;
}

export interface TeamStore {
  list(): Promise<Team[]>;
  get(id: string): Promise<Team | undefined>;
  /** Conflict when another team has the name (ignoring case). */
  create(name: string): Promise<Team>;
  update(id: string, change: Partial<Pick<Team, "name" | "disabled">>): Promise<Team>;
}

export interface SessionStore {
  create(session: Session): Promise<void>;
  get(id: string): Promise<Session | undefined>;
  /** Records a request made with the session at `at` (ISO time). */
  touch(id: string, at: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Signs an account out everywhere (disabled, password changed, role changed). */
  removeForUser(userId: string): Promise<void>;
  /** Drops sessions whose `lastSeen` is before `idleBefore` or whose `createdAt` is before `startedBefore`. */
  purge(idleBefore: string, startedBefore: string): Promise<number>;
}

export interface AccountStores {
  /** "file", or another backend's name. */
  readonly kind: string;
  accounts: AccountStore;
  teams: TeamStore;
  sessions: SessionStore;
  close(): Promise<void>;
}

/** An account or team id: 16 hex digits, the same in every store. */
export const newAccountId = () => randomBytes(8).toString("hex");

/** A new account's record, as every store writes it: trimmed, username lower case, enabled. */
export function newAccountRecord(input: NewAccount, at: string): Account {
  return Account.parse({
    id: newAccountId(),
    username: input.username.trim().toLowerCase(),
    name: input.name.trim(),
    role: input.role,
    ...(input.team ? { team: input.team } : {}),
    ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}),
    ...(input.oidcSubject ? { oidcSubject: input.oidcSubject } : {}),
    disabled: false,
    createdAt: at,
    updatedAt: at,
  });
}

/** A new team's record, as every store writes it. */
export const newTeamRecord = (name: string, at: string): Team =>
  Team.parse({ id: newAccountId(), name: name.trim(), disabled: false, createdAt: at });

/** An account with a change applied, as every store writes it: an undefined field is removed, the name trimmed. */
export function changedAccountRecord(current: Account, change: AccountChange, at: string): Account {
  const next: Record<string, unknown> = { ...current, updatedAt: at };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete next[k];
    else next[k] = typeof v === "string" && k === "name" ? v.trim() : v;
  }
  return Account.parse(next);
}
