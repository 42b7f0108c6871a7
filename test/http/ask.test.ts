import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConversationStore } from "../../server/assistant/conversations.js";
import { htmx, makeApp } from "../helpers.js";

const { app, store } = await makeApp(undefined, "2027-01-05");
const ask = (body: Record<string, unknown>) =>
  app.request("/api/ask", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
type AskReply = {
  conversationId: string;
  reply: {
    text: string;
    sources: { quote: string; url: string }[];
    actions?: { due: string }[];
    suggestions?: string[];
  };
};

describe("POST /api/ask", () => {
  it("remembers what it was told within a conversation", async () => {
    const first = (await (
      await ask({ message: "I work in Bolton. Strategy discussion was on 18/12/2026.", today: "2026-12-21" })
    ).json()) as AskReply;
    expect(first.reply.text).toContain("strategy discussion on Friday 18 December 2026");
    const second = (await (
      await ask({ message: "When is the ICPC due?", conversationId: first.conversationId, today: "2026-12-21" })
    ).json()) as AskReply;
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.reply.text).toMatch(/^Initial child protection conference \(ICPC\): by Wednesday 13 January 2027/);
    expect(second.reply.text).toContain("skips 25 and 28 December and 1 January");
    expect(second.reply.sources[0]!.url).toContain("/guidance/bolton/");
  });

  it("gives the rule in words first, then asks for exactly the missing fact", async () => {
    const r = (await (
      await ask({ message: "When is the first core group due?", procedures: "llr" })
    ).json()) as AskReply;
    expect(r.reply.text).toMatch(/^Initial core group[^\n]*: 10 working days after the ICPC\./);
    expect(r.reply.text).toContain("When was the ICPC held?");
  });

  it("asks which procedure set when it does not know", async () => {
    const r = (await (await ask({ message: "When is the RCPC due?" })).json()) as AskReply;
    expect(r.reply.text).toContain("Which procedure set do you follow?");
  });

  it("says when a set is silent, never borrowing another set's rule", async () => {
    const r = (await (
      await ask({ message: "How often must I visit the child? ICPC was 1/12/2026, on a plan.", procedures: "llr" })
    ).json()) as AskReply;
    expect(r.reply.text).toContain("do not say how often the child must be visited");
    expect(r.reply.text).not.toMatch(/10 working days/);
  });

  it("never invents a date for an impossible one", async () => {
    const r = (await (await ask({ message: "ICPC was on 30/02/2026", procedures: "bolton" })).json()) as AskReply;
    expect(r.reply.text).toContain("30/02/2026 is not a real date");
  });

  it("answers in a case's context", async () => {
    const created = await app.request("/api/cases", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        reference: "CHAT-1",
        procedures: "cp-guide",
        children: [{ id: "AB", dateOfBirth: "2016-03-01" }],
      }),
    });
    const { case: c } = (await created.json()) as { case: { id: string } };
    await app.request(`/api/cases/${c.id}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ event: { type: "icpc_held", date: "2027-01-04", outcome: "plan" } }),
    });
    const r = (await (await ask({ message: "When is the first visit due?", caseId: c.id })).json()) as AskReply;
    // 48 hours after Mon 4 Jan 2027 → Wed 6 Jan; 2 working days → Wed 6 Jan.
    expect(r.reply.text).toContain("Wednesday 6 January 2027");
    expect((await store.get(c.id))!.events).toHaveLength(1); // asking changes nothing in the case
  });

  it.each([
    [{ message: "" }, 400, "message"],
    [{ message: "x".repeat(2001) }, 400, "message"],
    [{}, 400, "message"],
    [{ message: "hi", conversationId: "0123456789abcdef" }, 404, "conversationId"],
    [{ message: "hi", caseId: "nocase12" }, 404, "nocase12"],
    [{ message: "hi", procedures: "atlantis" }, 404, "atlantis"],
    [{ message: "hi", today: "2026-02-30" }, 400, "today"],
  ])("%j → %i naming %s", async (body, status, word) => {
    const res = await ask(body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(word);
  });
});

describe("conversations are kept and expire", () => {
  it("survive a restart and expire after the configured time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conv-"));
    let now = new Date("2027-01-05T09:00:00Z");
    const a = new ConversationStore(dir, 3_600_000, () => now);
    const c = a.create();
    c.set = "bolton";
    await a.save(c);
    const b = new ConversationStore(dir, 3_600_000, () => now);
    expect((await b.get(c.id))?.set).toBe("bolton");
    now = new Date("2027-01-05T10:00:01Z");
    expect(await b.get(c.id)).toBeUndefined();
    expect(await new ConversationStore(dir, 3_600_000, () => now).get(c.id)).toBeUndefined();
  });
});

describe("/chat page", () => {
  const session = async () => {
    const res = await app.request("/chat");
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const csrf = /name="_csrf" value="([a-f0-9]+)"/.exec(await res.text())![1]!;
    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...headers },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      });
    return { post, cookie };
  };

  it("sends a message with htmx and shows the reply, escaped, with what it understood", async () => {
    const { post } = await session();
    const res = await post(
      "/chat",
      { message: "The ICPC is booked for 20/01/2027 <script>x</script>", procedures: "cp-guide" },
      htmx,
    );
    const html = await res.text();
    expect(html.startsWith('<div id="chat"')).toBe(true);
    expect(html).toContain("ICPC booked (date of the conference): Wednesday 20 January 2027");
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(html).not.toContain("<script>x</script>");
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain("Save as case");
  });

  it("links agency staff to their whole part in the area", async () => {
    const r = (await (
      await ask({ message: "I'm a GP and we've been invited to an ICPC. What do I have to do?", procedures: "bolton" })
    ).json()) as AskReply & { reply: { links?: { label: string; url: string }[] } };
    expect(r.reply.links).toEqual([{ label: "All of the GP’s part in Bolton", url: "/duties?agency=gp&set=bolton" }]);
    const duties = await app.request(r.reply.links![0]!.url);
    expect(duties.status).toBe(200);
  });

  it("shows who is asking and what the conversation is about", async () => {
    const { post } = await session();
    const res = await post(
      "/chat",
      { message: "I'm a health visitor. When is the first core group?", procedures: "bolton" },
      htmx,
    );
    const html = await res.text();
    expect(html).toMatch(/<dt>You are<\/dt>\s*<dd>health visitor<\/dd>/);
    expect(html).toMatch(/<dt>Talking about<\/dt>\s*<dd>First core group/);
    // Agency staff hold no cases here (a social worker's conversation offers it: the test above).
    expect(html).not.toContain("Save as case");
  });

  it("keeps the message and shows an error for an empty one", async () => {
    const { post } = await session();
    const res = await post("/chat", { message: "   " });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("type a question or what has happened");
  });

  it("saves the conversation as a case", async () => {
    const { post } = await session();
    const first = await post("/chat", {
      message: "Strategy discussion was on 04/01/2027, she's 9",
      procedures: "bolton",
    });
    const id = new URL(first.headers.get("location")!, "http://x").searchParams.get("c")!;
    const saved = await post(`/chat/${id}/save`, { reference: "FROM-CHAT" });
    expect(saved.status).toBe(303);
    const caseId = saved.headers.get("location")!.split("/").pop()!;
    const rec = (await store.get(caseId))!;
    expect(rec.reference).toBe("FROM-CHAT");
    expect(rec.events.map((e) => [e.type, e.date])).toEqual([["strategy_discussion", "2027-01-04"]]);
    expect(rec.children).toEqual([{ id: "Child 1", ageYears: 9 }]);
  });
});
