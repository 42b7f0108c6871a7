/** iCalendar (RFC 5545) export of due dates, for Outlook: all-day events, or timed ones in Europe/London. */
import type { Action } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { addDays, formatLong } from "../domain/dates.js";

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

export function toIcs(items: { c: CaseRecord; actions: Action[] }[], baseUrl: string, stamp: Date): string {
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
      lines.push(`SUMMARY:${escapeText(`${c.reference}: ${a.title}${a.child ? ` (${a.child})` : ""}`)}`);
      const src = a.sources.map((s) => `${s.quote} ${baseUrl}${s.url}`).join("\n");
      lines.push(
        `DESCRIPTION:${escapeText(`Who: ${a.owner}\n${a.basis}${a.actBy ? `\nAct by ${formatLong(a.actBy)}` : ""}\n\n${src}\n\nCase: ${baseUrl}/cases/${c.id}`)}`,
      );
      lines.push(`URL:${baseUrl}/cases/${c.id}`, "END:VEVENT");
    }
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
