/**
 * The shipped scenarios (checklists/scenarios/*.yaml): every file loads, and the key dates of each were worked out
 * by hand — from a printed calendar, the gov.uk bank holiday list for England and Wales and the quoted procedure
 * text — with the working in the comments. None was produced by the code under test.
 *
 * Bank holidays used: Fri 25 Dec 2026, Mon 28 Dec 2026 (substitute Boxing Day), Fri 1 Jan 2027, Good Friday
 * 26 Mar 2027, Easter Monday 29 Mar 2027, Mon 3 May 2027, Mon 31 May 2027, Mon 30 Aug 2027.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Action } from "../../server/domain/types.js";
import { SHIPPED_SCENARIOS, compareView, playView } from "../../server/scenarios/service.js";
import { makeApp } from "../helpers.js";

const { ctx } = await makeApp();

function at(id: string, step: number, set?: string) {
  return playView(ctx, ctx.scenarios.find(id), { step: String(step), ...(set ? { set } : {}) });
}

/** The step whose entry starts with this date and kind (so a test names the moment, not a position). */
function stepOf(id: string, date: string, kind: "pause" | "event" | "done", event?: string): number {
  const i = ctx.scenarios
    .find(id)
    .scenario.timeline.findIndex(
      (e) => (e.bookedOn ?? e.date) === date && e[kind] !== undefined && (!event || e.event === event),
    );
  if (i < 0) throw new Error(`${id}: no ${kind} on ${date}`);
  return i + 1;
}

function one(actions: Action[], rule: string, child?: string): Action {
  const found = actions.filter((a) => a.rule === rule && (child === undefined || a.child === child));
  if (found.length !== 1) throw new Error(`expected one ${rule}${child ? ` (${child})` : ""}, found ${found.length}`);
  return found[0]!;
}
const none = (actions: Action[], rule: string, child?: string) =>
  expect(actions.filter((a) => a.rule === rule && (child === undefined || a.child === child))).toEqual([]);

describe("the shipped library", () => {
  it("loads every file in checklists/scenarios (a misspelt set would leave one out)", () => {
    const files = readdirSync(SHIPPED_SCENARIOS).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const shipped = ctx.scenarios.list().filter((s) => s.shipped);
    expect(shipped.map((s) => `${s.id}.yaml`).sort()).toEqual(files.sort());
  });

  it("covers Christmas and Easter, a split vote, an age threshold, a missing family, a move and a pre-birth conference", () => {
    const ids = ctx.scenarios.list().map((s) => s.id);
    for (const id of [
      "christmas-and-easter",
      "split-vote",
      "turns-eight",
      "missing-family",
      "moving-away",
      "pre-birth",
    ])
      expect(ids).toContain(id);
  });

  it("says everything its own area's checklist needs: no questions at any step (an 'any' scenario, in every area)", () => {
    for (const s of ctx.scenarios.list()) {
      const sets = s.scenario.set === "any" ? ctx.library.sets.map((x) => x.id) : [s.scenario.set];
      for (const set of sets)
        for (let step = 1; step <= s.scenario.timeline.length; step++)
          expect(at(s.id, step, set).plan.questions, `${s.id} in ${set}, step ${step}`).toEqual([]);
    }
  });

  it("every pause has an answer: something is open or due on that day in the scenario's own area", () => {
    for (const s of ctx.scenarios.list().filter((x) => x.scenario.set !== "any"))
      s.scenario.timeline.forEach((e, i) => {
        if (!e.pause) return;
        const open = at(s.id, i + 1).plan.actions.filter((a) => a.status !== "done");
        expect(open.length, `${s.id} step ${i + 1}`).toBeGreaterThan(0);
      });
  });
});

