/**
 * Golden cases: facts and events in, actions and dates out. Every expected date below was worked out by hand
 * from a printed calendar, the gov.uk bank holiday list and the quoted procedure text (the working is in the
 * comments); none was produced by the code under test.
 */
import { describe, expect, it } from "vitest";
import { byRule, ev, plan } from "./plan-harness.js";

describe("bolton: ICPC across Christmas and New Year", () => {
  // Strategy discussion Fri 18 Dec 2026. Working days: 21,22,23,24 (4); 25 Dec and 28 Dec (substitute Boxing Day)
  // are bank holidays; 29,30,31 (7); 1 Jan holiday; 4–8 Jan (12); 11,12,13 (15) → Wed 13 Jan 2027.
  const p = plan("bolton", "2026-12-21", [ev("strategy_discussion", "2026-12-18")]);

  it("the ICPC is due within 15 working days, skipping three bank holidays", () => {
    const icpc = byRule(p.actions, "bolton.icpc");
    expect(icpc.due).toBe("2027-01-13");
    expect(icpc.status).toBe("upcoming");
    expect(icpc.basis).toBe(
      "15 working days after the strategy discussion on Friday 18 December 2026; skips 25 and 28 December and 1 January (bank holidays).",
    );
    expect(icpc.sources[0]).toMatchObject({ document: "child-protection-conferences", section: "1-timing" });
    expect(icpc.sources[0]!.url).toBe("/guidance/bolton/child-protection-conferences/v/1#1-timing-p3");
  });

  it("reports go to the chair 24 hours before: with no time known, the working day before (Tue 12 Jan)", () => {
    expect(byRule(p.actions, "bolton.reports-to-chair").due).toBe("2027-01-12");
  });

  it("uses the last strategy discussion when there was more than one", () => {
    // Second strategy discussion Mon 4 Jan 2027: 5–8 (4), 11–15 (9), 18–22 (14), 25 (15) → Mon 25 Jan.
    const q = plan("bolton", "2027-01-05", [
      ev("strategy_discussion", "2026-12-18"),
      ev("strategy_discussion", "2027-01-04"),
    ]);
    expect(byRule(q.actions, "bolton.icpc").due).toBe("2027-01-25");
  });

  it("plan-stage actions wait for the ICPC, and say so", () => {
    const cg = byRule(p.actions, "bolton.first-core-group");
    expect(cg.status).toBe("waiting");
    expect(cg.due).toBeNull();
    expect(cg.basis).toContain("Waiting on the ICPC deciding on a child protection plan");
    expect(cg.waitingOn).toEqual({ event: "icpc_held", outcome: ["plan"] });
  });

  it("actions with a date carry no waitingOn", () => {
    expect(byRule(p.actions, "bolton.icpc").waitingOn).toBeUndefined();
  });
});

describe("waitingOn: what a waiting action waits for, as data", () => {
  const p = plan("bolton", "2027-02-01", [
    ev("strategy_discussion", "2026-12-18"),
    ev("icpc_held", "2027-01-13", { outcome: "plan" }),
  ]);

  it("with a plan in place, the next review waits on the first review conference, not on the ICPC", () => {
    const next = byRule(p.actions, "bolton.next-rcpc");
    expect(next.status).toBe("waiting");
    expect(next.waitingOn).toEqual({ event: "rcpc_held" });
    expect(next.basis).toMatch(/^Waiting on the review conference \(RCPC\)\./);
  });

  it("a repeating duty waits on its first occurrence", () => {
    const cg = byRule(p.actions, "bolton.next-core-group");
    expect(cg.waitingOn).toEqual({ event: "core_group_held" });
    expect(cg.basis).toMatch(/^Waiting on the core group\./);
  });

  it("every waiting action says what it waits on, and no other action does", () => {
    const all = [
      ...plan("llr", "2027-01-05", [ev("strategy_discussion", "2026-12-18")]).actions,
      ...p.actions,
      ...plan("darlington", "2026-12-21", []).actions,
    ];
    expect(all.some((a) => a.status === "waiting")).toBe(true);
    for (const a of all) expect(a.waitingOn === undefined, a.id).toBe(a.status !== "waiting");
  });
});

