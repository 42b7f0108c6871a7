/** Every follow-up button the assistant offers must lead to a real answer, two clicks deep, from several openings. */
import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";

const { app } = await makeApp(undefined, "2027-01-05");
type Reply = { conversationId: string; reply: { text: string; sources: unknown[]; suggestions?: string[] } };
const ask = async (message: string, conversationId?: string): Promise<Reply> => {
  const res = await app.request("/api/ask", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      message,
      today: "2027-01-05",
      procedures: "bolton",
      ...(conversationId ? { conversationId } : {}),
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Reply;
};
const NOT_AN_ANSWER =
  /I can only help with|I could not find that|I have not picked out|Which procedure set do you follow/;

const openings = [
  "The ICPC was on 14/12/2026 and the child is on a plan. What happens next?",
  "When is the first core group due? The ICPC was on 14/12/2026 and she's on a plan.",
  "I'm a GP invited to an ICPC. What do I have to do?",
  "What is a core group for?",
  "The child is 9. Do they get an advocate?",
];

describe("suggested follow-ups", () => {
  it.each(openings)("each suggestion after “%s” (and after those) gets an answer", async (opening) => {
    const problems: string[] = [];
    const first = await ask(opening);
    expect(first.reply.suggestions?.length).toBeGreaterThan(0);
    for (const s of first.reply.suggestions ?? []) {
      const again = await ask(opening);
      const r = await ask(s, again.conversationId);
      if (NOT_AN_ANSWER.test(r.reply.text)) problems.push(`${s} → ${r.reply.text.slice(0, 120)}`);
      for (const s2 of r.reply.suggestions ?? []) {
        const base = await ask(opening);
        await ask(s, base.conversationId);
        const r2 = await ask(s2, base.conversationId);
        if (NOT_AN_ANSWER.test(r2.reply.text)) problems.push(`${s} › ${s2} → ${r2.reply.text.slice(0, 120)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
