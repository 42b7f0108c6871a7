/**
 * The working-day calendar for England: Monday to Friday, less England and Wales bank holidays
 * (substitute days and one-off holidays included) from `date-holidays`, which ships its data — no network.
 * To update: `npm update date-holidays` and run the pinned-dates test (test/domain/calendar.test.ts).
 * Holiday dates are read from the library's `date` string, never through a Date in the server's timezone.
 */
import Holidays from "date-holidays";
import { addDays, epochWeekday, fromEpochDay, toEpochDay, weekday } from "./dates.js";
import { getOrMake } from "./memo.js";

const england = new Holidays("GB", "ENG");
const byYear = new Map<number, Map<string, string>>();

/** Bank holidays of a year: ISO date → name (weekend originals included; their substitutes are listed too). */
export function bankHolidays(year: number): Map<string, string> {
  let m = byYear.get(year);
  if (!m) {
    m = new Map();
    for (const h of england.getHolidays(year))
      if (h.type === "public" || h.type === "bank") m.set(h.date.slice(0, 10), h.name);
    byYear.set(year, m);
  }
  return m;
}

const epochHolidays = new Map<number, Set<number>>();
const yearStarts = new Map<number, number>();
const yearStart = (y: number) => {
  return getOrMake(yearStarts, y, () => Date.UTC(y, 0, 1) / 86_400_000);
};
function yearOf(day: number): number {
  let y = 1970 + Math.floor(day / 365.2425);
  while (day < yearStart(y)) y--;
  while (day >= yearStart(y + 1)) y++;
  return y;
}
const holidayEpochs = (year: number): Set<number> =>
  getOrMake(epochHolidays, year, () => new Set([...bankHolidays(year).keys()].map(toEpochDay)));
function isHolidayEpoch(day: number): boolean {
  return holidayEpochs(yearOf(day)).has(day);
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
  let day = toEpochDay(from);
  let left = Math.abs(n);
  const skipped: string[] = [];
  while (left > 0) {
    day += step;
    const wd = epochWeekday(day);
    if (wd === 0 || wd === 6) continue;
    // Only weekdays need the holiday check (and the year), which keeps long counts cheap.
    if (isHolidayEpoch(day)) skipped.push(fromEpochDay(day));
    else left--;
  }
  return { date: fromEpochDay(day), skipped };
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

/** Weekdays (Monday to Friday) among the epoch days a..b, both included: whole weeks at once. */
function weekdaysIn(a: number, b: number): number {
  const days = b - a + 1;
  let n = Math.floor(days / 7) * 5;
  for (let day = a + days - (days % 7); day <= b; day++) {
    const wd = epochWeekday(day);
    if (wd !== 0 && wd !== 6) n++;
  }
  return n;
}

/**
 * Working days from `from` (not counted) up to and including `to`: how late a date is, "overdue by N working days".
 * Weekdays are counted by whole weeks and the range's weekday holidays taken off, so a long overdue costs no more
 * than a short one (the case list shows it on every row).
 */
export function workingDaysBetween(from: string, to: string): number {
  const a = toEpochDay(from) + 1;
  const b = toEpochDay(to);
  if (b < a) return 0;
  let n = weekdaysIn(a, b);
  for (let year = yearOf(a); year <= yearOf(b); year++) {
    for (const day of holidayEpochs(year)) {
      const wd = epochWeekday(day);
      if (day >= a && day <= b && wd !== 0 && wd !== 6) n--;
    }
  }
  return n;
}