describe("bolton: after an ICPC that made a plan (Wed 13 Jan 2027)", () => {
  const p = plan("bolton", "2027-01-14", [
    ev("strategy_discussion", "2026-12-18"),
    ev("icpc_held", "2027-01-13", { outcome: "plan" }),
  ]);

  it("marks the ICPC done and drops pre-conference actions", () => {
    expect(byRule(p.actions, "bolton.icpc").status).toBe("done");
    expect(p.actions.some((a) => a.rule === "bolton.reports-to-chair")).toBe(false);
  });

  it("decision circulated within 1 working day (Thu 14 Jan), due today", () => {
    const a = byRule(p.actions, "bolton.decision-circulated");
    expect(a.due).toBe("2027-01-14");
    expect(a.status).toBe("due");
  });

  it("minutes within 15 working days (Wed 3 Feb) and amendments within 21 days (Wed 3 Feb)", () => {
    // 14,15 (2); 18–22 (7); 25–29 (12); 1,2,3 Feb (15).   13 Jan + 21 days = 3 Feb.
    expect(byRule(p.actions, "bolton.minutes").due).toBe("2027-02-03");
    expect(byRule(p.actions, "bolton.minutes-amendments").due).toBe("2027-02-03");
  });

  it("first core group within 10 working days (Wed 27 Jan); first review within 3 months (Tue 13 Apr)", () => {
    // 14,15 (2); 18–22 (7); 25,26,27 (10).
    expect(byRule(p.actions, "bolton.first-core-group").due).toBe("2027-01-27");
    expect(byRule(p.actions, "bolton.first-rcpc").due).toBe("2027-04-13");
    // Collective report 24 hours before the review: the working day before, Mon 12 Apr.
    expect(byRule(p.actions, "bolton.review-report").due).toBe("2027-04-12");
  });

  it("subsequent core groups at 4–6 week intervals from the last", () => {
    const q = plan("bolton", "2027-01-28", [
      ev("icpc_held", "2027-01-13", { outcome: "plan" }),
      ev("core_group_held", "2027-01-26"),
    ]);
    const next = byRule(q.actions, "bolton.next-core-group");
    // 26 Jan + 6 weeks = 9 Mar 2027; not before 26 Jan + 4 weeks = 23 Feb.
    expect(next.due).toBe("2027-03-09");
    expect(next.earliest).toBe("2027-02-23");
    expect(byRule(q.actions, "bolton.first-core-group").status).toBe("done");
  });
});

describe("bolton: a review deadline on a weekend, and a split vote", () => {
  it("30 Nov + 3 months = Sun 28 Feb 2027: due stays, act by Fri 26 Feb", () => {
    const p = plan("bolton", "2026-12-01", [ev("icpc_held", "2026-11-30", { outcome: "plan" })]);
    const r = byRule(p.actions, "bolton.first-rcpc");
    expect(r.due).toBe("2027-02-28");
    expect(r.actBy).toBe("2027-02-26");
    expect(r.basis).toContain("act by Friday 26 February 2027");
  });

  it("a split vote puts the child on a plan and starts the referral clock", () => {
    // ICPC Mon 7 Dec 2026, split vote: refer within 5 working days → 8,9,10,11,14 → Mon 14 Dec; panel 28 days after → Mon 11 Jan 2027.
    const p = plan("bolton", "2026-12-08", [ev("icpc_held", "2026-12-07", { splitVote: true })]);
    expect(byRule(p.actions, "bolton.split-vote-referral").due).toBe("2026-12-14");
    expect(byRule(p.actions, "bolton.split-vote-panel").due).toBe("2027-01-11");
    expect(byRule(p.actions, "bolton.first-core-group").status).not.toBe("waiting");
  });

  it("a missing child: conference within 5 working days of first notification", () => {
    // Notified Thu 24 Dec 2026: 25, 28 holidays; 29, 30, 31 (3); 1 Jan holiday; 4, 5 (5) → Tue 5 Jan 2027.
    const p = plan("bolton", "2026-12-24", [
      ev("icpc_held", "2026-10-01", { outcome: "plan" }),
      ev("child_missing", "2026-12-24"),
    ]);
    expect(byRule(p.actions, "bolton.missing").due).toBe("2027-01-05");
  });

  it("the plan ends at 18: due on the 18th birthday", () => {
    const p = plan("bolton", "2027-01-01", [ev("icpc_held", "2026-12-01", { outcome: "plan" })], {
      children: [{ id: "A", dateOfBirth: "2009-02-28" }],
    });
    expect(byRule(p.actions, "bolton.plan-ends-at-18", "A").due).toBe("2027-02-28");
  });

  it("asks whether a child is looked after before the ICPC", () => {
    const p = plan("bolton", "2026-12-01", [ev("strategy_discussion", "2026-11-30")], {
      children: [{ id: "A", ageYears: 5 }],
    });
    expect(p.questions.map((q) => q.id)).toContain("child:A:lookedAfter");
    const la = plan("bolton", "2026-12-01", [ev("strategy_discussion", "2026-11-30")], {
      children: [{ id: "A", ageYears: 5, lookedAfter: true }],
    });
    expect(byRule(la.actions, "bolton.looked-after", "A").title).toContain("A is looked after");
  });
});

