/**
 * Dates as people say them in the UK, found in free text. chrono-node's en-GB parser reads the numeric
 * and written forms ("03/12/2026" is 3 December, never 12 March; "30/11", "22nd of March", "2 weeks ago",
 * "next Tuesday"); the forms it lacks are added as parsers below: a day alone ("the 9th"), "a fortnight
 * ago", and the named days of the Christmas holidays. Every result is a `YYYY-MM-DD` string: chrono's
 * reference is local noon of `today`, and only its year/month/day components are read, so the server's
 * timezone never moves a date.
 */
import * as chrono from "chrono-node";
import { addDays, epochWeekday, isValidIso, toEpochDay } from "../domain/dates.js";

export interface FoundDate {
  iso: string;
  index: number;
  end: number;
  text: string;
  /** Only a day of the month was said ("no — the 9th"): the month is a guess a correction may replace. */
  dayOnly?: number;
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** A day and month without a year: the occurrence nearest today, or the next one when the talk is of the future. */
function nearestYear(today: string, m: number, d: number, future = false): string | undefined {
  const y = Number(today.slice(0, 4));
  const options = [y - 1, y, y + 1].map((yy) => iso(yy, m, d)).filter(isValidIso);
  if (future) return options.find((o) => o >= today);
  const t = toEpochDay(today);
  return options.sort((a, b) => Math.abs(toEpochDay(a) - t) - Math.abs(toEpochDay(b) - t))[0];
}

const NAMED_DAYS: [RegExp, number, number][] = [
  [/christmas eve/, 12, 24],
  [/boxing day/, 12, 26],
  [/christmas( day)?/, 12, 25],
  [/new year'?s eve/, 12, 31],
  [/new year'?s( day)?/, 1, 1],
];
const WEEKDAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4 };
const MONTH_AFTER = /^\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

const refIso = (ref: Date) => iso(ref.getFullYear(), ref.getMonth() + 1, ref.getDate());
const components = (isoDate: string) => {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return { year, month, day };
};

const parser = chrono.en.GB.clone();
parser.parsers.push(
  {
    pattern: () => /\b(a|an|one|two|three|four|\d+)\s+fortnights?\s+ago\b/i,
    extract: (ctx, m) => {
      const n = NUMBER_WORDS[m[1]!.toLowerCase()] ?? Number(m[1]);
      return components(addDays(refIso(ctx.reference.instant), -14 * n));
    },
  },
  {
    pattern: () => /\bin\s+(a|one|two)\s+fortnights?(?:'?s)?(?:\s+time)?\b/i,
    extract: (ctx, m) =>
      components(addDays(refIso(ctx.reference.instant), 14 * (NUMBER_WORDS[m[1]!.toLowerCase()] ?? 1))),
  },
  {
    // "a week on Friday": the coming Friday, then a week more.
    pattern: () => /\ba week (?:on|from|this) (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i,
    extract: (ctx, m) => {
      const today = refIso(ctx.reference.instant);
      const wd = WEEKDAY_NAMES.indexOf(m[1]!.toLowerCase());
      const now = epochWeekday(toEpochDay(today));
      return components(addDays(today, ((wd - now + 7) % 7 || 7) + 7));
    },
  },
  {
    pattern: () =>
      /\b(christmas eve|christmas day|christmas|boxing day|new year'?s eve|new year'?s day|new year'?s)\b/i,
    extract: (ctx, m) => {
      const name = m[1]!.toLowerCase().replace("’", "'");
      const [, month, day] = NAMED_DAYS.find(([re]) => re.test(name))!;
      const found = nearestYear(refIso(ctx.reference.instant), month, day);
      return found ? components(found) : null;
    },
  },
);

/** "the 9th", "on the 14th": a day alone, in the month nearest today (a correction may move it to its event's month). */
function dayAlone(text: string, today: string, future: boolean, taken: FoundDate[]): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(/\b(?:the\s+)(\d{1,2})(?:st|nd|rd|th)\b|\b(\d{1,2})(?:st|nd|rd|th)\b/gi)) {
    const end = m.index + m[0].length;
    if (MONTH_AFTER.test(text.slice(end)) || taken.some((f) => m.index < f.end && end > f.index)) continue;
    const day = Number(m[1] ?? m[2]);
    const [y, mo] = today.split("-").map(Number) as [number, number];
    const candidates = [-1, 0, 1]
      .map((k) => {
        const month = ((mo - 1 + k + 12) % 12) + 1;
        const year = y + Math.floor((mo - 1 + k) / 12);
        return iso(year, month, day);
      })
      .filter(isValidIso);
    const pick = future ? candidates.find((c) => c >= today) : candidates.filter((c) => c <= today).pop();
    if (pick) out.push({ iso: pick, index: m.index, end, text: m[0], dayOnly: day });
  }
  return out;
}

const WEEKDAY_ONLY = /^(?:(last|next|this|on|from|since)\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*$/i;
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** A bare weekday is the last one before today, unless the talk is of the future or it says "next". */
function weekday(text: string, today: string, future: boolean): string | undefined {
  const m = WEEKDAY_ONLY.exec(text.trim());
  if (!m) return undefined;
  const wd = WEEKDAYS.indexOf(m[2]!.toLowerCase());
  const now = epochWeekday(toEpochDay(today));
  const which = (m[1] ?? "").toLowerCase();
  // "this Wednesday": the Wednesday of this week (Monday to Sunday), whichever side of today it falls.
  if (which === "this") return addDays(today, ((wd + 6) % 7) - ((now + 6) % 7));
  if (which === "next" || (future && which !== "last")) return addDays(today, (wd - now + 7) % 7 || 7);
  return addDays(today, -((now - wd + 7) % 7 || 7));
}

/** "Monday the 8th", "Fri 12th": the nearest date (within two months either way) with that day number on that weekday. */
function weekdayAndDay(text: string, today: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(
    /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:\/|of\s|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/gi,
  )) {
    const wd = WEEKDAYS.indexOf(m[1]!.toLowerCase());
    const day = Number(m[2]);
    const [y, mo] = today.split("-").map(Number) as [number, number];
    const t = toEpochDay(today);
    const candidates = [-2, -1, 0, 1, 2]
      .map((k) => iso(y + Math.floor((mo - 1 + k) / 12), ((mo - 1 + k + 12) % 12) + 1, day))
      .filter((c) => isValidIso(c) && epochWeekday(toEpochDay(c)) === wd)
      .sort((a, b) => Math.abs(toEpochDay(a) - t) - Math.abs(toEpochDay(b) - t));
    if (candidates[0]) out.push({ iso: candidates[0], index: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** Every date in the text, in order. `futureHint` (booked, will be, is on…) turns bare weekdays and days forward. */
export function findDates(text: string, today: string, futureHint = false): FoundDate[] {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const reference = new Date(y, m - 1, d, 12);
  const found: FoundDate[] = weekdayAndDay(text, today);
  for (const r of parser.parse(text, reference)) {
    const c = r.start;
    if (found.some((f) => r.index < f.end && r.index + r.text.length > f.index)) continue;
    // "three weeks ago today": "today" says when the counting is from, not another date.
    if (/^today$/i.test(r.text.trim()) && /\bago\s*$/i.test(text.slice(0, r.index))) continue;
    // "what now?", "at the moment": chrono reads these as today; people do not mean a date by them.
    if (/^(right )?now$|moment$|^(this|next|last) (week|month|year)$/i.test(r.text.trim())) continue;
    if (
      !c.isCertain("day") &&
      !c.isCertain("weekday") &&
      // "this week", "next week": a stretch of time, not a day.
      !/\b(ago|yesterday|today|tomorrow|fortnight|tonight)\b|\bthis (morning|afternoon|evening)\b|\bin (a|one|two|three|\d+) (weeks?|months?)\b|\bweeks? (on|from)\b/i.test(
        r.text,
      )
    )
      continue;
    const value = iso(c.get("year")!, c.get("month")!, c.get("day")!);
    if (!isValidIso(value)) continue;
    let out = weekday(r.text, today, futureHint) ?? value;
    // A day and month without a year: nearest today, or forward for a booking.
    if (!c.isCertain("year") && c.isCertain("month") && c.isCertain("day") && !/\d{4}/.test(r.text))
      out = nearestYear(today, c.get("month")!, c.get("day")!, futureHint) ?? out;
    found.push({ iso: out, index: r.index, end: r.index + r.text.length, text: r.text });
  }
  found.push(...dayAlone(text, today, futureHint, found));
  return found.sort((a, b) => a.index - b.index);
}

/** Numbers that look like dates but are not real ones ("30/02/2026"), so the assistant can say so. */
export function impossibleDates(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g)) {
    if (!isValidIso(iso(Number(m[3]), Number(m[2]), Number(m[1])))) out.push(m[0]);
  }
  return out;
}
