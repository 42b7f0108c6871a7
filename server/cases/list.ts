/**
 * The case list: open cases with their next action and counts, filtered, sorted and cut into pages — a query over
 * the stores' per-case summaries (server/store/summary.ts), so a page never needs every case or every plan in
 * memory. Rows whose summary is stale (made on another day or under other rules) are recomputed before they are
 * shown (at most a page of them); the store remakes the rest in the background.
 * Closed cases are listed on their own (`show=closed`) and are never planned for the list.
 */
import type { AppContext } from "../app-context.js";
import type { Action, Status } from "../domain/types.js";
import type { FieldProblem } from "../domain/errors.js";
import type { CaseRecord } from "../store/schema.js";
import {
  type CaseHeader,
  type ListedCase,
  type StoredSummary,
  type SummaryAction,
  LIST_SORTS,
  type ListSort,
  countsFor,
  isFresh,
  plusDays,
  DUE_SOON_DAYS,
} from "../store/summary.js";
import { caseState } from "./service.js";
import { planFingerprint } from "./summary.js";

export const PAGE_SIZE = 50;
export const SORTS = LIST_SORTS;
export type Sort = ListSort;

export interface CaseListQuery {
  set?: string;
  show?: string;
  q?: string;
  sort?: string;
  page?: string;
}

/** The next action as the list shows it, with its status for today. */
export type ListedAction = SummaryAction & { status: Status };

export interface ListSummary {
  next?: ListedAction;
  overdue: number;
  dueThisWeek: number;
  /** Set when the case needs attention (it has no plan): what is wrong. */
  attention?: FieldProblem[];
}

export interface CaseRow {
  c: CaseHeader;
  s: ListSummary;
}

export interface CaseListing {
  rows: CaseRow[];
  total: number;
  page: number;
  pages: number;
  sort: Sort;
  filter: { set: string; show: string; q: string };
  /** How many cases are closed (listed with show=closed, not otherwise). */
  closed: number;
}

const statusFor = (due: string, today: string): Status =>
  due < today ? "overdue" : due <= plusDays(today, DUE_SOON_DAYS) ? "due" : "upcoming";

/** A stored summary as the list shows it for `today`. */
export function listSummary(s: StoredSummary | undefined, today: string): ListSummary {
  if (!s) return { overdue: 0, dueThisWeek: 0 };
  if (s.attention) return { overdue: 0, dueThisWeek: 0, attention: s.attention };
  return {
    ...(s.next ? { next: { ...s.next, status: statusFor(s.next.due, today) } } : {}),
    ...countsFor(s, today),
  };
}

/**
 * The page's rows with summaries made for today under the current rules: any stale one is recomputed (and saved)
 * first — a stored summary is never trusted over a recompute.
 */
async function freshRows(ctx: AppContext, rows: ListedCase[], today: string): Promise<ListedCase[]> {
  const fp = planFingerprint(ctx);
  const stale = rows.filter((r) => !r.closed && !isFresh(r.summary, today, fp)).map((r) => r.id);
  if (!stale.length) return rows;
  const made = await ctx.store.refreshSummaries(stale);
  return rows.map((r) => (made.has(r.id) ? { ...r, summary: made.get(r.id) } : r));
}

/**
 * Anything unexpected in the query falls back to the default (all open cases, next due first, page 1).
 * `show=closed` lists the closed cases instead: they keep their record and can be reopened.
 */
export async function listCases(
  ctx: AppContext,
  query: CaseListQuery,
  /** Only these teams' cases (the viewer's: server/auth); undefined for every case. */
  teams?: string[],
): Promise<CaseListing> {
  const today = ctx.today();
  const filter = {
    set: query.set ?? "",
    show: query.show ?? "",
    q: (query.q ?? "").trim().toLowerCase().slice(0, 200),
  };
  const sort = (SORTS as readonly string[]).includes(query.sort ?? "") ? (query.sort as Sort) : "next";
  const requested = Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1);
  const closedView = filter.show === "closed";
  const show = filter.show === "overdue" || filter.show === "week" ? filter.show : undefined;
  const ask = (page: number) =>
    ctx.store.list({
      today,
      closed: closedView,
      ...(filter.set ? { set: filter.set } : {}),
      ...(filter.q ? { q: filter.q } : {}),
      ...(show ? { show } : {}),
      ...(teams ? { teams } : {}),
      sort,
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
  let result = await ask(requested);
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const page = Math.min(pages, requested);
  if (page !== requested) result = await ask(page);
  const rows = closedView ? result.rows : await freshRows(ctx, result.rows, today);
  return {
    rows: rows.map(({ summary, ...c }) => ({
      c,
      s: closedView ? { overdue: 0, dueThisWeek: 0 } : listSummary(summary, today),
    })),
    total: result.total,
    page,
    pages,
    sort,
    filter,
    closed: result.closed,
  };
}

/** Every open case with its plan's actions, a batch of cases at a time: the all-cases calendar. */
export async function* openCaseActions(
  ctx: AppContext,
  /** Only these teams' cases; undefined for every case. */
  teams?: string[],
): AsyncIterable<{ c: CaseRecord; actions: Action[] }[]> {
  const today = ctx.today();
  for await (const batch of ctx.store.openCases()) {
    // A case needing attention has no plan to export; it is left out rather than breaking the calendar.
    yield batch.flatMap((c) => {
      if (teams && !(c.team && teams.includes(c.team))) return [];
      const plan = caseState(ctx, c, today).plan;
      return plan ? [{ c, actions: plan.actions }] : [];
    });
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Every case, open ones first (next due first), then closed ones (latest change first), a page at a time from the
 * stored summaries (stale rows recomputed a page at a time, yielding between pages): GET /api/cases.
 */
export async function* allCaseRows(ctx: AppContext, pageSize = 500, teams?: string[]): AsyncIterable<CaseRow[]> {
  const today = ctx.today();
  for (const closed of [false, true]) {
    for (let offset = 0; ; offset += pageSize) {
      const { rows } = await ctx.store.list({
        today,
        closed,
        sort: "next",
        offset,
        limit: pageSize,
        ...(teams ? { teams } : {}),
      });
      const fresh = closed ? rows : await freshRows(ctx, rows, today);
      yield fresh.map(({ summary, ...c }) => ({
        c,
        s: closed ? { overdue: 0, dueThisWeek: 0 } : listSummary(summary, today),
      }));
      if (rows.length < pageSize) break;
      await new Promise((r) => setImmediate(r));
    }
  }
}
