/**
 * Who owns a case and its actions (issue 14): the case's owner (an account of its team) owns every action unless an
 * action is assigned to a colleague. Changes are audited like any other. The team's workload — who owns what is
 * overdue — is read from the same.
 */
import type { AppContext } from "../app-context.js";
import { InvalidInput } from "../domain/errors.js";
import type { Account } from "../store/accounts.js";
import type { CaseRecord } from "../store/schema.js";
import type { Action } from "../domain/types.js";
import { caseState } from "./service.js";

/** Who an action falls to: its assignee, else the case's owner (account ids). */
export const actionOwner = (c: CaseRecord, actionId: string): string | undefined => c.assigned?.[actionId] ?? c.owner;

/** The accounts a case of `team` may be given to: active practitioners and managers of that team. */
export function teamMembers(people: Map<string, Account>, team: string | undefined): Account[] {
  return [...people.values()]
    .filter((a) => !a.disabled && a.team === team && (a.role === "practitioner" || a.role === "manager"))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Sets the case's owner and its actions' assignees (an assignee equal to the owner is not stored). Every id must be a
 * member of the case's team; actions must be the case's own.
 */
export function setOwners(
  ctx: AppContext,
  c: CaseRecord,
  people: Map<string, Account>,
  owner: string,
  assigned: Record<string, string>,
  by: string,
) {
  const members = new Set(teamMembers(people, c.team).map((a) => a.id));
  if (!members.has(owner)) throw new InvalidInput("owner", "owner: choose someone in the case's team");
  for (const [actionId, id] of Object.entries(assigned))
    if (id && !members.has(id)) throw new InvalidInput(actionId, `${actionId}: choose someone in the case's team`);
  const name = (id?: string) => (id ? (people.get(id)?.name ?? "an account no longer listed") : "nobody");
  return ctx.store.update(c.id, by, "owners changed", (d) => {
    const before = {
      owner: name(d.owner),
      assigned: Object.fromEntries(Object.entries(d.assigned ?? {}).map(([k, v]) => [k, name(v)])),
    };
    d.owner = owner;
    const kept = Object.fromEntries(Object.entries(assigned).filter(([, id]) => id && id !== owner));
    if (Object.keys(kept).length) d.assigned = kept;
    else delete d.assigned;
    const after = {
      owner: name(d.owner),
      assigned: Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, name(v)])),
    };
    return { before, after };
  });
}

export interface WorkloadItem {
  caseId: string;
  reference: string;
  action: Action;
}

/** Overdue actions of the open cases of `teams` (undefined: every team), grouped by who owns them ("" for nobody). */
export async function overdueByOwner(
  ctx: AppContext,
  teams: string[] | undefined,
): Promise<Map<string, WorkloadItem[]>> {
  const today = ctx.today();
  const out = new Map<string, WorkloadItem[]>();
  const pageSize = 200;
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = await ctx.store.list({
      today,
      closed: false,
      sort: "next",
      offset,
      limit: pageSize,
      ...(teams ? { teams } : {}),
    });
    for (const row of rows) {
      const rec = await ctx.store.get(row.id);
      const plan = rec ? caseState(ctx, rec, today).plan : undefined;
      if (!rec || !plan) continue;
      for (const action of plan.actions.filter((a) => a.status === "overdue")) {
        const key = actionOwner(rec, action.id) ?? "";
        if (!out.has(key)) out.set(key, []);
        out.get(key)!.push({ caseId: rec.id, reference: rec.reference, action });
      }
    }
    if (rows.length < pageSize) break;
  }
  return out;
}
