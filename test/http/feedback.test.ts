/** Learning from use: Yes / No on search and chat, automatic records, the lead's page and teaching the question bank. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Hono } from "hono";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SHIPPED_GUIDANCE, htmx, makeApp } from "../helpers.js";
import type { AppContext } from "../../server/app-context.js";
import { FileFeedbackStore } from "../../server/feedback/store.js";
import { pendingSearches, recordAsked } from "../../server/feedback/record.js";
import { summarise } from "../../server/feedback/review.js";
import { groupId, queryKey, type FeedbackItem } from "../../server/feedback/model.js";
import { QuestionBankFile } from "../../server/guidance/question-bank.js";

/** A browser session: keeps cookies, reads the CSRF token from a page. */
function session(app: Hono) {
  let cookie = "";
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Cookie: cookie },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const name = pair!.split("=")[0]!;
      cookie = [...cookie.split("; ").filter((x) => x && !x.startsWith(`${name}=`)), pair].join("; ");
    }
    return res;
  };
  const post = async (
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
    csrf = true,
  ) => {
    const body = new URLSearchParams();
    if (csrf) body.append("_csrf", /name="_csrf" value="([a-f0-9]+)"/.exec(await (await request("/chat")).text())![1]!);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body,
    });
  };
  return { request, post };
}

const items = (ctx: AppContext) =>
  (ctx.feedback as FileFeedbackStore).linesNow().filter((l): l is FeedbackItem => l.type === "feedback");
const last = (ctx: AppContext) => items(ctx).at(-1)!;
const feedbackFile = (ctx: AppContext) => readFileSync((ctx.feedback as FileFeedbackStore).path, "utf8");

