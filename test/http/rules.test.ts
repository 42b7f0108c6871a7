/** /rules/<set>: every rule as written — quote, clock, timescale, owner — with a worked example computed live. */
import { describe, expect, it } from "vitest";
import { FIXTURE_GUIDANCE, makeApp } from "../helpers.js";
import { VOCABULARY } from "../../server/domain/vocabulary.js";

const { app, ctx } = await makeApp(undefined, "2026-11-23");
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the rules pages", () => {
  it("lists every set with its number of rules", async () => {
    const html = await (await app.request("/rules")).text();
    for (const s of ctx.library.sets) expect(html).toContain(`href="/rules/${s.id}"`);
  });

  it("shows each rule as written, in the document's order, with a worked example and no internal ids", async () => {
    const res = await app.request("/rules/bolton");
    expect(res.status).toBe(200);
    const page = text(await res.text());
    const rules = ctx.checklists.bySet.get("bolton")!.rules;
    expect(page).toContain(`Rules (${rules.length})`);
    // The first rule: quote, what starts the clock, timescale, owner, and today's worked example.
    expect(page).toContain(
      "“all Initial Child Protection Case Conferences should take place within 15 working days of a strategy discussion",
    );
    expect(page).toContain("What starts the clock the latest strategy discussion");
    expect(page).toContain("Timescale 15 working days after");
    expect(page).toContain("Who Independent Reviewing Officer / Child Protection Unit");
    // Strategy discussion Mon 23 Nov 2026 + 15 working days: 24–27 (4); 30 Nov–4 Dec (9); 7–11 (14); 14 (15).
    expect(page).toContain("Due Monday 14 December 2026");
    // The readings, with their quotes.
    expect(page).toContain(
      "Should the vote be split equally, the child will be the subject of a Child Protection Plan",
    );
    // Rule ids, event ids and placeholders never reach the page.
    expect(page).not.toMatch(/bolton\.[a-z-]+|icpc_held|strategy_discussion|\{child\}|\{edd\}|\{agency\}/);
    expect(page.indexOf("Initial child protection conference (ICPC)")).toBeLessThan(page.indexOf("First core group"));
  });

  it("gives every rule of every set a worked example, and shows no rule id, event id or placeholder", async () => {
    const events = [...VOCABULARY.events.keys()].filter((e) => e.includes("_")).join("|");
    for (const s of ctx.library.sets) {
      const html = await (await app.request(`/rules/${s.id}`)).text();
      expect(html, s.id).not.toContain("No example could be made");
      const page = text(html).replace(/guidance\/[a-z0-9/.-]+\.rules\.yaml/g, "");
      expect(page, s.id).not.toMatch(new RegExp(`\\b(${s.id}\\.[a-z-]+|${events})\\b|\\{(child|edd|agency)\\}`));
    }
  });

  it("shows the rules of each version, and says which file they are kept in", async () => {
    const fx = (await makeApp(FIXTURE_GUIDANCE, "2026-11-23")).app;
    const current = text(await (await fx.request("/rules/revised")).text());
    expect(current).toContain("within 12 working days of the strategy discussion");
    expect(current).toContain("uses an earlier version’s");
    const first = text(await (await fx.request("/rules/revised/procedure/v/1")).text());
    expect(first).toContain("within 15 working days of the strategy discussion");
    expect(first).toContain("guidance/revised/procedure/1.rules.yaml");
    expect((await fx.request("/rules/revised/procedure/v/9")).status).toBe(404);
    expect((await app.request("/rules/nowhere")).status).toBe(404);
  });
});
