/**
 * The agency's dated duties as an iCalendar file (RFC 5545), for Outlook: all-day events, or timed ones in
 * Europe/London. Text is escaped and lines folded by the case calendar's own functions (server/cases/ics.ts).
 */
import { addDays } from "../domain/dates.js";
import { escapeText, fold } from "../cases/ics.js";
import type { Duties } from "./service.js";
import { dutiesUrl } from "./service.js";

const compact = (iso: string) => iso.replace(/-/g, "");

export function dutiesIcs(d: Duties, baseUrl: string, stamp: Date): string {
  const dtstamp = stamp
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const page = `${baseUrl}${dutiesUrl(d.agency.id, d.set.id)}${d.conference ? `&date=${d.conference}` : ""}`;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Pathway//Agency duties//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  for (const stage of d.stages)
    for (const item of stage.items) {
      if (!item.due) continue;
      const uid = `duty-${item.rule}-${d.agency.id}-${item.due}@pathway`.replace(/[^A-Za-z0-9@._:-]/g, "-");
      lines.push("BEGIN:VEVENT", `UID:${uid}`, `DTSTAMP:${dtstamp}`);
      if (item.dueTime)
        lines.push(
          `DTSTART;TZID=Europe/London:${compact(item.due)}T${item.dueTime.replace(":", "")}00`,
          "DURATION:PT30M",
        );
      else lines.push(`DTSTART;VALUE=DATE:${compact(item.due)}`, `DTEND;VALUE=DATE:${compact(addDays(item.due, 1))}`);
      lines.push(`SUMMARY:${escapeText(`${d.agency.label} (${d.set.area}): ${item.title}`)}`);
      const quotes = item.sources.map((s) => `“${s.quote}” ${baseUrl}${s.url}`).join("\n");
      lines.push(
        `DESCRIPTION:${escapeText(`${stage.heading}. Who: ${item.owner}\n${item.basis ?? item.timescale}\n\n${quotes}`)}`,
      );
      lines.push(`URL:${page}`);
      lines.push("END:VEVENT");
    }
  lines.push("END:VCALENDAR");
  return `${lines.map(fold).join("\r\n")}\r\n`;
}