describe("Christmas and Easter (any area; Bolton and others)", () => {
  const id = "christmas-and-easter";

  it("the ICPC: 15 working days from Fri 11 Dec 2026 skip three bank holidays → Wed 6 Jan 2027", () => {
    // Day 0 Fri 11 Dec. 14–18 Dec (5), 21–24 (9); 25 Dec and 28 Dec are bank holidays; 29, 30, 31 (12);
    // 1 Jan is a bank holiday; 4, 5, 6 Jan (15) → Wed 6 Jan 2027.
    const step = stepOf(id, "2026-12-14", "pause");
    expect(one(at(id, step, "bolton").plan.actions, "bolton.icpc").due).toBe("2027-01-06");
    expect(one(at(id, step, "llr").plan.actions, "llr.icpc").due).toBe("2027-01-06");
    // Darlington: "By Day 15" counts pathway days the same way (day 0 the strategy discussion) → Wed 6 Jan.
    expect(one(at(id, step, "darlington").plan.actions, "darlington.icpc").due).toBe("2027-01-06");
  });

  it("booked for Tue 29 Dec: Bolton's reports the working day before → Thu 24 Dec; LLR's 7 days' notice was already past", () => {
    const step = stepOf(id, "2026-12-22", "pause");
    // 24 hours before, no time known: the working day before Tue 29 Dec. Mon 28 Dec (substitute Boxing Day),
    // Sun 27, Sat 26, Fri 25 (Christmas Day) are not working days → Thu 24 Dec 2026.
    expect(one(at(id, step, "bolton").plan.actions, "bolton.reports-to-chair").due).toBe("2026-12-24");
    // 7 working days before Tue 29 Dec: 24 (1), 23 (2), 22 (3), 21 (4), 18 (5), 17 (6), 16 (7) → Wed 16 Dec,
    // before the booking on 21 Dec: overdue at this pause (22 Dec).
    const notice = one(at(id, step, "llr").plan.actions, "llr.agency-notice");
    expect(notice.due).toBe("2026-12-16");
    expect(notice.status).toBe("overdue");
    // Conference guide: two working days before Tue 29 Dec: 24 (1), 23 (2) → Wed 23 Dec.
    expect(one(at(id, step, "cp-guide").plan.actions, "cp-guide.report-to-family-icpc").due).toBe("2026-12-23");
  });

  it("after the ICPC on Tue 29 Dec: first core group Wed 13 Jan (Darlington's 10 days: Fri 8 Jan); first review Easter Monday, act by Thu 25 Mar", () => {
    const step = stepOf(id, "2026-12-30", "pause");
    const bolton = at(id, step, "bolton").plan.actions;
    // 30, 31 Dec (2); 1 Jan bank holiday; 4–8 Jan (7); 11, 12, 13 (10) → Wed 13 Jan 2027.
    expect(one(bolton, "bolton.first-core-group").due).toBe("2027-01-13");
    // 29 Dec 2026 + 3 months = Mon 29 Mar 2027, Easter Monday; Sun 28, Sat 27, Good Friday 26 → Thu 25 Mar.
    const review = one(bolton, "bolton.first-rcpc");
    expect(review.due).toBe("2027-03-29");
    expect(review.actBy).toBe("2027-03-25");
    // Darlington's flow chart: "After: 10 days" (calendar days): 29 Dec + 10 = Fri 8 Jan 2027.
    expect(one(at(id, step, "darlington").plan.actions, "darlington.first-core-group").due).toBe("2027-01-08");
  });

  it("the review booked for Thu 25 Mar: Bolton's report 24 hours before → Wed 24 Mar; the next review 6 months on is a Saturday", () => {
    const booked = stepOf(id, "2027-03-08", "event", "rcpc_scheduled");
    expect(one(at(id, booked, "bolton").plan.actions, "bolton.review-report").due).toBe("2027-03-24");
    // Thu 25 Mar 2027 + 6 months = Sat 25 Sep 2027 → act by Fri 24 Sep.
    const next = one(at(id, stepOf(id, "2027-03-26", "pause"), "bolton").plan.actions, "bolton.next-rcpc");
    expect(next.due).toBe("2027-09-25");
    expect(next.actBy).toBe("2027-09-24");
  });

  it("across the five areas after the ICPC: the first core group's dates differ (Darlington's 10 days); Chapter 9 is silent on the ICPC", () => {
    const v = compareView(ctx, ctx.scenarios.find(id), { step: String(stepOf(id, "2026-12-30", "pause")) });
    const row = v.rows.find((r) => r.duty === "first_core_group")!;
    expect(row.differ).toBe(true);
    const due = Object.fromEntries(row.cells.map((c) => [c.set, c.earliest]));
    expect(due).toMatchObject({
      bolton: "2027-01-13",
      llr: "2027-01-13",
      "lscb-ch9": "2027-01-13",
      "cp-guide": "2027-01-13",
      darlington: "2027-01-08",
    });
    const before = compareView(ctx, ctx.scenarios.find(id), { step: String(stepOf(id, "2026-12-14", "pause")) });
    const icpc = before.rows.find((r) => r.duty === "icpc")!;
    const ch9 = icpc.cells.find((c) => c.set === "lscb-ch9")!;
    expect(ch9.actions).toEqual([]);
    expect(ch9.silent.join(" ")).toContain("does not say when the ICPC must be held");
  });
});

