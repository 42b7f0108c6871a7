/** Words the pages share for dates and versions, so every screen says them the same plain way. */
import { workingDaysBetween } from "../server/domain/calendar.js";
import { formatLong } from "../server/domain/dates.js";
import type { Action } from "../server/domain/types.js";

/** "Overdue by 3 working days" — counted as the working days since the due date, up to and including today. */
export function overdueBy(due: string, today: string): string {
  const n = workingDaysBetween(due, today);
  return n > 0 ? `Overdue by ${n} working day${n === 1 ? "" : "s"}` : "Overdue";
}

/** What an action's status chip says: how late, due today, due soon… */
export function statusText(a: Pick<Action, "status" | "due">, today: string): string {
  if (a.status === "overdue" && a.due) return overdueBy(a.due, today);
  if (a.status === "due" && a.due === today) return "Due today";
  return STATUS_WORDS[a.status];
}

const STATUS_WORDS = {
  overdue: "Overdue",
  due: "Due soon",
  upcoming: "Upcoming",
  waiting: "Waiting",
  done: "Done",
} as const;

/** "Wednesday 13 January 2027 at 10:00". */
export const dueWords = (a: Pick<Action, "due" | "dueTime">): string =>
  a.due ? `${formatLong(a.due)}${a.dueTime ? ` at ${a.dueTime}` : ""}` : "";

/** A version as a person reads it: "version February 2020"; a document with no date of its own is "undated". */
export const versionPhrase = (label: string): string =>
  /^as supplied/i.test(label) ? "undated version" : `version ${label}`;

/** A version label standing alone (a picker, a "Version" row): "February 2020"; "Undated" for one the document does not date. */
export const versionName = (label: string): string => (/^as supplied/i.test(label) ? "Undated" : label);

/** "AB’s", "James’" — never "social workers's". */
export const possessive = (name: string): string => (/s$/i.test(name) ? `${name}’` : `${name}’s`);

/** A sentence starts with a capital: the engine's "by the ICPC booked…" reads "By the ICPC booked…". */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
