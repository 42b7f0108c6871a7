/** Applies one typed offset to an anchor date, exactly as docs/DOMAIN.md counts, and says in words how. */
import { addWorkingDays, isWorkingDay, workingDayOnOrBefore } from "./calendar.js";
import { addDays, addMonths, formatLong, monthName } from "./dates.js";
import type { Unit } from "./rules/schema.js";

export interface Reached {
  date: string;
  time?: string;
  actBy?: string;
  /** e.g. "15 working days after the strategy discussion on Friday 18 December 2026; skips 25 and 28 December (bank holidays)". */
  words: string;
  /** "Sunday 22 November 2026 is not a working day, so act by Friday 20 November 2026", when it applies. */
  actByWords?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
/** "25 and 28 December and 1 January" */
export function listDays(dates: string[]): string {
  const groups: { month: string; days: number[] }[] = [];
  for (const d of [...dates].sort()) {
    const month = monthName(d);
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.days.push(Number(d.slice(8)));
    else groups.push({ month, days: [Number(d.slice(8))] });
  }
  const parts = groups.map((g) => `${joinAnd(g.days.map(String))} ${g.month}`);
  return joinAnd(parts);
}

const joinAnd = (xs: string[]) =>
  xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;

export function applyOffset(
  anchor: { date: string; time?: string; label: string },
  unit: Unit,
  n: number,
  direction: "after" | "before",
  fixedTime?: string,
): Reached {
  const sign = direction === "before" ? -1 : 1;
  const on = `${anchor.label} on ${formatLong(anchor.date)}${anchor.time ? ` at ${anchor.time}` : ""}`;
  let date: string;
  let time = fixedTime;
  let words: string;
  let calendarDeadline = true;
  switch (unit) {
    case "working_days":
    case "pathway_day": {
      const r = addWorkingDays(anchor.date, sign * n);
      date = r.date;
      calendarDeadline = false;
      const span =
        unit === "pathway_day"
          ? `day ${n} of the pathway (${plural(n, "working day")} ${direction} ${on}, day 0)`
          : `${plural(n, "working day")} ${direction} ${on}`;
      words =
        span +
        (r.skipped.length ? `; skips ${listDays(r.skipped)} (bank holiday${r.skipped.length > 1 ? "s" : ""})` : "");
      break;
    }
    case "calendar_days":
      date = addDays(anchor.date, sign * n);
      words = n === 0 ? `by ${on}` : `${plural(n, "day")} ${direction} ${on}`;
      break;
    case "weeks":
      date = addDays(anchor.date, sign * 7 * n);
      words = `${plural(n, "week")} (${n * 7} days) ${direction} ${on}`;
      break;
    case "months":
      date = addMonths(anchor.date, sign * n);
      words = `${plural(n, "month")} ${direction} ${on} (same day of the month, or the month's last day)`;
      break;
    case "hours": {
      if (direction === "before" && !anchor.time) {
        // docs/DOMAIN.md: "24 hours before the conference" with no time known means the working day before.
        const r = addWorkingDays(anchor.date, -Math.max(1, Math.ceil(n / 24)));
        date = r.date;
        calendarDeadline = false;
        words = `${n} hours before ${on}; no time is recorded, so the working day before`;
      } else {
        date = addDays(anchor.date, sign * Math.floor(n / 24));
        time = anchor.time ?? fixedTime;
        words = `${n} hours ${direction} ${on}`;
      }
      break;
    }
  }
  const result: Reached = { date, words };
  if (time) result.time = time;
  if (calendarDeadline && !isWorkingDay(date)) {
    result.actBy = workingDayOnOrBefore(date);
    result.actByWords = `${formatLong(date)} is not a working day, so act by ${formatLong(result.actBy)}`;
  }
  return result;
}