describe("A split vote at the ICPC (Bolton)", () => {
  const id = "split-vote";

  it("before the ICPC: due Mon 22 Feb (15 working days, no holidays); reports Wed 17 Feb for the conference booked on Thu 18 Feb", () => {
    // From Mon 1 Feb: 2–5 Feb (4), 8–12 (9), 15–19 (14), Mon 22 (15).
    const p = at(id, stepOf(id, "2027-02-08", "pause")).plan.actions;
    expect(one(p, "bolton.icpc").due).toBe("2027-02-22");
    expect(one(p, "bolton.reports-to-chair").due).toBe("2027-02-17");
  });

  it("after the split vote on Thu 18 Feb: referral within 5 working days (Thu 25 Feb), the panel 28 days on (Thu 25 Mar), plan duties as for a plan", () => {
    const p = at(id, stepOf(id, "2027-02-19", "pause")).plan.actions;
    // 19 (1), 22 (2), 23 (3), 24 (4), 25 (5) → Thu 25 Feb 2027.
    expect(one(p, "bolton.split-vote-referral").due).toBe("2027-02-25");
    // 25 Feb + 28 days: 3 days to 28 Feb, 25 more → Thu 25 Mar 2027 (a working day; Good Friday is the 26th).
    expect(one(p, "bolton.split-vote-panel").due).toBe("2027-03-25");
    // 19 (1), 22–26 (6), 1–4 Mar (10) → Thu 4 Mar.
    expect(one(p, "bolton.first-core-group").due).toBe("2027-03-04");
    // 18 Feb + 3 months → Tue 18 May 2027.
    expect(one(p, "bolton.first-rcpc").due).toBe("2027-05-18");
    // Minutes within 15 working days: 19 (1), 22–26 (6), 1–5 Mar (11), 8, 9, 10, 11 (15) → Thu 11 Mar.
    expect(one(p, "bolton.minutes").due).toBe("2027-03-11");
  });

  it("the referral made on Wed 24 Feb is done; the panel is still due", () => {
    const p = at(id, stepOf(id, "2027-02-24", "done")).plan.actions;
    expect(one(p, "bolton.split-vote-referral").status).toBe("done");
    expect(one(p, "bolton.split-vote-panel").status).not.toBe("done");
  });

  it("other areas have no split-vote rule: the compare view shows a gap, never Bolton's rule", () => {
    const v = compareView(ctx, ctx.scenarios.find(id), { step: String(stepOf(id, "2027-02-19", "pause")) });
    const row = v.rows.find((r) => r.duty === "split_vote")!;
    for (const c of row.cells.filter((x) => x.set !== "bolton")) {
      expect(c.actions).toEqual([]);
      expect(c.hasRule).toBe(false);
    }
    expect(row.cells.find((c) => c.set === "bolton")!.actions.length).toBe(2);
  });
});

