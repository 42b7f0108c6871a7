/** Reading messages: dates the UK way, events, ages, facts, roles and what is asked — many phrasings. */
import { describe, expect, it } from "vitest";
import { findDates } from "../../server/assistant/dates.js";
import { understand } from "../../server/assistant/understand.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";
import { loadVocabulary } from "../../server/checklists/vocabulary.js";
import { SHIPPED_CHECKLISTS } from "../../server/bootstrap.js";

const lib = loadLibrary(SHIPPED_GUIDANCE);
const knowledge = { glossary: lib.glossary, vocabulary: loadVocabulary(SHIPPED_CHECKLISTS), sets: lib.sets };
const TODAY = "2026-12-09"; // a Wednesday
const u = (m: string, hasIcpc = false) => understand(m, TODAY, knowledge, { hasIcpc });
const dates = (m: string) => findDates(m, TODAY).map((d) => d.iso);

describe("dates, day first", () => {
  it.each([
    ["the strategy discussion was 03/12/2026", "2026-12-03"],
    ["on 3/12/26", "2026-12-03"],
    ["on 3.12.2026", "2026-12-03"],
    ["ICPC was on 30/11", "2026-11-30"],
    ["booked for 20/01", "2027-01-20"],
    ["on 22 March 2027", "2027-03-22"],
    ["22nd of March 2027", "2027-03-22"],
    ["March 22nd, 2027", "2027-03-22"],
    ["on 1 Dec", "2026-12-01"],
    ["2026-12-03", "2026-12-03"],
    ["yesterday", "2026-12-08"],
    ["today", "2026-12-09"],
    ["tomorrow", "2026-12-10"],
    ["last Monday", "2026-12-07"],
    ["on Monday", "2026-12-07"],
    ["2 days ago", "2026-12-07"],
    ["a week ago", "2026-12-02"],
  ])("%s → %s", (text, iso) => {
    expect(dates(text)).toEqual([iso]);
  });

  it("never reads 03/12/2026 as 12 March, and ignores impossible dates", () => {
    expect(dates("03/12/2026")).not.toContain("2026-03-12");
    expect(dates("30/02/2026")).toEqual([]);
    expect(u("the visit was on 30/02/2026").badDates).toEqual(["30/02/2026"]);
  });

  it("turns a bare weekday forward when the sentence is about the future", () => {
    expect(findDates("the ICPC is booked for Friday", TODAY, true).map((d) => d.iso)).toEqual(["2026-12-11"]);
    expect(findDates("next Tuesday", TODAY).map((d) => d.iso)).toEqual(["2026-12-15"]);
  });
});

describe("the same day said twice", () => {
  it("“yesterday, 25 May 2027” is one ICPC, not an ICPC and a review", () => {
    const r = understand("Conference was yesterday, 25 May 2027, and he's on a plan.", "2027-05-26", knowledge);
    expect(r.events.map((e) => [e.type, e.date])).toEqual([["icpc_held", "2027-05-25"]]);
  });
});

describe("events stated in passing", () => {
  it.each([
    ["the strategy discussion was 03/12/2026", "strategy_discussion", "2026-12-03"],
    ["Strat meeting on 1/12/2026", "strategy_discussion", "2026-12-01"],
    ["ICPC was yesterday", "icpc_held", "2026-12-08"],
    ["initial conference was held on Monday", "icpc_held", "2026-12-07"],
    ["The ICPC is booked for 20/01/2027", "icpc_scheduled", "2027-01-20"],
    ["we had the core group on 5 December", "core_group_held", "2026-12-05"],
    ["I visited on 2 December 2026", "cp_visit", "2026-12-02"],
    ["review conf was last Monday", "rcpc_held", "2026-12-07"],
    ["RCPC booked for 15/03/2027", "rcpc_scheduled", "2027-03-15"],
    ["referral came in on 25/11/2026", "referral", "2026-11-25"],
  ])("%s", (text, type, date) => {
    expect(u(text).events).toEqual([expect.objectContaining({ type, date })]);
  });

  it("pairs each date with its own event", () => {
    expect(
      u("The ICPC was on 1 December 2026 and the first core group was held on 15/12/2026.").events.map((e) => [
        e.type,
        e.date,
      ]),
    ).toEqual([
      ["icpc_held", "2026-12-01"],
      ["core_group_held", "2026-12-15"],
    ]);
  });

  it("reads the ICPC's outcome", () => {
    expect(u("Conference was held on 07/12/2026 and the child is now on a plan.").events[0]).toMatchObject({
      type: "icpc_held",
      outcome: "plan",
    });
    expect(u("ICPC on 7/12/2026, no plan").events[0]!.outcome).toBe("no_plan");
    expect(u("ICPC 7/12/2026 deferred the decision").events[0]!.outcome).toBe("deferred");
    expect(u("ICPC yesterday, the vote was split").events[0]).toMatchObject({ splitVote: true, outcome: "plan" });
    expect(u("ICPC 1/12/2026, plan made.").events[0]!.outcome).toBe("plan");
  });

  it("reads a conference after an ICPC as a review", () => {
    expect(u("conference was held on 7/12/2026", true).events[0]!.type).toBe("rcpc_held");
  });

  it("notes a visit where the child was not seen", () => {
    expect(u("visited on Monday but didn't see the child").events[0]).toMatchObject({
      type: "cp_visit",
      childSeen: false,
    });
  });
});