describe("llr: first core group over Easter 2027", () => {
  // ICPC Thu 18 Mar 2027. Good Friday 26 Mar and Easter Monday 29 Mar are holidays.
  const p = plan(
    "llr",
    "2027-03-19",
    [ev("strategy_discussion", "2027-02-25"), ev("icpc_held", "2027-03-18", { outcome: "plan" })],
    { facts: { agencies: ["school", "police"] } },
  );

  it("initial core group within 10 working days → Mon 5 Apr", () => {
    // 19 (1); 22–25 (5); 30, 31, 1, 2 (9); 5 Apr (10).
    const cg = byRule(p.actions, "llr.first-core-group");
    expect(cg.due).toBe("2027-04-05");
    expect(cg.basis).toContain("skips 26 and 29 March (bank holidays)");
  });

  it("ICPC record within 15 working days → Mon 12 Apr; first review within 3 months → Fri 18 Jun", () => {
    // …5 Apr (10); 6, 7, 8, 9 (14); 12 (15).
    expect(byRule(p.actions, "llr.icpc-record").due).toBe("2027-04-12");
    expect(byRule(p.actions, "llr.first-rcpc").due).toBe("2027-06-18");
    expect(byRule(p.actions, "llr.escalate-plan-role").due).toBe("2027-04-05");
  });
});

describe("llr: before the ICPC — notice and agencies", () => {
  // Strategy Tue 1 Dec 2026 → ICPC 15 wd: 2,3,4 (3); 7–11 (8); 14–18 (13); 21, 22 (15) → Tue 22 Dec.
  // 7 working days' notice before Tue 22 Dec: 21, 18, 17, 16, 15, 14, 11 → Fri 11 Dec.
  const p = plan("llr", "2026-12-02", [ev("strategy_discussion", "2026-12-01")], {
    facts: { agencies: ["school", "gp", "housing"] },
  });

  it("the ICPC and the notice date", () => {
    expect(byRule(p.actions, "llr.icpc").due).toBe("2026-12-22");
    expect(byRule(p.actions, "llr.agency-notice").due).toBe("2026-12-11");
  });

  it("always notifies Police, Probation and the GP, and considers the other agencies named", () => {
    const notify = p.actions
      .filter((a) => a.rule === "llr.always-notify")
      .map((a) => a.agency)
      .sort();
    expect(notify).toEqual(["gp", "police", "probation"]);
    const consider = p.actions
      .filter((a) => a.rule === "llr.consider-agencies")
      .map((a) => a.agency)
      .sort();
    expect(consider).toEqual(["housing", "school"]);
  });

  it("asks which agencies are involved when it does not know", () => {
    const q = plan("llr", "2026-12-02", [ev("strategy_discussion", "2026-12-01")]);
    expect(q.questions.find((x) => x.id === "agencies")?.why).toContain("llr");
  });

  it("counts notice back from a booked date when there is one", () => {
    // Booked for Wed 6 Jan 2027: 5, 4 (2); 1 Jan holiday; 31, 30, 29 (5); 28 and 25 holidays; 24, 23 (7) → Wed 23 Dec.
    const b = plan("llr", "2026-12-02", [ev("strategy_discussion", "2026-12-01"), ev("icpc_scheduled", "2027-01-06")], {
      facts: { agencies: [] },
    });
    expect(byRule(b.actions, "llr.agency-notice").due).toBe("2026-12-23");
  });
});

