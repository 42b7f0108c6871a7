/**
 * Replies grounded in the engine: agency staff get their own agency's part (the duties page's items and the engine's
 * dates); a question whether a duty applies is answered with the action, its date and its paragraph — never a bare
 * yes; a date told without its event is placed on the event the rule counts from.
 * Dates worked by hand from the calendar and the text (working days skip weekends and bank holidays).
 */
import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";

const { app } = await makeApp();
type Body = {
  conversationId: string;
  reply: { text: string; sources: { quote: string }[]; links?: { url: string }[] };
};
async function talk(procedures: string, today: string, ...messages: string[]): Promise<Body[]> {
  const out: Body[] = [];
  for (const message of messages) {
    const res = await app.request("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message, procedures, today, conversationId: out.at(-1)?.conversationId }),
    });
    expect(res.status).toBe(200);
    out.push((await res.json()) as Body);
  }
  return out;
}

describe("agency staff", () => {
  it("a GP who cannot attend gets the GP's duty and its date, not the social worker's", async () => {
    // Bolton: "If a worker who has important information is unable to attend the conference, they should submit a
    // written report…"; reports reach the chair 24 hours before, read as the working day before (DOMAIN.md).
    // ICPC Wed 10 March 2027 → Tue 9 March 2027.
    const [r] = await talk(
      "bolton",
      "2027-03-01",
      "I'm the GP. The ICPC is booked for 10/03/2027. What if I can't attend?",
    );
    expect(r!.reply.text).toMatch(/^.*As the GP, under Bolton/m);
    expect(r!.reply.text).toMatch(/cannot attend: submit a written report[^\n]*Tuesday 9 March 2027/);
    expect(r!.reply.text).not.toMatch(/Tell me the date of the conference/);
    expect(r!.reply.sources.some((s) => /unable to attend the conference/.test(s.quote))).toBe(true);
    expect(r!.reply.links?.some((l) => l.url.includes("/duties"))).toBe(true);
  });

  it("what others owe the agency is shown as theirs (LLR: the safeguarding unit notifies the police)", async () => {
    // LLR: "based on 7 working days' notice": ICPC Wed 10 March 2027, 7 working days before:
    // 9, 8, 5, 4, 3, 2, 1 March → Monday 1 March 2027.
    const [r] = await talk(
      "llr",
      "2027-02-15",
      "I'm a police officer. The ICPC is on 10/03/2027. What do we need to do?",
    );
    expect(r!.reply.text).toMatch(/As the police, under Leicester/);
    expect(r!.reply.text).toMatch(
      /Notify Police that the ICPC is being held \(Safeguarding unit\) — by Monday 1 March 2027/,
    );
  });

  it("'are we still in time?' stays on the duty just discussed, and a past date is overdue", async () => {
    // LLR: an agency given an inappropriate role escalates "no later than 10 working days after the ICPC".
    // ICPC Tue 5 May 2026: 6, 7, 8, 11, 12, 13, 14, 15, 18, 19 May → Tue 19 May 2026 (no bank holiday between).
    const [, r] = await talk(
      "llr",
      "2026-05-20",
      "I work in housing. They've given us an action in the plan that we don't think is ours. What now?",
      "The ICPC was on Tuesday 5 May. Are we still in time?",
    );
    expect(r!.reply.text).toMatch(/escalates it to the chair[^\n]*overdue \(it was due Tuesday 19 May 2026\)/);
  });
});

describe("does a duty apply?", () => {
  it("answers with the engine's action and date and the paragraph, not a bare yes", async () => {
    // cp-guide: the CPC is notified of any significant event "within 1 working day": Mon 14 June 2027 → Tue 15 June.
    const [r] = await talk(
      "cp-guide",
      "2027-06-15",
      "Mum was arrested yesterday and the kids went into foster care under S20. Do I have to tell the chair?",
    );
    expect(r!.reply.text).not.toMatch(/^Yes\b/);
    expect(r!.reply.text).toMatch(/Tuesday 15 June 2027/);
    expect(r!.reply.sources.some((s) => /significant events within 1 working day/.test(s.quote))).toBe(true);
  });
});

describe("a date told without naming its event", () => {
  it("is placed on the event the rule counts from, and the engine dates the rule", async () => {
    // LLR: MAQA alerts "should be resolved within 10 working days": raised Wed 14 April 2027 → 15, 16, 19, 20, 21,
    // 22, 23, 26, 27, 28 April → Wednesday 28 April 2027 (Easter 2027 is already past).
    const [, r] = await talk(
      "llr",
      "2027-04-15",
      "What's a MAQA?",
      "I raised one yesterday, 14 April 2027. When should it be sorted by?",
    );
    expect(r!.reply.text).toMatch(/Wednesday 28 April 2027/);
    expect(r!.reply.sources.some((s) => /resolved within 10 working days/.test(s.quote))).toBe(true);
  });
});
