/**
 * A conversation, not a string of separate questions: follow-ups lean on the last answer, corrections amend
 * what was said, what-ifs leave the facts alone. Every date below is worked by hand from the England and
 * Wales calendar (bank holidays 25 and 28 December 2026, 1 January 2027) and the quoted rule.
 */
import { describe, expect, it } from "vitest";
import { findDates } from "../../server/assistant/dates.js";
import { formatLong } from "../../server/domain/dates.js";
import { makeApp } from "../helpers.js";

const { app, ctx } = await makeApp(undefined, "2027-01-05");
type Reply = { conversationId: string; reply: { text: string; sources: { url: string; quote: string }[] } };
async function say(message: string, extra: Record<string, unknown> = {}): Promise<Reply> {
  const res = await app.request("/api/ask", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ message, today: "2027-01-05", ...extra }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Reply;
}

describe("a conversation about one case (Bolton)", () => {
  it("answers, explains, takes a correction, tries a what-if and switches area", async () => {
    // Bolton: first core group within 10 working days of the ICPC. ICPC Mon 14 Dec 2026: Tue 15 (1), 16, 17, 18,
    // 21, 22, 23, Thu 24 (8); Fri 25 and Mon 28 are bank holidays; Tue 29 (9), Wed 30 December (10).
    // Today is Tue 5 Jan 2027: 31 Dec, (1 Jan holiday), 4 Jan, 5 Jan → overdue by 3 working days.
    const a = await say(
      "I work in Bolton. The ICPC was on 14/12/2026 and the child is on a plan. When is the first core group due?",
    );
    expect(a.reply.text).toContain("Wednesday 30 December 2026");
    expect(a.reply.text).toContain("overdue by 3 working days");
    const id = { conversationId: a.conversationId };

    const b = await say("how did you get that date?", id);
    expect(b.reply.text).toContain("30 December 2026");
    expect(b.reply.text).toMatch(/10 working days after the ICPC/);

    // "no — the 15th" moves the ICPC (the event last told) to Tue 15 Dec 2026: 16 (1), 17, 18, 21, 22, 23, 24 (7),
    // 29 (8), 30 (9), Thu 31 December 2026 (10).
    const c = await say("no — the 15th", id);
    expect(c.reply.text).toContain("Changed: the ICPC is now Tuesday 15 December 2026");
    expect(c.reply.text).toContain("Thursday 31 December 2026");

    // What if it had been a week later, Tue 22 Dec: 23 (1), 24 (2), 29 (3), 30 (4), 31 (5), Mon 4 Jan (6), 5, 6, 7,
    // Fri 8 January 2027 (10). The conversation keeps 15 December.
    const d = await say("suppose the ICPC slipped a week", id);
    expect(d.reply.text).toContain("Friday 8 January 2027");
    expect(d.reply.text).toContain("nothing is changed");
    const again = await say("how did you get that date?", id);
    expect(again.reply.text).toContain("Thursday 31 December 2026");

    const e = await say("same question for Darlington", id);
    expect(e.reply.text).toMatch(/^For Darlington:/);
    expect(e.reply.sources.every((s) => s.url.startsWith("/guidance/darlington/"))).toBe(true);
  });
});

describe("what the user told implies a plan", () => {
  it("counts from a core group it was told of, says it assumed a plan, and dates nothing from the ICPC", async () => {
    // cp-guide: core groups "every 28 days thereafter". Held Mon 11 Jan 2027 + 28 days = Mon 8 February 2027.
    const r = await say("We held a core group on 11/01/2027. When is the next core group due?", {
      procedures: "cp-guide",
    });
    expect(r.reply.text).toContain("Monday 8 February 2027");
    expect(r.reply.text).toContain("Assuming the child is on a child protection plan");
    expect(r.reply.text).not.toContain("10 January 2027");
  });
});

describe("a date whose event is what the conversation is about", () => {
  it("tries “say the first one is on …” on a copy and answers the next question from it", async () => {
    // LSCB ch9: first core group within ten working days of the ICPC (Mon 7 Dec 2026 → 8, 9, 10, 11, 14, 15, 16,
    // 17, 18, Mon 21 December 2026); after that "within six weeks of the first meeting": Thu 17 Dec 2026 + 42 days
    // = Thursday 28 January 2027.
    const a = await say("The ICPC was on 7 December 2026 and he's on a plan. When is the first core group due?", {
      procedures: "lscb-ch9",
      today: "2026-12-08",
    });
    expect(a.reply.text).toContain("Monday 21 December 2026");
    const id = { conversationId: a.conversationId, procedures: "lscb-ch9", today: "2026-12-08" };
    const b = await say("Say the first one is on 17 December - when's the next?", id);
    expect(b.reply.text).toContain("Thursday 28 January 2027");
    expect(b.reply.text).toContain("nothing is changed");
    const c = await say("When is the first core group due?", id);
    expect(c.reply.text).toContain("Monday 21 December 2026");
  });

  it("answers for a booked ICPC as if it goes ahead and makes a plan, and says so", async () => {
    // Bolton: first core group within 10 working days of the ICPC: Mon 11 Jan 2027 → 12, 13, 14, 15, 18, 19, 20,
    // 21, 22, Monday 25 January 2027.
    const r = await say("The ICPC is booked for Monday 11 January 2027. When would the first core group be?", {
      procedures: "bolton",
    });
    expect(r.reply.text).toContain("Monday 25 January 2027");
    expect(r.reply.text).toContain(
      "If the ICPC goes ahead on Monday 11 January 2027 and makes a child protection plan",
    );
  });
});