describe("Turning 8 before the review (conference guide)", () => {
  const id = "turns-eight";

  it("at the ICPC Child 1 is 7 (born 10 Mar 2019; ICPC Wed 27 Jan 2027): no advocacy offer yet; seen alone — Child 1 (7), not Child 2 (3)", () => {
    const p = at(id, stepOf(id, "2027-01-12", "pause")).plan.actions;
    none(p, "cp-guide.advocacy-icpc");
    one(p, "cp-guide.seen-alone-s47", "Child 1");
    none(p, "cp-guide.seen-alone-s47", "Child 2");
    // Two working days before Wed 27 Jan: Tue 26 (1), Mon 25 (2) → Mon 25 Jan.
    expect(one(p, "cp-guide.report-to-family-icpc").due).toBe("2027-01-25");
  });

  it("the booking request on Thu 7 Jan: the chair's consultation within 2 working days → Mon 11 Jan", () => {
    // Fri 8 (1), Mon 11 (2).
    expect(one(at(id, stepOf(id, "2027-01-07", "event")).plan.actions, "cp-guide.booking-consultation").due).toBe(
      "2027-01-11",
    );
  });

  it("after the ICPC: first visit Fri 29 Jan, first core group Wed 10 Feb, review Tue 27 Apr — when Child 1 is 8, so an advocate is offered; not Child 2", () => {
    const p = at(id, stepOf(id, "2027-01-28", "pause")).plan.actions;
    // 48 hours after Wed 27 Jan = Fri 29 Jan; 2 working days: Thu 28 (1), Fri 29 (2). The same day.
    expect(one(p, "cp-guide.first-visit").due).toBe("2027-01-29");
    // 28, 29 Jan (2), 1–5 Feb (7), 8, 9, 10 (10) → Wed 10 Feb.
    expect(one(p, "cp-guide.first-core-group").due).toBe("2027-02-10");
    expect(one(p, "cp-guide.first-rcpc").due).toBe("2027-04-27");
    // Child 1 turns 8 on Wed 10 Mar 2027, before the review: the offer is on the checklist now.
    one(p, "cp-guide.advocacy-rcpc", "Child 1");
    none(p, "cp-guide.advocacy-rcpc", "Child 2");
  });

  it("visits every 10 working days cross Easter: after Fri 12 Mar → Tue 30 Mar; after Tue 30 Mar → Tue 13 Apr", () => {
    // 15–19 Mar (5), 22–25 (9); Good Friday 26 Mar and Easter Monday 29 Mar; Tue 30 Mar (10).
    const a = at(id, stepOf(id, "2027-03-12", "pause")).plan.actions;
    expect(one(a, "cp-guide.visits").due).toBe("2027-03-30");
    // 31 Mar (1), 1, 2 Apr (3), 5–9 (8), 12, 13 (10) → Tue 13 Apr.
    const b = at(id, stepOf(id, "2027-03-31", "pause")).plan.actions;
    expect(one(b, "cp-guide.visits").due).toBe("2027-04-13");
  });

  it("the review booked for Tue 20 Apr: the report to the family two working days before → Fri 16 Apr; after it, the next review Wed 20 Oct", () => {
    // Mon 19 (1), Fri 16 (2).
    expect(one(at(id, stepOf(id, "2027-03-31", "pause")).plan.actions, "cp-guide.report-to-family-rcpc").due).toBe(
      "2027-04-16",
    );
    const after = at(id, stepOf(id, "2027-04-21", "pause")).plan.actions;
    expect(one(after, "cp-guide.next-rcpc").due).toBe("2027-10-20");
    // "within 28 days of an RCPC": 20 Apr + 28 = Tue 18 May.
    expect(one(after, "cp-guide.next-core-group").due).toBe("2027-05-18");
  });
});

describe("A family goes missing (Bolton)", () => {
  const id = "missing-family";

  it("after the ICPC on Thu 22 Apr: first core group Fri 7 May, skipping the early May bank holiday", () => {
    // 23 Apr (1), 26–30 (6); Mon 3 May bank holiday; 4, 5, 6, 7 May (10).
    const p = at(id, stepOf(id, "2027-04-23", "pause")).plan.actions;
    expect(one(p, "bolton.first-core-group").due).toBe("2027-05-07");
    expect(one(p, "bolton.first-rcpc").due).toBe("2027-07-22");
  });

  it("the refusal on Wed 19 May: contact the lead professional the same day; Chapter 9's two visits without access from Tue 18 May", () => {
    const step = stepOf(id, "2027-05-19", "pause");
    expect(one(at(id, step).plan.actions, "bolton.access-refused").due).toBe("2027-05-19");
    expect(one(at(id, step, "lscb-ch9").plan.actions, "lscb-ch9.failed-visits").due).toBe("2027-05-18");
  });

  it("missing on Mon 24 May: a conference within 5 working days → Tue 1 Jun, past the spring bank holiday", () => {
    // 25 (1), 26 (2), 27 (3), 28 (4); Mon 31 May bank holiday; Tue 1 Jun (5).
    const p = at(id, stepOf(id, "2027-05-24", "pause")).plan.actions;
    expect(one(p, "bolton.missing").due).toBe("2027-06-01");
  });

  it("the next core group: 4 to 6 weeks after Thu 6 May → not before Thu 3 Jun, by Thu 17 Jun", () => {
    const a = one(at(id, stepOf(id, "2027-06-02", "pause")).plan.actions, "bolton.next-core-group");
    expect(a.earliest).toBe("2027-06-03");
    expect(a.due).toBe("2027-06-17");
  });
});