describe("children and facts", () => {
  it.each([
    ["she's 9", 9],
    ["she’s 9", 9],
    ["the child is 6", 6],
    ["he is 12", 12],
    ["aged 7", 7],
    ["a 9 year old", 9],
    ["9-year-old boy", 9],
  ])("%s → age %i", (text, age) => {
    expect(u(text).children).toEqual([{ ageYears: age }]);
  });

  it("reads dates of birth day first", () => {
    expect(u("born 14/02/2019").children).toEqual([{ dateOfBirth: "2019-02-14" }]);
    expect(u("DOB 3/1/2020").children).toEqual([{ dateOfBirth: "2020-01-03" }]);
  });

  it("does not mistake durations for ages", () => {
    expect(u("it is 10 working days").children).toEqual([]);
  });

  it("reads looked after, unborn, non-resident parents and interpreters", () => {
    expect(u("he's looked after").children).toEqual([{ lookedAfter: true }]);
    expect(u("she is in care").children).toEqual([{ lookedAfter: true }]);
    expect(u("he is not looked after").children).toEqual([{ lookedAfter: false }]);
    expect(u("mum is pregnant, due 10/03/2027").children).toEqual([
      { unborn: true, expectedDeliveryDate: "2027-03-10" },
    ]);
    expect(u("dad doesn't live with them").facts.nonResidentParent).toBe(true);
    expect(u("the father does not live at home").facts.nonResidentParent).toBe(true);
    expect(u("we need an interpreter").facts.interpreterNeeded).toBe(true);
    expect(u("mum speaks little English").facts.interpreterNeeded).toBe(true);
  });
});

describe("who is asking, and what", () => {
  it.each([
    ["I'm the school's safeguarding lead, what do I need to do?", "school"],
    ["I am a GP invited to an ICPC, what do I have to do?", "gp"],
    ["I'm police, what is expected of us?", "police"],
    ["I'm a health visitor - what's my role?", "health_visitor"],
  ])("%s → role %s", (text, role) => {
    const r = u(text);
    expect(r.role).toBe(role);
    expect(r.intent).toBe("role");
  });

  it.each([
    ["I work in Bolton", "bolton"],
    ["we're in Leicestershire", "llr"],
    ["Darlington procedures please", "darlington"],
  ])("%s → set %s", (text, set) => {
    expect(u(text).set).toBe(set);
  });

  it.each([
    ["what does RCPC stand for?", "glossary"],
    ["what does LAC mean?", "glossary"],
    ["whats a CG", "procedure"],
    ["when is the RCPC due?", "deadline"],
    ["wen is the review conf due", "deadline"],
    ["ICPC was on 30/11, what now?", "deadline"],
    ["what happens next?", "deadline"],
    ["the child's 9, do they get an advocate?", "applies"],
    ["Do I have to see them on their own during visits?", "applies"],
    ["what if the child goes missing?", "whatif"],
    ["what happens if the family moves to another area?", "whatif"],
    ["mum won't let me see him alone", "whatif"],
    ["can the conference defer its decision?", "procedure"],
    ["what is the core group for?", "procedure"],
    ["The strategy discussion was 03/12/2026", "statement"],
  ])("%s → %s", (text, intent) => {
    expect(u(text).intent).toBe(intent);
  });

  it("takes the topic from the question, not the statement before it", () => {
    const r = u("We had the ICPC yesterday, 18 March 2027. When does the first core group need to be held by?");
    expect(r.topics[0]).toBe("first_core_group");
    expect(r.topics).not.toContain("icpc");
  });

  it.each([
    ["when do the minutes need to be done?", "minutes"],
    ["when's the next core group", "core_group_frequency"],
    ["when do I need to tell the CSU?", "icpc_booking"],
    ["when is my next visit due?", "visits"],
    ["when must the report go to the family?", "reports_before_conference"],
  ])("%s → topic %s", (text, topic) => {
    expect(u(text).topics[0]).toBe(topic);
  });
});
