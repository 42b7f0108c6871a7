/** iCalendar (RFC 5545) export of due dates, for Outlook: all-day events, or timed ones in Europe/London. */
import type { Action } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { addDays, formatLong, toEpochDay } from "../domain/dates.js";
import { addWorkingDays } from "../domain/calendar.js";

/** Reminders (CALENDAR_REMINDERS) are at 09:00 on their day. */
const REMINDER_MINUTES = 9 * 60;

/** An RFC 5545 duration from minutes: -930 → "-PT15H30M", -3780 → "-P2DT15H". */
export function duration(minutes: number): string {
  const sign = minutes < 0 ? "-" : "";
  let m = Math.abs(minutes);
  const d = Math.floor(m / 1440);
  m -= d * 1440;
  const h = Math.floor(m / 60);
  m -= h * 60;
  const time = `${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
  if (!d && !time) return "PT0S";
  return `${sign}P${d ? `${d}D` : ""}${time ? `T${time}` : ""}`;
}

/**
 * When to remind, relative to the event's start: at 09:00 on the working day `n` working days before the day to
 * act by (the act-by date where a deadline falls on a weekend or holiday). A timed action starting before 10:00
 * is reminded an hour before instead, on the day itself.
 */
export function reminderTrigger(a: Pick<Action, "due" | "dueTime" | "actBy">, n: number): string {
  const day = n > 0 ? addWorkingDays(a.actBy ?? a.due!, -n).date : (a.actBy ?? a.due!);
  const start = a.dueTime ? Number(a.dueTime.slice(0, 2)) * 60 + Number(a.dueTime.slice(3, 5)) : 0;
  const offset = (toEpochDay(day) - toEpochDay(a.due!)) * 1440 + REMINDER_MINUTES - start;
  if (a.dueTime && offset > -60) return duration(-60);
  return duration(offset);
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped; every line break — CRLF, LF or a lone
 * CR — becomes \\n; other control characters (which could end the line and start a property of their own) are
 * removed. Tabs are kept.
 */
export const escapeText = (s: string) =>
  s
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, "\n")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");

/**
 * Lines longer than 75 octets are folded (CRLF + space): never inside a UTF-8 character, and never between a
 * backslash and the character it escapes.
 */
export function fold(line: string): string {
  const out: string[] = [];
  let cur = "";
  let bytes = 0;
  for (const ch of line.match(/\\[\s\S]|[\s\S]/gu) ?? []) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = "";
      bytes = 0;
    }
    cur += ch;
    bytes += b;
  }
  out.push(cur);
  return out.join("\r\n ");
}

const compact = (iso: string) => iso.replace(/-/g, "");

export function toIcs(
  items: { c: CaseRecord; actions: Action[] }[],
  baseUrl: string,
  stamp: Date,
  /** Working days before each due date to remind (a VALARM each); the app passes CALENDAR_REMINDERS. */
  reminders: number[] = [],
): string {
  const dtstamp = stamp
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Pathway//Child protection checklist//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  for (const { c, actions } of items) {
    for (const a of actions) {
      if (!a.due || a.status === "done" || a.status === "waiting") continue;
      const uid = `${a.id}-${c.id}@pathway`.replace(/[^A-Za-z0-9@._:-]/g, "-");
      lines.push("BEGIN:VEVENT", `UID:${uid}`, `DTSTAMP:${dtstamp}`);
      if (a.dueTime) {
        const t = `${a.dueTime.replace(":", "")}00`;
        lines.push(`DTSTART;TZID=Europe/London:${compact(a.due)}T${t}`, `DURATION:PT30M`);
      } else {
        lines.push(`DTSTART;VALUE=DATE:${compact(a.due)}`, `DTEND;VALUE=DATE:${compact(addDays(a.due, 1))}`);
      }
      const summary = `${c.reference}: ${a.title}${a.child ? ` (${a.child})` : ""}`;
      lines.push(`SUMMARY:${escapeText(summary)}`);
      const src = a.sources.map((s) => `${s.quote} ${baseUrl}${s.url}`).join("\n");
      lines.push(
        `DESCRIPTION:${escapeText(`Who: ${a.owner}\n${a.basis}${a.actBy ? `\nAct by ${formatLong(a.actBy)}` : ""}\n\n${src}\n\nCase: ${baseUrl}/cases/${c.id}`)}`,
      );
      lines.push(`URL:${baseUrl}/cases/${c.id}`);
      for (const n of reminders)
        lines.push(
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          `DESCRIPTION:${escapeText(`${n ? "Coming up" : "Due today"}: ${summary}`)}`,
          `TRIGGER:${reminderTrigger(a, n)}`,
          "END:VALARM",
        );
      lines.push("END:VEVENT");
    }
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