describe("darlington: the day-numbered pathway across Easter 2027", () => {
  // Strategy Mon 22 Mar 2027 = day 0. 23 (1), 24 (2), 25 (3); 26 and 29 are holidays; 30 (4), 31 (5), 1 Apr (6),
  // 2 (7), 5 (8), 6 (9), 7 (10), 8 (11), 9 (12), 12 (13), 13 (14), 14 (15).
  const p = plan("darlington", "2027-03-23", [ev("strategy_discussion", "2027-03-22")], { facts: { newCase: false } });

  it("minutes day 3, CSU day 4, report 10am day 13, ICPC day 15", () => {
    expect(byRule(p.actions, "darlington.strategy-minutes").due).toBe("2027-03-25");
    expect(byRule(p.actions, "darlington.notify-csu").due).toBe("2027-03-30");
    const report = byRule(p.actions, "darlington.conference-report");
    expect([report.due, report.dueTime]).toEqual(["2027-04-12", "10:00"]);
    expect(byRule(p.actions, "darlington.icpc").due).toBe("2027-04-14");
  });

  it("S47: two timescales in one paragraph — the earlier (day 9) is due, the basis names both", () => {
    const s47 = byRule(p.actions, "darlington.s47-complete");
    expect(s47.due).toBe("2027-04-06");
    expect(s47.basis).toContain("day 9");
    expect(s47.basis).toContain("day 10");
    expect(s47.basis).toContain("Wednesday 7 April 2027");
  });

  it("C&F assessment only for a new case, 45 days from the referral", () => {
    expect(p.actions.some((a) => a.rule === "darlington.cf-assessment")).toBe(false);
    // Referral Fri 12 Mar 2027 + 45 days = Mon 26 Apr 2027.
    const n = plan(
      "darlington",
      "2027-03-23",
      [ev("referral", "2027-03-12"), ev("strategy_discussion", "2027-03-22")],
      { facts: { newCase: true } },
    );
    expect(byRule(n.actions, "darlington.cf-assessment").due).toBe("2027-04-26");
    const unknown = plan("darlington", "2027-03-23", [ev("strategy_discussion", "2027-03-22")]);
    expect(unknown.questions.map((q) => q.id)).toContain("newCase");
  });

  it("core group flow chart: 10 days, then 6 weeks, review at 3 months; 6-monthly reviews clamp to 29 Feb 2028", () => {
    // ICPC Wed 14 Apr 2027 → first CG 10 days → Sat 24 Apr (act by Fri 23 Apr); RCPC 14 Jul 2027.
    const a = plan("darlington", "2027-04-15", [ev("icpc_held", "2027-04-14", { outcome: "plan" })]);
    const first = byRule(a.actions, "darlington.first-core-group");
    expect([first.due, first.actBy]).toEqual(["2027-04-24", "2027-04-23"]);
    expect(byRule(a.actions, "darlington.first-rcpc").due).toBe("2027-07-14");
    // Joint-report chain from the 14 Jul review: core group 4 weeks before (Wed 16 Jun); draft 5 working days
    // later (23 Jun); amendments — 5 days (28 Jun) or 5 working days (30 Jun): earlier 28 Jun; finalise 2 wd (30 Jun);
    // authorise 3 wd (5 Jul); final report to parents 5 days before the review (Fri 9 Jul).
    expect(byRule(a.actions, "darlington.joint-report-core-group").due).toBe("2027-06-16");
    expect(byRule(a.actions, "darlington.joint-report-draft").due).toBe("2027-06-23");
    expect(byRule(a.actions, "darlington.joint-report-amendments").due).toBe("2027-06-28");
    expect(byRule(a.actions, "darlington.joint-report-finalise").due).toBe("2027-06-30");
    expect(byRule(a.actions, "darlington.joint-report-authorise").due).toBe("2027-07-05");
    expect(byRule(a.actions, "darlington.joint-report-final").due).toBe("2027-07-09");
    // Review held Tue 31 Aug 2027: next within 6 months → 29 Feb 2028 (leap year); core group 6 weeks → 12 Oct 2027.
    const b = plan("darlington", "2027-09-01", [
      ev("icpc_held", "2027-04-14", { outcome: "plan" }),
      ev("rcpc_held", "2027-08-31", { outcome: "plan_continues" }),
    ]);
    expect(byRule(b.actions, "darlington.next-rcpc").due).toBe("2028-02-29");
    expect(byRule(b.actions, "darlington.core-group-after-review").due).toBe("2027-10-12");
  });
});

