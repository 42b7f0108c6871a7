/** Cases on top of the store and the engine: pin versions, recompute plans, summarise, move to a newer version. */
import type { AppContext } from "../app-context.js";
import { currentVersion, findSet } from "../guidance/model.js";
import { planFor } from "../plan/service.js";
import type { Action, Plan } from "../domain/types.js";
import { CASE_ID, type CaseRecord } from "../store/schema.js";
import { type FieldProblem, NeedsAttention, NotFound } from "../domain/errors.js";
import { recordProblems } from "./validate.js";

export { CASE_ID } from "../store/schema.js";

export function pinnedVersions(ctx: AppContext, set: string): Record<string, string> {
  const s = findSet(ctx.library, set);
  if (!s) throw new NotFound("procedure set", `Unknown procedure set “${set}”.`);
  return Object.fromEntries(s.documents.map((d) => [d.id, currentVersion(d).version]));
}

/** The case by its id, read from the store (one case, never the whole store); NotFound when there is none. */
export async function getCase(ctx: AppContext, id: string): Promise<CaseRecord> {
  const c = CASE_ID.test(id) ? await ctx.store.get(id) : undefined;
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
const stateMemo = new WeakMap<CaseRecord, { today: string; state: CaseState }>();

/** A case's plan, or what is wrong with it: a case that fails the input checks or whose plan cannot be worked out. */
export type CaseState = { plan: Plan; problems?: undefined } | { plan?: undefined; problems: FieldProblem[] };

/**
 * The plan of a case, or the problems that make it need attention. Never throws: a stored case that fails the
 * input checks (server/cases/validate.ts), or whose computation throws for any reason, marks that case only —
 * the list, the API and the calendar go on with the others.
 */
export function caseState(ctx: AppContext, c: CaseRecord, today = ctx.today()): CaseState {
  const hit = stateMemo.get(c);
  if (hit && hit.today === today) return hit.state;
  let state: CaseState;
  try {
    const problems = recordProblems(ctx, c, today);
    state = problems.length ? { problems } : { plan: computeCasePlan(ctx, c, today) };
  } catch (e) {
    console.error(`Case ${c.id}: the plan could not be worked out:`, e);
    state = {
      problems: [
        {
          field: "(plan)",
          message: `the checklist could not be worked out from what is recorded (${(e as Error).message}); check the dates below`,
        },
      ],
    };
  }
  stateMemo.set(c, { today, state });
  return state;
}

/** The problems that make a case need attention, or undefined when its plan can be shown. */
export const caseAttention = (ctx: AppContext, c: CaseRecord, today = ctx.today()) => caseState(ctx, c, today).problems;

/** The error for a change or page that needs the plan of a case needing attention (409). */
export function needsAttention(c: CaseRecord, problems: FieldProblem[]): NeedsAttention {
  const p = problems[0]!;
  return new NeedsAttention(
    problems,
    `Case ${c.reference} needs attention: ${p.field}: ${p.message}. Nothing was changed. Correct it on the case page (/cases/${c.id}) first.`,
  );
}

/** The plan of a case; NeedsAttention (409) when it has none (caseState says why). */
export function casePlan(ctx: AppContext, c: CaseRecord, today = ctx.today()): Plan {
  const s = caseState(ctx, c, today);
  if (!s.plan) throw needsAttention(c, s.problems);
  return s.plan;
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
  /** Set when the case needs attention (it has no plan): what is wrong. */
  attention?: FieldProblem[];
}

/** A case's summary for the list and GET /api/cases; a case needing attention has no next action and no counts. */
export function caseSummary(ctx: AppContext, c: CaseRecord, today = ctx.today()): CaseSummary {
  const s = caseState(ctx, c, today);
  return s.plan ? summarise(s.plan) : { overdue: 0, dueThisWeek: 0, attention: s.problems };
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
