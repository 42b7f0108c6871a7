/** The input gate's bounds at their edges (docs/DOMAIN.md, "Input bounds"). */
import { describe, expect, it } from "vitest";
import {
  ChildInput,
  Children,
  EventInput,
  Reference,
  childProblems,
  eventDateProblem,
  todayProblems,
  unprintable,
} from "../../server/domain/input.js";
import { migrate } from "../../server/store/migrations.js";

const TODAY = "2026-12-10";

describe("event dates", () => {
  it.each([
    ["cp_visit", "2026-12-10", undefined],
    ["cp_visit", "2026-12-11", "after_today"],
    ["icpc_held", "2099-01-01", "after_today"],
    ["referral", "2000-01-01", undefined],
    ["referral", "1999-12-31", "too_early"],
    ["icpc_scheduled", "2028-12-10", undefined],
    ["icpc_scheduled", "2028-12-11", "too_far_ahead"],
    ["rcpc_scheduled", "2026-01-01", undefined],
    ["cp_visit", "2026-02-30", "not_a_date"],
  ])("%s on %s → %s", (type, date, code) => {
    expect(eventDateProblem(type, date, TODAY)?.code).toBe(code);
  });
});

describe("children", () => {
  const one = (c: object, opened?: string) =>
    childProblems([ChildInput.parse({ id: "A", ...c })], { today: TODAY, opened }, () => "c");
  it.each([
    [{ dateOfBirth: "2026-12-10" }, undefined, []],
    [{ dateOfBirth: "2026-12-11" }, undefined, ["c.dateOfBirth"]],
    [{ dateOfBirth: "2008-12-11" }, undefined, []],
    [{ dateOfBirth: "2008-12-10" }, undefined, ["c.dateOfBirth"]],
    // Opened when the child was 16: still a child of the case two years on.
    [{ dateOfBirth: "2008-01-01" }, "2024-06-01", []],
    [{ dateOfBirth: "2020-01-01", ageYears: 6 }, undefined, []],
    [{ dateOfBirth: "2020-01-01", ageYears: 17 }, undefined, ["c.ageYears"]],
    // An age given when the case opened (4) still agrees two years on (6 now).
    [{ dateOfBirth: "2020-01-01", ageYears: 4 }, "2024-06-01", []],
    [{ unborn: true, expectedDeliveryDate: "2027-10-10" }, undefined, []],
    [{ unborn: true, expectedDeliveryDate: "2027-10-11" }, undefined, ["c.expectedDeliveryDate"]],
    [{ unborn: true, expectedDeliveryDate: "2026-09-10" }, undefined, []],
    [{ unborn: true, expectedDeliveryDate: "2026-09-09" }, undefined, ["c.expectedDeliveryDate"]],
  ])("%j opened %s → %j", (c, opened, fields) => {
    expect(one(c, opened).map((p) => p.field)).toEqual(fields);
  });

  it("refuses contradictions and duplicates in the shapes", () => {
    expect(ChildInput.safeParse({ id: "A", unborn: true, dateOfBirth: "2026-01-01" }).success).toBe(false);
    expect(ChildInput.safeParse({ id: "A", unborn: true, ageYears: 0 }).success).toBe(false);
    expect(ChildInput.safeParse({ id: "A", expectedDeliveryDate: "2027-01-01" }).success).toBe(false);
    expect(Children.safeParse([{ id: "A" }, { id: "A" }]).success).toBe(false);
  });
});

describe("text, events, today, schema versions", () => {
  it("finds what does not belong in a line of text", () => {
    expect(unprintable("CP-2026/0142 — Ann’s")).toBeUndefined();
    expect(unprintable("A\u202eB")).toBe("U+202E");
    expect(unprintable("A\rB")).toBe("U+000D");
    expect(unprintable("A\u2028B")).toBe("U+2028");
    expect(unprintable("A\u200bB")).toBe("U+200B");
    expect(Reference.safeParse("  CP-1  ").data).toBe("CP-1");
    expect(Reference.safeParse("CP\t1").success).toBe(false);
  });

  it("takes flags only where they apply, and whole-number grading 0–10", () => {
    const ok = (e: object) => EventInput.safeParse({ type: "icpc_held", date: "2026-12-01", ...e }).success;
    expect(ok({ grading: 0 })).toBe(true);
    expect(ok({ grading: 10 })).toBe(true);
    expect(ok({ grading: 10.5 })).toBe(false);
    expect(ok({ grading: -1 })).toBe(false);
    expect(ok({ splitVote: true })).toBe(true);
    expect(ok({ childSeen: false })).toBe(false);
    expect(ok({ immediateRisk: true })).toBe(false);
  });

  it("keeps `today` within 2000 and two years on", () => {
    expect(todayProblems("2000-01-01", TODAY)).toEqual([]);
    expect(todayProblems("2028-12-10", TODAY)).toEqual([]);
    expect(todayProblems("2028-12-11", TODAY)).toHaveLength(1);
    expect(todayProblems("1999-12-31", TODAY)).toHaveLength(1);
    expect(todayProblems("9999-12-31", TODAY)).toHaveLength(1);
  });

  it("reads schema versions 1 and 2 only", () => {
    expect(() => migrate({ schemaVersion: 2 })).not.toThrow();
    expect(() => migrate({})).not.toThrow();
    for (const v of ["2", 0, 99, 1.5, -1, null])
      expect(() => migrate({ schemaVersion: v }), String(v)).toThrow(/schemaVersion/);
  });
});