describe("The family moves out of the area (Bolton)", () => {
  const id = "moving-away";

  it("the ICPC within 15 working days of Thu 10 Jun → Thu 1 Jul; reports Wed 30 Jun", () => {
    // 11 (1), 14–18 (6), 21–25 (11), 28, 29, 30 (14), 1 Jul (15).
    const p = at(id, stepOf(id, "2027-06-17", "pause")).plan.actions;
    expect(one(p, "bolton.icpc").due).toBe("2027-07-01");
    expect(one(p, "bolton.reports-to-chair").due).toBe("2027-06-30");
  });

  it("after the first core group on Wed 14 Jul: next at 4–6 weeks → 11 Aug to 25 Aug", () => {
    const a = one(at(id, stepOf(id, "2027-07-15", "pause")).plan.actions, "bolton.next-core-group");
    expect(a.earliest).toBe("2027-08-11");
    expect(a.due).toBe("2027-08-25");
  });

  it("notified of the move on Fri 20 Aug: the receiving area's conference within 15 working days → Mon 13 Sep", () => {
    // 23–27 Aug (5); Mon 30 Aug bank holiday; 31 (6), 1–3 Sep (9), 6–10 (14), Mon 13 (15).
    const p = at(id, stepOf(id, "2027-08-20", "pause")).plan.actions;
    expect(one(p, "bolton.moved").due).toBe("2027-09-13");
    expect(one(p, "bolton.first-rcpc").due).toBe("2027-10-01");
  });

  it("once the plan ends (Tue 14 Sep), plan duties leave the checklist and say why", () => {
    const v = at(id, stepOf(id, "2027-09-14", "event", "plan_ended"));
    const gone = v.changes.filter((c) => c.kind === "gone").map((c) => c.action.rule);
    expect(gone).toContain("bolton.first-rcpc");
    expect(v.changes.find((c) => c.action.rule === "bolton.first-rcpc")!.why).toContain("the end of the plan");
  });
});

describe("A pre-birth conference (Bolton)", () => {
  const id = "pre-birth";

  it("the conference within 15 working days of Tue 20 Apr → Wed 12 May, past the early May bank holiday", () => {
    // 21–23 Apr (3), 26–30 (8); Mon 3 May bank holiday; 4–7 May (12), 10, 11, 12 (15).
    const p = at(id, stepOf(id, "2027-04-21", "pause")).plan.actions;
    expect(one(p, "bolton.icpc").due).toBe("2027-05-12");
  });

  it("booked for Tue 11 May: reports Mon 10 May; the pre-birth timing duty names the expected date; LLR's notice Thu 29 Apr", () => {
    const step = stepOf(id, "2027-04-26", "pause");
    const p = at(id, step).plan.actions;
    expect(one(p, "bolton.reports-to-chair").due).toBe("2027-05-10");
    const timing = one(p, "bolton.pre-birth", "Baby");
    expect(timing.due).toBe("2027-05-11");
    expect(`${timing.title} ${timing.basis}`).toContain("20 June 2027");
    // 7 working days before Tue 11 May: 10 (1), 7 (2), 6 (3), 5 (4), 4 (5); Mon 3 May bank holiday; 30 Apr (6),
    // 29 Apr (7) → Thu 29 Apr.
    expect(one(at(id, step, "llr").plan.actions, "llr.agency-notice").due).toBe("2027-04-29");
    // Conference guide: the interpreter two working days before: Mon 10 (1), Fri 7 (2) → Fri 7 May.
    expect(one(at(id, step, "cp-guide").plan.actions, "cp-guide.interpreter").due).toBe("2027-05-07");
  });

  it("after the conference: first core group Tue 25 May; first review Wed 11 Aug, after the expected birth", () => {
    // 12–14 May (3), 17–21 (8), 24, 25 (10).
    const p = at(id, stepOf(id, "2027-05-12", "pause")).plan.actions;
    expect(one(p, "bolton.first-core-group").due).toBe("2027-05-25");
    expect(one(p, "bolton.first-rcpc").due).toBe("2027-08-11");
  });

  it("Darlington's C&F assessment for a new case: 45 days from the referral on Tue 13 Apr → Fri 28 May", () => {
    // 13 Apr + 17 days = 30 Apr; + 28 = 28 May 2027 (a Friday).
    const p = at(id, stepOf(id, "2027-04-21", "pause"), "darlington").plan.actions;
    expect(one(p, "darlington.cf-assessment").due).toBe("2027-05-28");
  });
});
