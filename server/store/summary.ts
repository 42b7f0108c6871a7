/**
 * A case's summary for the case list: its next dated action, the due dates of its open actions and, when it needs
 * attention, what is wrong. It is derived from the case, the rules and the calendar — never the source of truth:
 *
 * - made and saved with the case on every change (in the same write, so a list never sees a case without it);
 * - stamped with the day it was worked out for (`for`) and a fingerprint of the rules, guidance versions, calendar
 *   and engine it was worked out with (`fp`): one made on another day or under another fingerprint is stale, and
 *   the stores recompute stale ones in the background (`refreshStale`, small batches between requests);
 * - never trusted over a recompute: rows a list page shows are recomputed first if stale (at most a page of them).
 *
 * The counts are read from `dues` for the day asked, so even a stale summary gives the right "overdue" and "due
 * this week" for today as long as the case's actions themselves have not changed (they depend on today only
 * through a child's age where no date of birth is known, which the day's recompute catches).
 */
import type { FieldProblem } from "../domain/errors.js";
import type { CaseRecord } from "./schema.js";

/** The next action as the list shows it (the engine's Action without its basis and sources). */
export interface SummaryAction {
  id: string;
  rule: string;
  duty: string;
  title: string;
  owner: string;
  due: string;
  dueTime?: string;
  actBy?: string;
  earliest?: string;
  child?: string;
  agency?: string;
}

export interface SummaryData {
  /** The open action due first (overdue ones are the earliest), or null when nothing is dated. */
  next: SummaryAction | null;
  /** Due dates (YYYY-MM-DD) of every open, dated action, ascending. */
  dues: string[];
  /** Set when the case needs attention (no plan can be shown): what is wrong. */
  attention?: FieldProblem[];
}

export interface StoredSummary extends SummaryData {
  /** The day (Europe/London) it was worked out for. */
  for: string;
  /** Fingerprint of the rules, guidance versions, calendar and engine it was worked out with. */
  fp: string;
}

/** How the stores work summaries out; the app supplies it (server/cases/summary.ts), the store knows no rules. */
export interface Summariser {
  /** Changes whenever anything a plan is computed from changes (rules, guidance versions, calendar, engine). */
  fingerprint(): string;
  today(): string;
  summarise(record: CaseRecord, today: string): SummaryData;
}

export const DUE_SOON_DAYS = 7;

/** A case as the list knows it without reading the whole case. */
export interface CaseHeader {
  id: string;
  reference: string;
  procedures: string;
  createdAt: string;
  updatedAt: string;
  closed: boolean;
  /** The team the case belongs to (absent on cases made before accounts). */
  team?: string;
  /** The account that owns the case. */
  owner?: string;
}

export interface ListedCase extends CaseHeader {
  /** Undefined only for a case no summariser has seen yet (treated as stale). */
  summary?: StoredSummary;
}

export const LIST_SORTS = ["next", "overdue", "reference", "updated"] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export interface CaseQuery {
  /** The day the counts are for. */
  today: string;
  /** Closed cases instead of open ones. */
  closed?: boolean;
  set?: string;
  /** Reference contains (case-insensitive). */
  q?: string;
  show?: "overdue" | "week";
  /**
   * Only cases of these teams (a case with no team matches none): what a practitioner or manager may see. Undefined
   * is every case. `CaseQueryResult.closed` counts within the same teams.
   */
  teams?: string[];
  sort: ListSort;
  offset: number;
  limit: number;
}

export interface CaseQueryResult {
  rows: ListedCase[];
  /** Cases matching the query (every page). */
  total: number;
  /** Closed cases in the store. */
  closed: number;
}

/** The day `n` days after `iso` (UTC arithmetic on a date string). */
const plusDaysMemo = new Map<string, string>();
export function plusDays(iso: string, n: number): string {
  // Asked once per listed case with the same few days: remembered (a Date round trip costs microseconds).
  const key = `${iso}+${n}`;
  let out = plusDaysMemo.get(key);
  if (out === undefined) {
    out = new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    if (plusDaysMemo.size > 1000) plusDaysMemo.clear();
    plusDaysMemo.set(key, out);
  }
  return out;
}

/** The first index in the ascending `dues` whose date is not before `day` (binary search). */
function firstFrom(dues: string[], day: string): number {
  let lo = 0;
  let hi = dues.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dues[mid]! < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Overdue and due-this-week counts from ascending due dates: before `today`, and `today` to `soon` (inclusive). */
export function countsAt(dues: string[], today: string, soon: string): { overdue: number; dueThisWeek: number } {
  const overdue = firstFrom(dues, today);
  return { overdue, dueThisWeek: firstFrom(dues, plusDays(soon, 1)) - overdue };
}

/** Overdue and due-this-week counts for `today`, read from the due dates (as the engine's statuses). */
export function countsFor(s: SummaryData | undefined, today: string): { overdue: number; dueThisWeek: number } {
  if (!s || s.attention) return { overdue: 0, dueThisWeek: 0 };
  return countsAt(s.dues, today, plusDays(today, DUE_SOON_DAYS));
}

export const isFresh = (s: StoredSummary | undefined, today: string, fp: string): s is StoredSummary =>
  !!s && s.for === today && s.fp === fp;

/** The key the "next due" sort uses: cases needing attention first, then by next due date, undated last. */
export function listDue(s: SummaryData | undefined): string {
  if (s?.attention) return "0000-00-00";
  return s?.next?.due ?? "9999-99-99";
}

/** Sorts and filters the file store applies in memory; the PostgreSQL store does the same in SQL. */
export function compareListed(sort: ListSort, today: string) {
  const counts = new Map<ListedCase, number>();
  const overdue = (r: ListedCase) => {
    let n = counts.get(r);
    if (n === undefined) {
      n = countsFor(r.summary, today).overdue;
      counts.set(r, n);
    }
    return n;
  };
  const byId = (a: ListedCase, b: ListedCase) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const str = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  switch (sort) {
    case "next":
      return (a: ListedCase, b: ListedCase) => str(listDue(a.summary), listDue(b.summary)) || byId(a, b);
    case "overdue":
      return (a: ListedCase, b: ListedCase) =>
        overdue(b) - overdue(a) || str(listDue(a.summary), listDue(b.summary)) || byId(a, b);
    case "reference":
      return (a: ListedCase, b: ListedCase) => str(a.reference, b.reference) || byId(a, b);
    case "updated":
      return (a: ListedCase, b: ListedCase) => str(b.updatedAt, a.updatedAt) || byId(a, b);
  }
}

export function matchesShow(r: ListedCase, show: CaseQuery["show"], today: string): boolean {
  if (!show) return true;
  const c = countsFor(r.summary, today);
  return show === "overdue" ? c.overdue > 0 : c.dueThisWeek > 0;
}
