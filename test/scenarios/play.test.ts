/** Moving through time: moments, what the story has reached, and what changed between two checklists (and why). */
import { describe, expect, it } from "vitest";
import { validateScenario } from "../../server/scenarios/schema.js";
import { changesBetween, dateMoment, playthrough, previousMoment, stepMoment } from "../../server/scenarios/play.js";
import { comparedWith, vocabularyOf } from "../../server/scenarios/service.js";
import { makeApp } from "../helpers.js";

const { ctx } = await makeApp();
const s = validateScenario(
  {
    title: "Moments",
    summary: "For the tests.",
    set: "bolton",
    children: [{ id: "Child 1", dateOfBirth: "2019-02-14", lookedAfter: false }],
    facts: {},
    timeline: [
      { date: "2026-12-18", event: "strategy_discussion" },
      { date: "2027-01-08", bookedOn: "2026-12-21", event: "icpc_scheduled" },
      { date: "2026-12-22", pause: "What's due now?" },
      { date: "2027-01-08", event: "icpc_held", outcome: "plan" },
      { date: "2027-01-11", done: ["decision_record"] },
      { date: "2027-01-12", pause: "And now?" },
    ],
  },
  vocabularyOf(ctx.library, ctx.checklists),
);
const play = playthrough(ctx, s, "bolton");

describe("moments", () => {
  it("a step is the story up to and including its entry, on the entry's day (a booking on the day it was booked)", () => {
    expect(stepMoment(s, 2)).toEqual({ date: "2026-12-21", reached: 2, step: 2 });
    expect(play.eventsAt(stepMoment(s, 2)).map((e) => e.type)).toEqual(["strategy_discussion", "icpc_scheduled"]);
  });

  it("a date between steps includes everything on or before it; a date on a step is that step", () => {
    expect(dateMoment(s, "2027-01-01")).toEqual({ date: "2027-01-01", reached: 3 });
    expect(dateMoment(s, "2027-01-08")).toEqual({ date: "2027-01-08", reached: 4, step: 4 });
    expect(dateMoment(s, "2026-01-01")).toEqual({ date: "2026-01-01", reached: 0 });
  });

  it("the previous moment: the step before; before step 1 nothing has happened; a date compares with the last step", () => {
    expect(previousMoment(s, stepMoment(s, 4))).toEqual(stepMoment(s, 3));
    expect(previousMoment(s, stepMoment(s, 1))).toEqual({ date: "2026-12-18", reached: 0 });
    expect(previousMoment(s, dateMoment(s, "2027-01-01"))).toEqual(stepMoment(s, 3));
  });

  it("a pause counts its changes from the last pause, so its answer covers everything since the trainer last asked", () => {
    expect(comparedWith(s, stepMoment(s, 6))).toEqual(stepMoment(s, 3));
    expect(comparedWith(s, stepMoment(s, 3))).toEqual({ date: "2026-12-18", reached: 0 });
    expect(comparedWith(s, stepMoment(s, 4))).toEqual(stepMoment(s, 3));
  });

  it("a future event is not in the checklist until the story reaches it", () => {
    const before = play.planAt(stepMoment(s, 3)).actions.find((a) => a.rule === "bolton.first-core-group")!;
    expect(before.status).toBe("waiting");
    const after = play.planAt(stepMoment(s, 4)).actions.find((a) => a.rule === "bolton.first-core-group")!;
    // 10 working days after Fri 8 Jan 2027: 11–15 (5), 18–22 (10) → Fri 22 Jan.
    expect(after.due).toBe("2027-01-22");
  });
});

describe("what changed, and why", () => {
  const kinds = (from: number | undefined, to: number) => {
    const m = stepMoment(s, to);
    const prev = from === undefined ? undefined : play.planAt(stepMoment(s, from));
    return changesBetween(prev, play.planAt(m), m.date, ["the ICPC"]).map((c) => `${c.kind} ${c.action.rule}`);
  };

  it("a strategy discussion dates what was waiting on it", () => {
    expect(kinds(undefined, 1)).toContain("new bolton.icpc");
    const first = play.planAt(stepMoment(s, 1));
    expect(changesBetween(play.planAt({ date: "2026-12-18", reached: 0 }), first, "2026-12-18", [])).toContainEqual(
      expect.objectContaining({
        kind: "dated",
        why: expect.stringContaining("15 working days after the strategy discussion"),
      }),
    );
  });

  it("a booking moves the dates counted from the deadline to the booked day", () => {
    // Reports 24 hours before: from the deadline (Wed 13 Jan → Tue 12 Jan) to the booking (Fri 8 Jan → Thu 7 Jan).
    const moved = changesBetween(play.planAt(stepMoment(s, 1)), play.planAt(stepMoment(s, 2)), "2026-12-21", []).find(
      (c) => c.action.rule === "bolton.reports-to-chair",
    )!;
    expect(moved.kind).toBe("moved");
    expect(moved.before!.due).toBe("2027-01-12");
    expect(moved.action.due).toBe("2027-01-07");
    expect(moved.why).toContain("Was due Tuesday 12 January 2027");
  });

  it("the ICPC: its own action is done, pre-plan duties no longer apply (saying after what), plan duties are dated", () => {
    const k = kinds(3, 4);
    expect(k).toContain("done bolton.icpc");
    expect(k).toContain("gone bolton.quoracy");
    expect(k).toContain("dated bolton.first-core-group");
    const gone = changesBetween(play.planAt(stepMoment(s, 3)), play.planAt(stepMoment(s, 4)), "2027-01-08", [
      "the ICPC",
    ]).find((c) => c.kind === "gone")!;
    expect(gone.why).toBe("No longer on the checklist after the ICPC.");
  });

  it("a done entry marks that day's open actions of the duty done", () => {
    expect(kinds(4, 5)).toContain("done bolton.decision-circulated");
  });

  it("time passing makes a missed date overdue", () => {
    // Reports were due Thu 7 Jan; on Fri 8 Jan, before the ICPC is recorded, they are overdue.
    const a = play.planAt(stepMoment(s, 2));
    const m = { date: "2027-01-08", reached: 3 };
    const c = changesBetween(a, play.planAt(m), m.date, []).find((x) => x.action.rule === "bolton.reports-to-chair")!;
    expect(c.kind).toBe("overdue");
    expect(c.why).toContain("not recorded as done by Friday 8 January 2027");
  });
});
