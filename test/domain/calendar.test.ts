/**
 * Dates worked out by hand from the published England and Wales bank holidays (gov.uk) and a printed calendar.
 * Run under several server timezones by `npm test` (see test/domain/timezones.test.ts).
 */
import { describe, expect, it } from "vitest";
import {
  addWorkingDays,
  bankHolidays,
  holidaysBetween,
  isWorkingDay,
  workingDayOnOrBefore,
} from "../../server/domain/calendar.js";
import {
  addDays,
  addMonths,
  ageOn,
  formatApproxDate,
  formatDayMonthYear,
  formatLong,
  formatUkInput,
  isValidIso,
  londonToday,
  parseUkDate,
  weekday,
} from "../../server/domain/dates.js";

// gov.uk list for England and Wales (weekday dates only: the days actually off work).
const OFFICIAL: Record<number, string[]> = {
  2020: ["01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"],
  2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
  2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
  2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
  2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
  2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
  2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
  2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
  2028: ["01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"],
};

describe("bank holidays", () => {
  for (const [year, days] of Object.entries(OFFICIAL)) {
    it(`${year} matches the official list`, () => {
      const weekdays = [...bankHolidays(Number(year)).keys()]
        .filter((d) => weekday(d) !== 0 && weekday(d) !== 6)
        .sort();
      expect(weekdays).toEqual(days.map((d) => `${year}-${d}`));
    });
  }

  it("knows substitute and one-off days are not working days", () => {
    for (const d of [
      "2026-12-28",
      "2027-12-27",
      "2027-12-28",
      "2028-01-03",
      "2022-06-02",
      "2022-06-03",
      "2022-09-19",
      "2023-05-08",
    ]) {
      expect(isWorkingDay(d), d).toBe(false);
    }
    expect(isWorkingDay("2026-12-24")).toBe(true);
    expect(isWorkingDay("2026-12-26")).toBe(false); // Saturday
  });
});

describe("counting working days (docs/DOMAIN.md)", () => {
  it("counts the event as day 0: 15 working days after Fri 18 Dec 2026 skips Christmas and New Year", () => {
    // 21,22,23,24 (4) · 25 hol · 28 hol · 29,30,31 (7) · 1 Jan hol · 4–8 (12) · 11,12,13 (15)
    expect(addWorkingDays("2026-12-18", 15)).toEqual({
      date: "2027-01-13",
      skipped: ["2026-12-25", "2026-12-28", "2027-01-01"],
    });
  });

  it("counts from the next working day when the event is on a weekend", () => {
    // Saturday 7 Nov 2026: Mon 9 is day 1, … Fri 13 is day 5.
    expect(addWorkingDays("2026-11-07", 5).date).toBe("2026-11-13");
  });

  it("crosses Easter 2027 (Good Friday 26 March, Easter Monday 29 March)", () => {
    // ICPC Thu 18 Mar: 19 (1), 22–25 (5), 30, 31, 1, 2 (9), Mon 5 Apr (10).
    expect(addWorkingDays("2027-03-18", 10)).toEqual({ date: "2027-04-05", skipped: ["2027-03-26", "2027-03-29"] });
  });

  it("counts backwards for 'N working days before'", () => {
    // Two working days before Wed 20 Jan 2027: Tue 19 (1), Mon 18 (2).
    expect(addWorkingDays("2027-01-20", -2).date).toBe("2027-01-18");
    // Seven working days before Tue 5 Jan 2027: 4, 31, 30, 29, 24, 23, 22 Dec (1 Jan, 28 and 25 Dec are holidays).
    expect(addWorkingDays("2027-01-05", -7)).toEqual({
      date: "2026-12-22",
      skipped: ["2027-01-01", "2026-12-28", "2026-12-25"],
    });
  });

  it("finds the last working day on or before a weekend or holiday deadline", () => {
    expect(workingDayOnOrBefore("2027-01-02")).toBe("2026-12-31"); // Saturday → Thursday (1 Jan is a holiday)
    expect(workingDayOnOrBefore("2026-12-28")).toBe("2026-12-24");
    expect(workingDayOnOrBefore("2026-11-25")).toBe("2026-11-25");
  });

  it("lists weekday holidays between two dates", () => {
    expect(holidaysBetween("2026-12-20", "2027-01-04")).toEqual(["2026-12-25", "2026-12-28", "2027-01-01"]);
  });
});