describe("dates told in words are said back", () => {
  it("says how it read “a fortnight ago” (5 Jan 2027 − 14 days = Tuesday 22 December 2026)", async () => {
    const r = await say("The strategy discussion was a fortnight ago. When is the ICPC due?", { procedures: "bolton" });
    expect(r.reply.text).toContain("“a fortnight ago” as Tuesday 22 December 2026");
  });
});

describe("what it will not answer", () => {
  it.each([
    "what's the weather going to be like tomorrow?",
    "asdfgh qwerty",
    "who won the football last night?",
    "can you give me a recipe for flapjacks?",
  ])("declines politely: %s", async (m) => {
    const r = await say(m, { procedures: "bolton" });
    expect(r.reply.text).toContain("I can only help with child protection procedures");
    expect(r.reply.sources).toEqual([]);
  });

  it("records a question it could not answer for the procedures lead, and not one it could", async () => {
    await say("what's the weather going to be like tomorrow?", { procedures: "bolton" });
    await say("When is the first core group due after the ICPC?", { procedures: "bolton" });
    await ctx.feedback.close();
    const asked = (await ctx.feedback.lines())
      .filter((l) => "kind" in l && l.kind === "ask")
      .map((l) => ("query" in l ? l.query : ""));
    expect(asked).toContain("what's the weather going to be like tomorrow?");
    expect(asked).not.toContain("When is the first core group due after the ICPC?");
  });
});

describe("one truth: yes or no is the engine's", () => {
  // cp-guide: "Any children over the age of 8 should be offered … an independent advocate", read as 8 or over.
  it.each([
    [9, "Yes"],
    [8, "Yes"],
    [5, "No"],
  ])("a child aged %i: %s, as the engine's plan says", async (age, word) => {
    const r = await say(`The child is ${age}. The ICPC is booked for 20/01/2027. Do they get an advocate?`, {
      procedures: "cp-guide",
    });
    expect(r.reply.text.startsWith(word)).toBe(true);
    const plan = (await (
      await app.request("/api/plan", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          procedures: "cp-guide",
          today: "2027-01-05",
          children: [{ id: "Child 1", ageYears: age }],
          events: [{ type: "icpc_scheduled", date: "2027-01-20" }],
        }),
      })
    ).json()) as { actions: { duty: string; child?: string }[] };
    const engineSaysYes = plan.actions.some((a) => a.duty === "advocacy" && a.child === "Child 1");
    expect(engineSaysYes).toBe(word === "Yes");
  });
});

describe("dates as people say them (today Wednesday 9 December 2026 unless said)", () => {
  const iso = (text: string, today = "2026-12-09", future = false) => findDates(text, today, future).map((d) => d.iso);
  it.each([
    ["a fortnight ago", "2026-11-25"], // 14 days before 9 Dec
    ["two fortnights ago", "2026-11-11"],
    ["next Tuesday", "2026-12-15"],
    ["the 3rd", "2026-12-03"], // a day alone: this month, not in the future
  ])("%s → %s", (text, want) => expect(iso(text)).toEqual([want]));
  it("names the Christmas holidays, nearest to today", () => {
    expect(iso("on Boxing Day", "2027-01-05")).toEqual(["2026-12-26"]);
    expect(iso("New Year's Eve", "2026-12-20")).toEqual(["2026-12-31"]);
    expect(iso("Christmas Eve", "2027-01-04")).toEqual(["2026-12-24"]);
  });
  it("a week on Friday: the coming Friday and seven days more (Wed 3 Nov 2027 → Fri 5 Nov → Fri 12 Nov)", () => {
    expect(iso("the review is a week on Friday", "2027-11-03", true)).toEqual(["2027-11-12"]);
  });
  it("a weekday and a day together: “Friday the 12th” on Tue 9 Nov 2027 is Fri 12 Nov 2027", () => {
    expect(iso("it was moved to Friday the 12th", "2027-11-09")).toEqual(["2027-11-12"]);
  });
  it("“two weeks ago today” is one date (Wed 24 Nov 2027 − 14 days = Wed 10 Nov 2027)", () => {
    expect(iso("the strategy was two weeks ago today", "2027-11-24")).toEqual(["2027-11-10"]);
  });
  it("“this Thursday” is the Thursday of this week, either side of today (Mon 7 Jun 2027 → Thu 10 Jun)", () => {
    expect(iso("the core group is this Thursday", "2027-06-07")).toEqual(["2027-06-10"]);
    expect(iso("the core group was this Monday", "2027-06-09")).toEqual(["2027-06-07"]);
  });
  it("“this week” and “next week” are stretches of time, not dates", () => {
    expect(iso("she went round twice this week", "2027-09-08")).toEqual([]);
    expect(iso("I'm chairing it next week", "2027-05-04")).toEqual([]);
  });
  it("a day alone in the future when the talk is of a booking", () => {
    expect(iso("booked for the 3rd", "2026-12-09", true)).toEqual(["2027-01-03"]);
  });
  it("does not read 'what now' or 'at the moment' as dates", () => {
    expect(iso("ICPC was on 30/11, what now?")).toEqual(["2026-11-30"]);
    expect(iso("we are seeing them at the moment")).toEqual([]);
  });
});

