/** Cases on top of the store and the engine: pin versions, recompute plans, summarise, move to a newer version. */
import type { AppContext } from "../app-context.js";
import { currentVersion, findSet } from "../guidance/model.js";
import { planFor } from "../plan/service.js";
import type { Action, Plan } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { NotFound } from "../domain/errors.js";

export const CASE_ID = /^[a-z0-9]{6,32}$/;

export function pinnedVersions(ctx: AppContext, set: string): Record<string, string> {
  const s = findSet(ctx.library, set);
  if (!s) throw new NotFound("procedure set", `Unknown procedure set “${set}”.`);
  return Object.fromEntries(s.documents.map((d) => [d.id, currentVersion(d).version]));
}

export function getCase(ctx: AppContext, id: string): CaseRecord {
  const c = CASE_ID.test(id) ? ctx.store.get(id) : undefined;
  if (!c)
    throw new NotFound(
      "case",
      `There is no case “${id}”. It may have been imported under a new id; see the case list.`,
    );
  return c;
}

/**
 * Plans are recomputed from the case's facts and events, never stored. This memo only saves recomputing the
 * same pure function: it is keyed by the case record object, which the store replaces on every change, and by
 * today's date (and dropped with the record).
 */
const planMemo = new WeakMap<CaseRecord, { today: string; plan: Plan }>();

export function casePlan(ctx: AppContext, c: CaseRecord, today = ctx.today()): Plan {
  const hit = planMemo.get(c);
  if (hit && hit.today === today) return hit.plan;
  const plan = computeCasePlan(ctx, c, today);
  planMemo.set(c, { today, plan });
  return plan;
}

function computeCasePlan(ctx: AppContext, c: CaseRecord, today: string): Plan {
  return planFor(
    ctx.library,
    ctx.checklists,
    {
      set: c.procedures,
      today,
      children: c.children,
      facts: c.facts,
      events: c.events.map(({ id: _id, recordedAt: _at, recordedBy: _by, ...e }) => e),
      done: c.done.map((d) => d.actionId),
    },
    c.versions,
  );
}

export interface CaseSummary {
  next?: Action;
  overdue: number;
  dueThisWeek: number;
}

/** Counts read straight from the engine's statuses: "due" is today to seven days on (DUE_SOON_DAYS). */
export function summarise(plan: Plan): CaseSummary {
  const open = plan.actions.filter((a) => a.status !== "done" && a.status !== "waiting" && a.due);
  return {
    next: open[0],
    overdue: open.filter((a) => a.status === "overdue").length,
    dueThisWeek: open.filter((a) => a.status === "due").length,
  };
}

/** Documents whose current version is newer than the one the case pinned. */
export function newerVersions(
  ctx: AppContext,
  c: CaseRecord,
): { document: string; title: string; pinned: string; current: string }[] {
  const set = findSet(ctx.library, c.procedures);
  if (!set) return [];
  return set.documents
    .map((d) => ({
      document: d.id,
      title: currentVersion(d).title,
      pinned: c.versions[d.id] ?? currentVersion(d).version,
      current: currentVersion(d).version,
    }))
    .filter((x) => x.pinned !== x.current);
}

/** The plan groups the case page shows, by the engine's status. */
export function groupActions(plan: Plan) {
  const g = {
    overdue: [] as Action[],
    thisWeek: [] as Action[],
    later: [] as Action[],
    waiting: [] as Action[],
    done: [] as Action[],
  };
  const into = { overdue: g.overdue, due: g.thisWeek, upcoming: g.later, waiting: g.waiting, done: g.done } as const;
  for (const a of plan.actions) into[a.status].push(a);
  return g;
}