describe("calendar arithmetic", () => {
  it("adds months clamped to the month's end", () => {
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2027-08-31", 6)).toBe("2028-02-29");
    expect(addMonths("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(addMonths("2026-12-13", 3)).toBe("2027-03-13");
  });

  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2027-02-28", 1)).toBe("2027-03-01");
    expect(addDays("2026-12-15", 42)).toBe("2027-01-26");
  });

  it("computes ages on a date, leap-day birthdays included", () => {
    expect(ageOn("2018-03-01", "2026-02-28")).toBe(7);
    expect(ageOn("2018-03-01", "2026-03-01")).toBe(8);
    expect(ageOn("2020-02-29", "2028-02-28")).toBe(7);
    expect(ageOn("2020-02-29", "2028-02-29")).toBe(8);
    expect(ageOn("2020-02-29", "2027-03-01")).toBe(7);
  });

  it("reads UK dates day first and rejects impossible ones", () => {
    expect(parseUkDate("03/12/2026")).toBe("2026-12-03");
    expect(parseUkDate("3/1/2027")).toBe("2027-01-03");
    expect(parseUkDate("30/02/2026")).toBeUndefined();
    expect(parseUkDate("12/31/2026")).toBeUndefined();
    expect(isValidIso("2026-02-30")).toBe(false);
    expect(isValidIso("2028-02-29")).toBe(true);
  });

  it("reads typed dates strictly: no rolling over, no two-digit years, no stray text", () => {
    expect(parseUkDate(" 29/02/2028 ")).toBe("2028-02-29");
    for (const typed of ["29/02/2027", "00/01/2027", "32/01/2027", "13/13/2027", "1/1/27", "13/01/2027x", "13-01-2027"])
      expect(parseUkDate(typed), typed).toBeUndefined();
  });

  it("writes dates the way practitioners read them", () => {
    expect(formatLong("2027-01-13")).toBe("Wednesday 13 January 2027");
    expect(formatDayMonthYear("2027-01-13")).toBe("13 January 2027");
    expect(formatUkInput("2027-01-03")).toBe("03/01/2027");
    expect(formatApproxDate("2020-02")).toBe("February 2020");
    expect(formatApproxDate("2021-07-30")).toBe("30 July 2021");
    // Days the clocks change (London, Los Angeles, and Kiritimati's skipped 31 December 1994).
    expect(formatLong("2026-03-29")).toBe("Sunday 29 March 2026");
    expect(formatLong("2026-11-01")).toBe("Sunday 1 November 2026");
    expect(formatLong("1994-12-31")).toBe("Saturday 31 December 1994");
  });

  it("writes and reads back every day of 2024–2030 without moving it, whatever the server's zone", () => {
    const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    let n = 0;
    for (let iso = "2024-01-01"; iso <= "2030-12-31"; iso = addDays(iso, 1), n++) {
      if (parseUkDate(formatUkInput(iso)) !== iso)
        throw new Error(`${iso} read back as ${parseUkDate(formatUkInput(iso))}`);
      const long = formatLong(iso);
      if (!long.startsWith(`${days[weekday(iso)]} ${Number(iso.slice(8))} `) || !long.endsWith(iso.slice(0, 4)))
        throw new Error(`${iso} written as ${long}`);
    }
    expect(n).toBe(2557);
  });

  it.runIf(process.env.PATHWAY_TZ_CHILD)("runs in the server timezone it was given", () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ);
  });

  it("takes today in Europe/London, not the server's zone", () => {
    // 23:30 UTC on 30 June 2026 is 00:30 on 1 July in London (BST); 23:30 UTC on 30 Dec is still 30 Dec (GMT).
    expect(londonToday(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonToday(new Date("2026-12-30T23:30:00Z"))).toBe("2026-12-30");
  });

  it("counts working days between two dates as a day-by-day count does, short ranges and long", async () => {
    const { workingDaysBetween, isWorkingDay } = await import("../../server/domain/calendar.js");
    const byDay = (from: string, to: string) => {
      let n = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
      return n;
    };
    for (let i = 0; i < 400; i++) {
      // Every start weekday and span, across Christmas, Easter and year ends (2019–2029).
      const from = addDays("2019-01-01", (i * 37) % 3650);
      const to = addDays(from, ((i * 53) % 800) - 10);
      expect(workingDaysBetween(from, to), `${from} → ${to}`).toBe(byDay(from, to));
    }
    // Thu 24 Dec 2026 not counted; Christmas Day, the weekend and Boxing Day's substitute (Mon 28) are not working days.
    expect(workingDaysBetween("2026-12-24", "2026-12-29")).toBe(1);
  });

  it("changes on the hour it should, though it is worked out once an hour", () => {
    // BST: London's midnight is 23:00 UTC. The last minute of the hour before, then the hour itself.
    expect(londonToday(new Date("2026-06-30T22:00:00Z"))).toBe("2026-06-30");
    expect(londonToday(new Date("2026-06-30T22:59:59.999Z"))).toBe("2026-06-30");
    expect(londonToday(new Date("2026-06-30T23:00:00Z"))).toBe("2026-07-01");
    expect(londonToday(new Date("2026-06-30T22:30:00Z"))).toBe("2026-06-30");
    // GMT: midnight is midnight UTC.
    expect(londonToday(new Date("2026-12-30T23:59:59Z"))).toBe("2026-12-30");
    expect(londonToday(new Date("2026-12-31T00:00:00Z"))).toBe("2026-12-31");
  });
});

describe("integer day arithmetic", () => {
  it("agrees with the platform's UTC calendar for every day from 1900 to 2100", async () => {
    const { toEpochDay, fromEpochDay } = await import("../../server/domain/dates.js");
    const start = Date.UTC(1900, 0, 1) / 86_400_000;
    const end = Date.UTC(2100, 11, 31) / 86_400_000;
    for (let n = start; n <= end; n++) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(n) !== iso || toEpochDay(iso) !== n) throw new Error(`mismatch at ${iso} (${n})`);
    }
    expect(fromEpochDay(toEpochDay("2028-02-29") + 1)).toBe("2028-03-01");
  });
});
