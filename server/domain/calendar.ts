/**
 * The working-day calendar for England: Monday to Friday, less England and Wales bank holidays
 * (substitute days and one-off holidays included) from `date-holidays`, which ships its data — no network.
 * To update: `npm update date-holidays` and run the pinned-dates test (test/domain/calendar.test.ts).
 * Holiday dates are read from the library's `date` string, never through a Date in the server's timezone.
 */
import Holidays from "date-holidays";
import { addDays, weekday } from "./dates.js";

const england = new Holidays("GB", "ENG");
const byYear = new Map<number, Map<string, string>>();

/** Bank holidays of a year: ISO date → name (weekend originals included; their substitutes are listed too). */
export function bankHolidays(year: number): Map<string, string> {
  let m = byYear.get(year);
  if (!m) {
    m = new Map();
    for (const h of england.getHolidays(year)) if (h.type === "public" || h.type === "bank") m.set(h.date.slice(0, 10), h.name);
    byYear.set(year, m);
  }
  return m;
}

export function holidayName(iso: string): string | undefined {
  return bankHolidays(Number(iso.slice(0, 4))).get(iso);
}

export const isWeekend = (iso: string): boolean => {
  const d = weekday(iso);
  return d === 0 || d === 6;
};

export const isWorkingDay = (iso: string): boolean => !isWeekend(iso) && holidayName(iso) === undefined;

export interface Counted {
  date: string;
  /** Bank holidays on weekdays that the count stepped over. */
  skipped: string[];
}

/**
 * The nth working day after (n > 0) or before (n < 0) `from`, which is day 0 and never counted itself;
 * a `from` on a weekend or holiday therefore counts from the next (or previous) working day.
 */
export function addWorkingDays(from: string, n: number): Counted {
  const step = n < 0 ? -1 : 1;
  let date = from;
  let left = Math.abs(n);
  const skipped: string[] = [];
  while (left > 0) {
    date = addDays(date, step);
    if (isWorkingDay(date)) left--;
    else if (!isWeekend(date)) skipped.push(date);
  }
  return { date, skipped };
}

/** The last working day on or before `iso` (for calendar deadlines that land on a weekend or holiday). */
export function workingDayOnOrBefore(iso: string): string {
  let d = iso;
  while (!isWorkingDay(d)) d = addDays(d, -1);
  return d;
}

/** Weekday bank holidays strictly between two dates, in order. */
export function holidaysBetween(a: string, b: string): string[] {
  const [from, to] = a <= b ? [a, b] : [b, a];
  const out: string[] = [];
  for (let d = addDays(from, 1); d < to; d = addDays(d, 1)) if (!isWeekend(d) && holidayName(d)) out.push(d);
  return out;
}
