/**
 * Dates as people type them in the UK, found in free text: "03/12/2026" (3 December, never 12 March),
 * "30/11", "22 March 2027", "22nd of March", "yesterday", "last Monday", "on Tuesday", "next Friday",
 * "2 days ago", "2026-12-03". Relative words are resolved against `today`.
 */
import { addDays, addMonths, epochWeekday, isValidIso, toEpochDay } from "../domain/dates.js";

export interface FoundDate {
  iso: string;
  index: number;
  end: number;
  text: string;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
};
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/** A day and month without a year: the occurrence nearest today (within six months either way). */
function nearestYear(today: string, m: number, d: number): string | undefined {
  const y = Number(today.slice(0, 4));
  const options = [y - 1, y, y + 1].map((yy) => iso(yy, m, d)).filter(isValidIso);
  if (!options.length) return undefined;
  const t = toEpochDay(today);
  return options.sort((a, b) => Math.abs(toEpochDay(a) - t) - Math.abs(toEpochDay(b) - t))[0];
}

const fullYear = (y: string) => (y.length === 2 ? 2000 + Number(y) : Number(y));

type Rule = { re: RegExp; make: (m: RegExpExecArray, today: string, futureHint: boolean) => string | undefined };

const RULES: Rule[] = [
  {
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    make: (m) => {
      const s = `${m[1]}-${m[2]}-${m[3]}`;
      return isValidIso(s) ? s : undefined;
    },
  },
  {
    re: /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b/g,
    make: (m) => {
      const s = iso(fullYear(m[3]!), Number(m[2]), Number(m[1]));
      return isValidIso(s) ? s : undefined;
    },
  },
  { re: /\b(\d{1,2})\/(\d{1,2})\b(?![/.]\d)/g, make: (m, t) => nearestYear(t, Number(m[2]), Number(m[1])) },
  {
    re: /\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:,?\s+(\d{4}))?\b/gi,
    make: (m, t) => {
      const mo = MONTHS[m[2]!.toLowerCase()]!;
      return m[3]
        ? isValidIso(iso(Number(m[3]), mo, Number(m[1])))
          ? iso(Number(m[3]), mo, Number(m[1]))
          : undefined
        : nearestYear(t, mo, Number(m[1]));
    },
  },
  {
    re: /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b/gi,
    make: (m, t) => {
      const mo = MONTHS[m[1]!.toLowerCase()]!;
      return m[3]
        ? isValidIso(iso(Number(m[3]), mo, Number(m[2])))
          ? iso(Number(m[3]), mo, Number(m[2]))
          : undefined
        : nearestYear(t, mo, Number(m[2]));
    },
  },
  { re: /\b(today|this morning|this afternoon)\b/gi, make: (_m, t) => t },
  { re: /\byesterday\b/gi, make: (_m, t) => addDays(t, -1) },
  { re: /\btomorrow\b/gi, make: (_m, t) => addDays(t, 1) },
  {
    re: /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(day|week|month)s?\s+ago\b/gi,
    make: (m, t) => {
      const n = NUMBER_WORDS[m[1]!.toLowerCase()] ?? Number(m[1]);
      const unit = m[2]!.toLowerCase();
      return unit === "month" ? addMonths(t, -n) : addDays(t, -(unit === "week" ? 7 * n : n));
    },
  },
  {
    re: /\b(last|next|this|on|from|since)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thur?s?|fri|sat|sun)\b/gi,
    make: (m, t, future) => {
      const wd = WEEKDAYS[m[2]!.toLowerCase()]!;
      const today = epochWeekday(toEpochDay(t));
      const which = (m[1] ?? "").toLowerCase();
      if (which === "next" || (future && which !== "last")) {
        const diff = (wd - today + 7) % 7 || 7;
        return addDays(t, diff);
      }
      // "last Monday", "on Monday", "Monday" in the past tense: the most recent one before today.
      const back = (today - wd + 7) % 7 || 7;
      return addDays(t, -back);
    },
  },
];

/** Every date in the text, in order. `futureHint` (booked, will be, is on…) turns bare weekdays forward. */
export function findDates(text: string, today: string, futureHint = false): FoundDate[] {
  const found: FoundDate[] = [];
  for (const r of RULES) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(text); m; m = r.re.exec(text)) {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const end = m.index + m[0].length;
      if (found.some((f) => start < f.end && end > f.index)) continue;
      const value = r.make(m, today, futureHint);
      if (value) found.push({ iso: value, index: start, end, text: m[0].trim() });
    }
  }
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
