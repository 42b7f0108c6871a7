/** The case list: open cases with their next action and counts, filtered, sorted and cut into pages. */
import type { AppContext } from "../app-context.js";
import type { Action } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { casePlan, summarise, type CaseSummary } from "./service.js";

export const PAGE_SIZE = 50;
export const SORTS = ["next", "overdue", "reference", "updated"] as const;
export type Sort = (typeof SORTS)[number];

export interface CaseListQuery {
  set?: string;
  show?: string;
  q?: string;
  sort?: string;
  page?: string;
}

export interface CaseRow {
  c: CaseRecord;
  s: CaseSummary;
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

const nextDue = (r: CaseRow) => r.s.next?.due ?? "9999";
const ORDER: Record<Sort, (a: CaseRow, b: CaseRow) => number> = {
  next: (a, b) => (nextDue(a) < nextDue(b) ? -1 : nextDue(a) > nextDue(b) ? 1 : 0),
  overdue: (a, b) => b.s.overdue - a.s.overdue,
  reference: (a, b) => (a.c.reference < b.c.reference ? -1 : 1),
  updated: (a, b) => (a.c.updatedAt < b.c.updatedAt ? 1 : -1),
};

const openCases = (ctx: AppContext) => ctx.store.list().filter((x) => !x.closed);

/**
 * Anything unexpected in the query falls back to the default (all open cases, next due first, page 1).
 * `show=closed` lists the closed cases instead: they keep their record and can be reopened.
 */
export function listCases(ctx: AppContext, query: CaseListQuery): CaseListing {
  const today = ctx.today();
  const filter = { set: query.set ?? "", show: query.show ?? "", q: (query.q ?? "").trim().toLowerCase() };
  const sort = (SORTS as readonly string[]).includes(query.sort ?? "") ? (query.sort as Sort) : "next";
  const all = ctx.store.list();
  const closed = all.filter((x) => x.closed);
  const rows = (filter.show === "closed" ? closed : all.filter((x) => !x.closed))
    .filter((x) => (!filter.set || x.procedures === filter.set) && x.reference.toLowerCase().includes(filter.q))
    .map((x) => ({ c: x, s: summarise(casePlan(ctx, x, today)) }))
    .filter((r) => (filter.show === "overdue" ? r.s.overdue > 0 : filter.show === "week" ? r.s.dueThisWeek > 0 : true))
    .sort(ORDER[sort]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(query.page ?? "1", 10) || 1));
  return {
    rows: rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
    total: rows.length,
    page,
    pages,
    sort,
    filter,
    closed: closed.length,
  };
}

/** Every open case with its plan's actions: the all-cases calendar. */
export function openCaseActions(ctx: AppContext): { c: CaseRecord; actions: Action[] }[] {
  const today = ctx.today();
  return openCases(ctx).map((c) => ({ c, actions: casePlan(ctx, c, today).actions }));
}
