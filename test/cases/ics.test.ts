/** The calendar export: RFC 5545 escaping (no injected properties or events) and folding at 75 octets. */
import { describe, expect, it } from "vitest";
import { duration, escapeText, fold, reminderTrigger, toIcs } from "../../server/cases/ics.js";
import { parseReminders } from "../../server/config.js";
import type { Action } from "../../server/domain/types.js";
import type { CaseRecord } from "../../server/store/schema.js";

const record = (reference: string): CaseRecord => ({
  schemaVersion: 2,
  id: "abcdef12",
  reference,
  procedures: "bolton",
  versions: {},
  createdAt: "2026-12-01T00:00:00Z",
  updatedAt: "2026-12-01T00:00:00Z",
  closed: false,
  children: [],
  facts: {},
  events: [],
  done: [],
  audit: [],
});

const action = (i: number, extra: Partial<Action> = {}): Action => ({
  id: `bolton.visit@2026-12-0${i}`,
  rule: "bolton.visit",
  duty: "visit",
  title: `Visit ${i}`,
  owner: "Social worker",
  due: `2026-12-1${i}`,
  status: "upcoming",
  basis: "Every 10 working days; counted from the last visit",
  sources: [
    { document: "d", section: "1", quote: "Visits must happen, regularly; at least…", url: "/guidance/bolton/d#1" },
  ],
  ...extra,
});

/** The lines a calendar program sees after unfolding: it may end a line at CRLF, a lone CR or a lone LF. */
const unfoldedLines = (ics: string) => ics.replace(/\r\n[ \t]/g, "").split(/\r\n|\r|\n/);

describe(".ics export", () => {
  it("escapes TEXT values: backslash, semicolon, comma and every kind of line break", () => {
    expect(escapeText("a\\b;c,d")).toBe("a\\\\b\\;c\\,d");
    expect(escapeText("one\r\ntwo\rthree\nfour")).toBe("one\\ntwo\\nthree\\nfour");
    expect(escapeText("tab\there\u0000\u0007\u001b\u007f\u0085end\u2028x")).toBe("tab\thereend\\nx");
  });

  it("a reference holding a lone CR and BEGIN:VEVENT yields exactly one VEVENT per action", () => {
    const evil = record("REF\rBEGIN:VEVENT\rSUMMARY:injected\rEND:VEVENT\n\r\nX");
    const actions = [action(1), action(2), action(3, { dueTime: "10:00" })];
    const ics = toIcs([{ c: evil, actions }], "http://127.0.0.1:3000", new Date("2026-12-01T09:00:00Z"));
    const lines = unfoldedLines(ics).filter(Boolean);
    expect(lines.filter((l) => l === "BEGIN:VEVENT")).toHaveLength(actions.length);
    expect(lines.filter((l) => l === "END:VEVENT")).toHaveLength(actions.length);
    expect(lines.filter((l) => l.startsWith("SUMMARY:"))).toHaveLength(actions.length);
    // Nothing but CRLF ends a line, and no line holds a control character other than a tab.
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
    expect(lines.find((l) => l.startsWith("SUMMARY:"))).toBe(
      "SUMMARY:REF\\nBEGIN:VEVENT\\nSUMMARY:injected\\nEND:VEVENT\\n\\nX: Visit 1",
    );
  });

  it("folds lines at 75 octets with CRLF and a space, never inside a UTF-8 character or an escape", () => {
    const long = record(`Ünïcödé ✓ ${"é".repeat(30)}, ${"🙂".repeat(20)}; ${"\\".repeat(9)}`);
    const ics = toIcs([{ c: long, actions: [action(1)] }], "http://127.0.0.1:3000", new Date("2026-12-01T09:00:00Z"));
    expect(ics.endsWith("\r\n")).toBe(true);
    const physical = ics.split("\r\n");
    for (const line of physical) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      // Each physical line is whole UTF-8: it survives a round trip through bytes.
      expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
      expect(line).not.toMatch(/\uFFFD/);
    }
    const folded = physical.filter((l) => l.startsWith(" "));
    expect(folded.length).toBeGreaterThan(2);
    // No physical line ends in the middle of an escape (an odd run of backslashes).
    for (const line of physical.slice(0, -1)) expect((/\\+$/.exec(line)?.[0].length ?? 0) % 2).toBe(0);
    // Unfolded, the summary is exactly the escaped text.
    const summary = unfoldedLines(ics).find((l) => l.startsWith("SUMMARY:"))!;
    expect(summary).toBe(`SUMMARY:${escapeText(long.reference)}: Visit 1`);
    expect(fold("x".repeat(75))).toBe("x".repeat(75));
    expect(fold("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });

  it("links to the case from the base URL it is given", () => {
    const ics = toIcs([{ c: record("R"), actions: [action(1)] }], "https://pathway.example.org", new Date());
    expect(unfoldedLines(ics)).toContain("URL:https://pathway.example.org/cases/abcdef12");
  });

  it("reminds (VALARM) at 09:00 the set number of working days before each due date; all-day events stay all-day", () => {
    // Due Wednesday 16 Dec 2026: one working day before is Tuesday 15 Dec at 09:00, 15 hours before midnight.
    const wed = action(6, { due: "2026-12-16" });
    const ics = toIcs([{ c: record("R"), actions: [wed] }], "http://x", new Date("2026-12-01T09:00:00Z"), [2, 0]);
    const lines = unfoldedLines(ics);
    expect(lines).toContain("DTSTART;VALUE=DATE:20261216");
    expect(lines.filter((l) => l === "BEGIN:VALARM")).toHaveLength(2);
    expect(lines).toContain("TRIGGER:-P1DT15H"); // Monday 14 Dec at 09:00
    expect(lines).toContain("TRIGGER:PT9H"); // the day itself at 09:00
    expect(lines).toContain("ACTION:DISPLAY");
    expect(lines.indexOf("END:VALARM")).toBeLessThan(lines.indexOf("END:VEVENT"));
    // Over a weekend and the Christmas holidays: due Tue 29 Dec 2026, one working day before is Thu 24 Dec.
    expect(reminderTrigger({ due: "2026-12-29" }, 1)).toBe("-P4DT15H");
    // A deadline on a weekend is reminded before its act-by date.
    expect(reminderTrigger({ due: "2026-12-19", actBy: "2026-12-18" }, 0)).toBe("-PT15H");
    // A timed action: 09:00 that working day; one starting before 10:00 on the day itself, an hour before.
    expect(reminderTrigger({ due: "2026-12-16", dueTime: "14:00" }, 1)).toBe("-P1DT5H");
    expect(reminderTrigger({ due: "2026-12-16", dueTime: "09:30" }, 0)).toBe("-PT1H");
    // None asked for, none given.
    expect(toIcs([{ c: record("R"), actions: [wed] }], "http://x", new Date(), [])).not.toContain("VALARM");
  });

  it("reads CALENDAR_REMINDERS: working days before, comma-separated, or off", () => {
    expect(parseReminders(undefined)).toEqual([1]);
    expect(parseReminders("2, 0")).toEqual([2, 0]);
    expect(parseReminders("off")).toEqual([]);
    expect(() => parseReminders("tomorrow")).toThrow(/CALENDAR_REMINDERS/);
    expect(() => parseReminders("30")).toThrow(/0 to 20/);
    expect(duration(-930)).toBe("-PT15H30M");
    expect(duration(0)).toBe("PT0S");
  });
});
