/**
 * Who may do what. One place answers every "may this person…" question, so a route never decides it alone.
 *
 * | role | cases | team workload | accounts and teams | audit export | questions to review |
 * |---|---|---|---|---|---|
 * | practitioner | their team's | – | – | – | – |
 * | manager | their team's | their team's | – | – | yes |
 * | agency | never | – | – | – | – |
 * | trainer | never | – | – | – | – |
 * | administrator | every team's | every team's | yes | yes | yes |
 *
 * Everyone signed in may use the guidance, search, compare, the glossary, scenarios and the assistant (agency and
 * trainer users without anything from a case). In single-user mode (no accounts, loopback only) the one user may
 * do everything but manage accounts, as before accounts existed.
 */
import type { Account, Role } from "../store/accounts.js";

/** Who is making a request. */
export type Viewer =
  /** No accounts exist: the person at this computer (loopback only). */
  | { kind: "single" }
  /** Accounts exist and the request carries no valid session. */
  | { kind: "anonymous"; expired?: boolean }
  | { kind: "user"; account: Account; sessionId: string; csrf: string };

const CASE_ROLES: ReadonlySet<Role> = new Set(["practitioner", "manager", "administrator"]);

export function roleOf(v: Viewer): Role | undefined {
  return v.kind === "user" ? v.account.role : undefined;
}

/** Whether the viewer may see any case data at all. */
export function maySeeCases(v: Viewer): boolean {
  if (v.kind === "single") return true;
  return v.kind === "user" && CASE_ROLES.has(v.account.role);
}

/**
 * The teams whose cases the viewer may see and change: "all" (single-user mode, administrators), a list (a
 * practitioner's or manager's team; empty without one), or "none" (agency, trainer, not signed in).
 */
export function caseTeams(v: Viewer): "all" | "none" | string[] {
  if (v.kind === "single") return "all";
  if (v.kind !== "user" || !maySeeCases(v)) return "none";
  if (v.account.role === "administrator") return "all";
  return v.account.team ? [v.account.team] : [];
}

/** Whether the viewer may open a case of `team` (a case with no team — made before accounts — only "all" sees). */
export function mayOpenCase(v: Viewer, team: string | undefined): boolean {
  const t = caseTeams(v);
  if (t === "all") return true;
  if (t === "none") return false;
  return team !== undefined && t.includes(team);
}

export const mayManageAccounts = (v: Viewer) => v.kind === "user" && v.account.role === "administrator";
export const mayExportAudit = mayManageAccounts;
export const maySeeWorkload = (v: Viewer) =>
  v.kind === "user" && (v.account.role === "manager" || v.account.role === "administrator");
/** Questions people asked may carry what they typed about a case: managers and administrators only. */
export const mayReviewQuestions = (v: Viewer) =>
  v.kind === "single" || (v.kind === "user" && ["manager", "administrator"].includes(v.account.role));