describe("Did this answer your question? (search)", async () => {
  const { app, ctx } = await makeApp();
  const s = session(app);
  const q = "first core group timescale";

  it("shows the Yes / No control under the results, and records a No with the query, set, top passage and score", async () => {
    const page = await (await s.request(`/search?q=${encodeURIComponent(q)}&procedures=bolton`)).text();
    expect(page).toContain("Did this answer your question?");
    expect(page).toMatch(/<form method="post" action="\/feedback\/answer"/);

    const res = await s.post("/feedback/answer", {
      kind: "search",
      q,
      procedures: "bolton",
      answer: "no",
      target: "answer-search",
    });
    expect(res.status).toBe(303);
    const back = res.headers.get("location")!;
    expect(back).toBe(`/search?q=first+core+group+timescale&procedures=bolton&answered=no#answer-search`);
    const after = await (await s.request(back)).text();
    expect(after).toContain("Thank you for your feedback");
    expect(after).not.toContain("Did this answer your question?");

    const item = last(ctx);
    expect(item).toMatchObject({ kind: "search", signal: "no", query: q, sets: ["bolton"] });
    expect(item.top).toMatchObject({ set: "bolton", document: "child-protection-conferences", version: "1" });
    expect(item.top!.passage).toMatch(/-p\d+$/);
    expect(item.top!.score).toBeGreaterThan(0);
    expect(Date.parse(item.at)).toBeGreaterThan(Date.now() - 60_000);
    // Coming back to the page after answering does not record the search again.
    expect(items(ctx).filter((i) => i.query === q)).toHaveLength(1);
  });

  it("answers htmx with the thanks in place of the control", async () => {
    const res = await s.post("/feedback/answer", { kind: "search", q, answer: "yes", target: "answer-search" }, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="answer-search"');
    expect(html).toContain("Thank you for your feedback");
    expect(last(ctx)).toMatchObject({ signal: "yes", sets: [] });
  });

  it("refuses an answer without the CSRF token, and one that is not Yes or No", async () => {
    expect((await s.post("/feedback/answer", { kind: "search", q, answer: "no" }, {}, false)).status).toBe(403);
    expect((await s.post("/feedback/answer", { kind: "search", q, answer: "maybe" })).status).toBe(400);
  });

  it("records searches that find nothing or only a weak match, without a button; good ones are not recorded", async () => {
    const before = items(ctx).length;
    await s.request("/search?q=zzzz+qqqq");
    await s.request(`/search?q=${encodeURIComponent("mobile phone policy")}`);
    await s.request(`/search?q=${encodeURIComponent("when must the ICPC take place after the strategy discussion")}`);
    await ctx.feedback.close();
    const added = items(ctx).slice(before);
    expect(added.map((i) => [i.query, i.signal])).toEqual([
      ["zzzz qqqq", "no-results"],
      ["mobile phone policy", "low-score"],
    ]);
    expect(added[0]!.top).toBeUndefined();
    expect(added[1]!.top?.score).toBeLessThan(25);
  });

  it("while typing (htmx), records only the search the person stopped at", async () => {
    const before = items(ctx).length;
    await s.request("/search?q=when", { headers: htmx }); // weak, but they carry on typing
    await s.request(`/search?q=${encodeURIComponent("when is the review conference")}`, { headers: htmx });
    await s.request("/search?q=parking+permits", { headers: htmx }); // weak, and they stop here
    await pendingSearches(ctx).flush();
    await ctx.feedback.close();
    expect(
      items(ctx)
        .slice(before)
        .map((i) => i.query),
    ).toEqual(["parking permits"]);
  });
});

describe("Did this answer your question? (chat) keeps no case data", async () => {
  const { app, ctx, store } = await makeApp(undefined, "2027-01-05");
  const s = session(app);

  it("records the question typed and the reply's passage; never the case, conversation, children or dates of birth", async () => {
    const rec = await store.create(
      {
        reference: "CP-SECRET-7731",
        procedures: "bolton",
        versions: {},
        children: [{ id: "ZQ", dateOfBirth: "2019-03-14" }],
      },
      "SW1",
    );
    const question = "How often should core groups meet?";
    const sent = await s.post("/chat", { message: question, caseId: rec.id });
    expect(sent.status).toBe(303);
    const conversationId = new URL(sent.headers.get("location")!, "http://x").searchParams.get("c")!;
    const page = await (await s.request(`/chat?c=${conversationId}`)).text();
    expect(page).toContain("Did this answer your question?");
    const at = /name="at" value="([^"]+)"/.exec(page)![1]!;
    const target = /name="target" value="(answer-\d+)"/.exec(page)![1]!;

    const res = await s.post("/feedback/answer", { kind: "ask", conversationId, at, answer: "no", target });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/chat?c=${conversationId}#${target}`);
    const after = await (await s.request(res.headers.get("location")!)).text();
    expect(after).toContain("Thank you for your feedback");
    // Answering twice records once.
    await s.post("/feedback/answer", { kind: "ask", conversationId, at, answer: "no", target });

    const mine = items(ctx).filter((i) => i.kind === "ask" && i.signal === "no");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ query: question, sets: ["bolton"] });
    expect(mine[0]!.top?.set).toBe("bolton");
    expect(Object.keys(mine[0]!).sort()).toEqual(["at", "id", "kind", "query", "sets", "signal", "top", "type"]);

    await ctx.feedback.close();
    const raw = feedbackFile(ctx);
    expect(raw).toContain(question);
    for (const secret of [rec.id, conversationId, "CP-SECRET-7731", "ZQ", "2019-03-14", "14/03/2019", "caseId"])
      expect(raw).not.toContain(secret);
  });

  it("recordAsked records unsure replies only, trimmed to 500 characters", async () => {
    const before = items(ctx).length;
    await recordAsked(ctx, { query: "when is the ICPC due", set: "bolton", confident: true });
    const top = { set: "bolton", document: "child-protection-conferences", version: "1", passage: "1-timing-p1" };
    await recordAsked(ctx, {
      query: "can the nan come",
      set: "bolton",
      top: { ...top, score: 12.5 },
      confident: false,
    });
    await recordAsked(ctx, { query: `what about ${"x".repeat(600)}`, confident: false });
    const added = items(ctx).slice(before);
    expect(added.map((i) => [i.kind, i.signal, i.sets])).toEqual([
      ["ask", "low-confidence", ["bolton"]],
      ["ask", "no-results", []],
    ]);
    expect(added[0]!.top).toEqual({ ...top, score: 12.5 });
    expect(added[1]!.query).toHaveLength(500);
  });
});