describe("lscb-ch9: core groups, visits and a leap-year review", () => {
  // ICPC Tue 30 Nov 2027 (plan). Strategy Mon 8 Nov 2027. First CG Tue 14 Dec; visit Wed 15 Dec.
  const events = [
    ev("strategy_discussion", "2027-11-08"),
    ev("icpc_held", "2027-11-30", { outcome: "plan" }),
    ev("core_group_held", "2027-12-14"),
    ev("cp_visit", "2027-12-15", { seenAlone: true }),
  ];
  const p = plan("lscb-ch9", "2027-12-16", events, { children: [{ id: "B", dateOfBirth: "2020-06-01" }] });

  it("first review 3 months after 30 Nov 2027 = 29 Feb 2028", () => {
    expect(byRule(p.actions, "lscb-ch9.first-rcpc").due).toBe("2028-02-29");
  });

  it("first core group (10 working days → Tue 14 Dec) done; second within 6 weeks → Tue 25 Jan 2028", () => {
    expect(byRule(p.actions, "lscb-ch9.first-core-group").status).toBe("done");
    expect(byRule(p.actions, "lscb-ch9.second-core-group").due).toBe("2028-01-25");
  });

  it("notes within 5 working days (Tue 21 Dec); signed agreement 5 more (Thu 30 Dec, after Christmas)", () => {
    // 15,16,17,20,21 (5); 22,23,24 (8); 27 and 28 Dec 2027 are substitute holidays; 29, 30 (10).
    expect(byRule(p.actions, "lscb-ch9.core-group-notes").due).toBe("2027-12-21");
    expect(byRule(p.actions, "lscb-ch9.signed-agreement").due).toBe("2027-12-30");
  });

  it("the child seen every 10 working days rolls forward from the last visit → Fri 31 Dec 2027", () => {
    // 16,17 (2); 20–24 (7); 27, 28 holidays; 29, 30, 31 (10).
    expect(byRule(p.actions, "lscb-ch9.child-seen").due).toBe("2027-12-31");
    // Seen alone at the 15 Dec visit: next within 6 weeks → 26 Jan 2028.
    expect(byRule(p.actions, "lscb-ch9.seen-alone", "B").due).toBe("2028-01-26");
  });

  it("core assessment within 35 working days of the strategy discussion → Wed 29 Dec 2027", () => {
    // 9–12 Nov (4); 15–19 (9); 22–26 (14); 29, 30 (16); 1–3 Dec (19); 6–10 (24); 13–17 (29); 20–24 (34); 27, 28 holidays; 29 (35).
    expect(byRule(p.actions, "lscb-ch9.core-assessment").due).toBe("2027-12-29");
  });

  it("two consecutive visits without seeing the child: inform the lead social worker", () => {
    const q = plan("lscb-ch9", "2028-01-07", [
      ...events,
      ev("cp_visit", "2028-01-05", { childSeen: false }),
      ev("cp_visit", "2028-01-06", { childSeen: false }),
    ]);
    expect(byRule(q.actions, "lscb-ch9.failed-visits").due).toBe("2028-01-06");
    expect(byRule(q.actions, "lscb-ch9.failed-visits").status).toBe("overdue");
    const r = plan("lscb-ch9", "2028-01-07", [...events, ev("cp_visit", "2028-01-06", { childSeen: false })]);
    expect(r.actions.some((a) => a.rule === "lscb-ch9.failed-visits")).toBe(false);
  });

  it("says nothing about visits it does not cover, and never borrows another set's rule", () => {
    expect(p.actions.every((a) => a.rule.startsWith("lscb-ch9."))).toBe(true);
    expect(p.actions.some((a) => a.duty === "advocacy")).toBe(false);
  });
});