describe("the kind of question", () => {
  it("“what's the latest…” asks for a date", async () => {
    // Darlington: "By Day 15 at the latest the ICPC must be convened"; day 0 Mon 1 Mar 2027 → 2, 3, 4, 5 (4),
    // 8–12 (9), 15–19 (14), Mon 22 March 2027 (15).
    const r = await say(
      "strategy discussion was on Monday 1 March 2027 and it's gone to S47. what's the latest the ICPC can be?",
      {
        procedures: "darlington",
        today: "2027-03-02",
      },
    );
    expect(r.reply.text).toContain("Monday 22 March 2027");
  });

  it("“does anything need to happen?” after a low grading is what happens next, not a yes", async () => {
    // cp-guide: grading 0–2 escalated to the Service Manager "within 24 hours of the ICPC/ RCPC": review on Tue
    // 16 Feb 2027 → Wednesday 17 February 2027.
    const r = await say("at the review conference yesterday the overall grading was 1. does anything need to happen?", {
      procedures: "cp-guide",
      today: "2027-02-17",
    });
    expect(r.reply.text).toMatch(/^(?!Yes\b)/);
    expect(r.reply.text).toContain("Service Manager");
    expect(r.reply.text).toContain("Wednesday 17 February 2027");
  });
});

describe("several children", () => {
  it("answers “which ones…?” for each child, from the engine", async () => {
    // cp-guide: "During a S47 enquiry any children over the age of 4 should be seen alone" (4 or over). On Mon 1 Mar
    // 2027: born 10 May 2021 → 5 (yes); born 20 Aug 2024 → 2 (no); born 1 Feb 2018 → 9 (yes).
    const r = await say(
      "I'm doing an S47 on three children, DOBs 10/05/2021, 20/08/2024 and 01/02/2018. Which ones have to be seen alone?",
      { procedures: "cp-guide", today: "2027-03-01" },
    );
    expect(r.reply.text).toContain("Child 1 (born Monday 10 May 2021): yes");
    expect(r.reply.text).toContain("Child 2 (born Tuesday 20 August 2024): no");
    expect(r.reply.text).toContain("Child 3 (born Thursday 1 February 2018): yes");
  });
});

describe("one truth: dates are the engine's", () => {
  // For each set and duty, the date the assistant gives is the one POST /api/plan gives for the same facts.
  const sets = ["bolton", "darlington", "llr", "lscb-ch9", "cp-guide"];
  const asks: [string, string][] = [
    ["first_core_group", "When is the first core group due?"],
    ["rcpc", "When is the review conference due?"],
  ];
  for (const set of sets)
    for (const [duty, question] of asks)
      it(`${set}: ${duty}`, async () => {
        const r = await say(`The ICPC was held on 14/12/2026 and the child is on a plan. ${question}`, {
          procedures: set,
        });
        const plan = (await (
          await app.request("/api/plan", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              procedures: set,
              today: "2027-01-05",
              events: [{ type: "icpc_held", date: "2026-12-14", outcome: "plan" }],
            }),
          })
        ).json()) as { actions: { duty: string; due: string | null; status: string }[] };
        const dated = plan.actions.filter((a) => a.duty === duty && a.due && a.status !== "done");
        if (!dated.length) {
          expect(r.reply.text).not.toMatch(/\b\d{1,2} (January|February|March|April) 2027\b/);
          return;
        }
        expect(dated.some((a) => r.reply.text.includes(formatLong(a.due!)))).toBe(true);
      });
});