describe("the procedures lead's page and the question bank", async () => {
  // A copy of the shipped guidance: these tests write question bank files, never the repository's.
  const guidance = mkdtempSync(join(tmpdir(), "pathway-guidance-"));
  cpSync(SHIPPED_GUIDANCE, guidance, { recursive: true });
  const bankFile = join(guidance, "bolton/child-protection-conferences/1.questions.yaml");
  const { app, ctx } = await makeApp(guidance);
  const s = session(app);
  const question = "who keeps a record of what the family said at the meeting";
  const id = groupId(queryKey(question));

  it("lists a No with its count, where it was asked and the passage it got", async () => {
    await s.post("/feedback/answer", { kind: "search", q: question, procedures: "bolton", answer: "no" });
    await s.post("/feedback/answer", { kind: "search", q: `${question}?`, procedures: "bolton", answer: "no" });
    const html = await (await s.request("/feedback")).text();
    expect(html).toContain(`“${question}?”`);
    expect(html).toContain("2 said No");
    expect(html).toContain("Search · Bolton");
    expect(html).toContain('It got: <a href="/guidance/bolton/child-protection-conferences/v/1#');
    expect(html).toContain(`href="/feedback/review/${id}"`);
    // Linked discreetly from every page.
    expect(html).toContain('<a href="/feedback">Questions to review</a>');
  });

  it("adds the question to the chosen passage's bank, keeping the file, and search then finds that passage first", async () => {
    const search = async (sets = "") =>
      (
        (await (await s.request(`/api/search?q=${encodeURIComponent(question)}${sets}`)).json()) as {
          results: { url: string }[];
        }
      ).results.map((r) => r.url);
    const before = await search("&procedures=bolton");
    const target = before[3]!; // a passage further down that the lead decides is the answer
    const anchor = target.split("#")[1]!;
    const ref = `bolton/child-protection-conferences/1/${anchor}`;

    const review = await (
      await s.request(`/feedback/review/${id}?set=bolton&q=${encodeURIComponent(question)}`)
    ).text();
    expect(review).toContain("Find the right passage");
    expect(review).toContain(`passage=${encodeURIComponent(ref)}#check`.replace(/&/g, "&amp;"));
    const check = await (
      await s.request(`/feedback/review/${id}?set=bolton&q=x&passage=${encodeURIComponent(ref)}`)
    ).text();
    expect(check).toContain("Check before adding");
    expect(check).toContain("Add this question to the passage’s question bank");
    expect(check).toContain(`value="${question}?"`); // as most recently asked; the lead may edit it

    const original = readFileSync(bankFile, "utf8");
    const res = await s.post(`/feedback/review/${id}/add`, { passage: ref, question, set: "bolton", q: "x" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/feedback?added=${id}`);
    const done = await (await s.request(res.headers.get("location")!)).text();
    expect(done).toContain(`Added “${question}” to the question bank of`);
    expect(done).not.toContain(`href="/feedback/review/${id}"`); // resolved: off the list

    // One line added under the entry's questions; the header comment and everything else as it was.
    const written = readFileSync(bankFile, "utf8");
    const added = written.split("\n").filter((l, i, all) => all.indexOf(l) === i && !original.split("\n").includes(l));
    expect(added).toEqual([`    - ${question}`]);
    expect(written.split("\n").length).toBe(original.split("\n").length + 1);
    expect(written.startsWith(original.split("\n").slice(0, 3).join("\n"))).toBe(true);
    const entry = QuestionBankFile.parse(parse(written)).find((e) => e.passage === anchor)!;
    expect(entry.questions.at(-1)).toBe(question);

    // Reloaded without a restart: the exact question now finds that passage first.
    expect((await search("&procedures=bolton"))[0]).toBe(target);
    expect((await search())[0]).toBe(target);
  });

  it("teaches words the procedures never use: they are not spelling-corrected away", async () => {
    const q = "can the lodger come to the conference";
    const api = async () =>
      (await (await s.request(`/api/search?q=${encodeURIComponent(q)}&procedures=bolton`)).json()) as {
        correctedQuery?: string;
        results: { url: string }[];
      };
    const before = await api();
    expect(before.correctedQuery).toBe("can the longer come to the conference");
    await s.post("/feedback/answer", { kind: "search", q, procedures: "bolton", answer: "no" });
    const target = before.results[2]!.url;
    const ref = `bolton/child-protection-conferences/1/${target.split("#")[1]}`;
    const res = await s.post(`/feedback/review/${groupId(queryKey(q))}/add`, { passage: ref, question: q });
    expect(res.status).toBe(303);
    const after = await api();
    expect(after.correctedQuery).toBeUndefined();
    expect(after.results[0]!.url).toBe(target);
  });

  it("explains a missing or duplicate question beside the field, and writes nothing", async () => {
    await s.post("/feedback/answer", { kind: "search", q: "core group minutes", procedures: "bolton", answer: "no" });
    const g = groupId(queryKey("core group minutes"));
    const ref = `bolton/child-protection-conferences/1/${summarise(await ctx.feedback.lines()).groups.find((x) => x.id === g)!.top!.passage}`;
    const original = readFileSync(bankFile, "utf8");
    const empty = await s.post(`/feedback/review/${g}/add`, { passage: ref, question: "  " });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('<a href="#question">Enter the question to add</a>');
    expect(html).toMatch(/<title>Error: /);
    const existing = QuestionBankFile.parse(parse(original)).find((e) => ref.endsWith(`/${e.passage}`))!.questions[0]!;
    const dup = await s.post(`/feedback/review/${g}/add`, { passage: ref, question: existing.toUpperCase() });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("already has");
    expect(readFileSync(bankFile, "utf8")).toBe(original);
  });

  it("refuses a stale entry (written for different text) and a missing one, and writes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pathway-guidance-"));
    cpSync(SHIPPED_GUIDANCE, dir, { recursive: true });
    const file = join(dir, "bolton/child-protection-conferences/1.questions.yaml");
    const entries = QuestionBankFile.parse(parse(readFileSync(file, "utf8")));
    const [stale, missing] = [entries[3]!, entries[4]!];
    let text = readFileSync(file, "utf8").replace(`hash: ${stale.hash}`, "hash: deadbeef");
    text = text.replace(`- passage: ${missing.passage}\n`, "- passage: no-such-passage\n");
    writeFileSync(file, text);
    const other = await makeApp(dir);
    const t = session(other.app);
    for (const [entry, words] of [
      [stale, "is stale"],
      [missing, "has no entry for passage"],
    ] as const) {
      await t.post("/feedback/answer", { kind: "search", q: `question about ${entry.passage}`, answer: "no" });
      const g = groupId(queryKey(`question about ${entry.passage}`));
      const ref = `bolton/child-protection-conferences/1/${entry.passage}`;
      const page = await (
        await t.request(`/feedback/review/${g}?set=bolton&passage=${encodeURIComponent(ref)}`)
      ).text();
      expect(page).toContain(words);
      expect(page).not.toContain("Add this question to the passage’s question bank");
      const res = await t.post(`/feedback/review/${g}/add`, { passage: ref, question: "is this refused?" });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(words);
    }
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("dismisses a question without changing any file", async () => {
    await s.post("/feedback/answer", { kind: "search", q: "where is the car park", answer: "no" });
    const g = groupId(queryKey("where is the car park"));
    const res = await s.post(`/feedback/review/${g}/dismiss`, {});
    expect(res.status).toBe(303);
    const html = await (await s.request(res.headers.get("location")!)).text();
    expect(html).toContain("Dismissed “where is the car park”.");
    expect(html).not.toContain(`/feedback/review/${g}"`);
    expect((await s.request("/feedback/review/000000000000")).status).toBe(404);
  });
});

describe("feedback storage", () => {
  it("appends one JSON line per record, keeps at most maxLines (the oldest dropped) and reads them back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pathway-feedback-"));
    const store = new FileFeedbackStore(dir, { maxLines: 10 });
    for (let i = 0; i < 25; i++) await store.add({ kind: "search", signal: "no", query: `q${i}`, sets: [] });
    const kept = (await store.lines()).map((l) => (l as FeedbackItem).query);
    expect(kept.length).toBeLessThanOrEqual(10);
    expect(kept.at(-1)).toBe("q24");
    expect(kept).toEqual([...kept].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    const reopened = new FileFeedbackStore(dir, { maxLines: 10 });
    expect(await reopened.lines()).toEqual(await store.lines());
    writeFileSync(store.path, `${readFileSync(store.path, "utf8")}not json\n`);
    expect(await new FileFeedbackStore(dir).lines()).toHaveLength(kept.length);
  });

  it("groups the same question, counts what is still to review and reopens it when asked again", () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 9, m)).toISOString();
    const item = (m: number, query: string, signal: FeedbackItem["signal"]): FeedbackItem => ({
      type: "feedback",
      id: `i${m}`,
      at: at(m),
      kind: "search",
      signal,
      query,
      sets: [],
    });
    const lines = [
      item(1, "Who chairs the ICPC", "no"),
      item(2, "who chairs  the ICPC?", "low-score"),
      item(3, "other", "yes"),
      { type: "resolved" as const, at: at(4), key: queryKey("who chairs the icpc"), how: "dismissed" as const },
      item(5, "late question", "no-results"),
    ];
    let s = summarise(lines);
    expect(s.yes).toBe(1);
    expect(s.no).toBe(1);
    expect(s.groups.filter((g) => g.open).map((g) => g.query)).toEqual(["late question"]);
    s = summarise([...lines, item(6, "WHO CHAIRS THE ICPC", "no")]);
    expect(s.groups.filter((g) => g.open).map((g) => [g.query, g.counts])).toEqual([
      ["WHO CHAIRS THE ICPC", { no: 1 }],
      ["late question", { "no-results": 1 }],
    ]);
  });
});