describe("cp-guide: reports, visits, core groups and advocacy by age on the due date", () => {
  it("report to the family 2 working days before the booked ICPC (Wed 20 Jan → Mon 18 Jan)", () => {
    const p = plan("cp-guide", "2027-01-05", [ev("icpc_scheduled", "2027-01-20")]);
    expect(byRule(p.actions, "cp-guide.report-to-family-icpc").due).toBe("2027-01-18");
  });

  it("first visit: 48 hours or 2 working days — the earlier is due, the basis names both", () => {
    // ICPC Fri 13 Nov 2026: 48 hours → Sun 15 Nov (act by Fri 13 Nov); 2 working days → Tue 17 Nov.
    const p = plan("cp-guide", "2026-11-13", [ev("icpc_held", "2026-11-13", { outcome: "plan" })]);
    const v = byRule(p.actions, "cp-guide.first-visit");
    expect([v.due, v.actBy]).toEqual(["2026-11-15", "2026-11-13"]);
    expect(v.basis).toContain("48 hours");
    expect(v.basis).toContain("2 working days");
    expect(v.basis).toContain("Tuesday 17 November 2026");
  });

  it("visits roll forward 10 working days from the last one (visit Wed 2 Dec → Wed 16 Dec)", () => {
    const p = plan("cp-guide", "2026-12-03", [
      ev("icpc_held", "2026-11-30", { outcome: "plan" }),
      ev("cp_visit", "2026-12-02"),
    ]);
    expect(byRule(p.actions, "cp-guide.first-visit").status).toBe("done");
    expect(byRule(p.actions, "cp-guide.visits").due).toBe("2026-12-16");
  });

  it("core groups every 28 days, and within 28 days of a review", () => {
    // CG Tue 1 Dec 2026 → Tue 29 Dec. After an RCPC on Mon 1 Mar 2027 (later than the last CG) → Mon 29 Mar.
    const a = plan("cp-guide", "2026-12-02", [
      ev("icpc_held", "2026-11-20", { outcome: "plan" }),
      ev("core_group_held", "2026-12-01"),
    ]);
    expect(byRule(a.actions, "cp-guide.next-core-group").due).toBe("2026-12-29");
    const b = plan("cp-guide", "2027-03-02", [
      ev("icpc_held", "2026-11-20", { outcome: "plan" }),
      ev("core_group_held", "2026-12-01"),
      ev("core_group_held", "2027-02-20"),
      ev("rcpc_held", "2027-03-01", { outcome: "plan_continues" }),
    ]);
    expect(byRule(b.actions, "cp-guide.next-core-group").due).toBe("2027-03-29");
  });

  it("a child who turns 8 before the review gets the advocacy action for that review", () => {
    // C born 1 Mar 2019: 7 at the ICPC on 20 Jan 2027, 8 by the first review (20 Apr 2027).
    const children = [
      { id: "C", dateOfBirth: "2019-03-01" },
      { id: "D", dateOfBirth: "2016-05-10" },
    ];
    const before = plan("cp-guide", "2027-01-05", [ev("icpc_scheduled", "2027-01-20")], { children });
    expect(before.actions.filter((a) => a.rule === "cp-guide.advocacy-icpc").map((a) => a.child)).toEqual(["D"]);
    const after = plan("cp-guide", "2027-01-21", [ev("icpc_held", "2027-01-20", { outcome: "plan" })], { children });
    const rcpc = byRule(after.actions, "cp-guide.advocacy-rcpc", "C");
    expect(rcpc.due).toBe("2027-04-20");
    expect(rcpc.basis).toContain("C is 8 on Tuesday 20 April 2027");
    expect(rcpc.basis).toContain("read as 8 or over");
  });

  it("children 4 and over are seen alone at every visit; babies are seen awake", () => {
    const children = [
      { id: "E", dateOfBirth: "2022-12-10" },
      { id: "F", dateOfBirth: "2026-06-01" },
    ];
    const p = plan(
      "cp-guide",
      "2026-12-03",
      [ev("icpc_held", "2026-11-30", { outcome: "plan" }), ev("cp_visit", "2026-12-02")],
      { children },
    );
    // E turns 4 on 10 Dec 2026, before the next visit (16 Dec): seen alone then.
    expect(byRule(p.actions, "cp-guide.seen-alone-visits", "E").due).toBe("2026-12-16");
    expect(p.actions.some((a) => a.rule === "cp-guide.seen-alone-visits" && a.child === "F")).toBe(false);
    expect(byRule(p.actions, "cp-guide.babies-awake", "F").due).toBe("2026-12-16");
  });

  it("asks for a date of birth when an age alone cannot say whether a child will be 8 by then", () => {
    const p = plan("cp-guide", "2027-01-21", [ev("icpc_held", "2027-01-20", { outcome: "plan" })], {
      children: [{ id: "G", ageYears: 7 }],
    });
    expect(p.questions.find((q) => q.id === "child:G:dateOfBirth")?.text).toContain("turn 8");
    expect(p.actions.some((a) => a.rule === "cp-guide.advocacy-rcpc")).toBe(false);
  });

  it("asks about a non-resident parent, with why", () => {
    const p = plan("cp-guide", "2027-01-05", [ev("icpc_scheduled", "2027-01-20")]);
    const q = p.questions.find((x) => x.id === "nonResidentParent")!;
    expect(q.why).toContain("non-resident parents");
    expect(q.why).toContain("cp-guide");
  });

  it("status is relative to today, and done ids are honoured", () => {
    const events = [ev("icpc_held", "2026-11-30", { outcome: "plan" }), ev("cp_visit", "2026-12-02")];
    const late = plan("cp-guide", "2026-12-17", events);
    const visit = byRule(late.actions, "cp-guide.visits");
    expect(visit.status).toBe("overdue");
    const marked = plan("cp-guide", "2026-12-17", events, { done: [visit.id] });
    expect(byRule(marked.actions, "cp-guide.visits").status).toBe("done");
  });
});
