/**
 * Every page reflows (WCAG 2.2, 1.4.10): at 320 px nothing scrolls sideways; at 1,280 px the compare table fits.
 * Each page, at both widths, passes axe (no serious or critical violation) and is photographed into
 * test/.artifacts/<page>-<width>.png for review.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("every page at 1,280 px and 320 px", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  const pages: [string, string][] = [];

  beforeAll(async () => {
    const { app, ctx } = await makeApp(undefined, "2026-12-21");
    server = await serveApp(app);
    browser = await launch();
    const children = [
      { id: "AB", dateOfBirth: "2015-02-14", lookedAfter: false },
      { id: "Child 2", dateOfBirth: "2025-06-01" },
    ];
    const fresh = await ctx.store.create(
      { reference: "CP-2026-0142", procedures: "bolton", versions: {}, children },
      "SW1",
    );
    const busy = await ctx.store.create(
      { reference: "CP-2026-0999-A-LONG-REFERENCE", procedures: "cp-guide", versions: {}, children },
      "SW1",
    );
    const at = new Date().toISOString();
    await ctx.store.update(busy.id, "SW1", "events", (d) => {
      d.events = [
        { id: "e1", type: "strategy_discussion", date: "2026-10-01", recordedAt: at, recordedBy: "SW1" },
        { id: "e2", type: "icpc_held", date: "2026-10-22", outcome: "plan", recordedAt: at, recordedBy: "SW1" },
        { id: "e3", type: "cp_visit", date: "2026-10-26", recordedAt: at, recordedBy: "SW1" },
      ] as typeof d.events;
    });
    const closed = await ctx.store.create(
      { reference: "CP-2025-0001", procedures: "llr", versions: {}, children },
      "SW1",
    );
    await ctx.store.update(closed.id, "SW1", "case closed", (d) => {
      d.closed = true;
      return { after: { closed: true, reason: "plan ended" } };
    });
    // A conversation with replies, for the chat page.
    const asked = await app.request("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        message: "The ICPC was on 30/11/2026 and she's on a plan. When is the first core group?",
        procedures: "cp-guide",
        today: "2026-12-21",
      }),
    });
    const conversation = ((await asked.json()) as { conversationId: string }).conversationId;

    pages.push(
      ["cases", "/cases"],
      ["cases-closed", "/cases?show=closed"],
      ["case-create", "/cases/new"],
      ["case", `/cases/${fresh.id}`],
      ["case-under-way", `/cases/${busy.id}`],
      ["case-closed", `/cases/${closed.id}`],
      ["case-print", `/cases/${busy.id}/print`],
      ["case-answers", `/cases/${busy.id}/answers`],
      ["case-change-answer", `/cases/${busy.id}/answers/nonResidentParent`],
      ["case-history", `/cases/${busy.id}/history`],
      ["case-children", `/cases/${busy.id}/children`],
      ["chat", "/chat"],
      ["chat-conversation", `/chat?c=${conversation}`],
      ["guidance", "/guidance"],
      ["guidance-set", "/guidance/darlington"],
      ["guidance-darlington", "/guidance/darlington/practitioner-guidance-notes"],
      ["guidance-llr", "/guidance/llr/practice-standards"],
      ["guidance-lscb", "/guidance/lscb-ch9/core-group-chapter-9"],
      ["guidance-source", "/guidance/bolton/child-protection-conferences/v/1/source"],
      ["search", "/search"],
      ["search-results", "/search?q=when+is+the+first+core+group+due"],
      ["glossary", "/glossary"],
      ["compare", "/compare"],
      ["feedback", "/feedback"],
      ["not-found", "/nowhere"],
      ["rules", "/rules"],
      ["rules-set", "/rules/darlington"],
      ["duties", "/duties"],
      ["duties-gp", "/duties?agency=gp&set=bolton&conference=20/01/2027"],
      ["training", "/training"],
      ["sign-in", "/signin"],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sideways = (page: Page) =>
    page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return [];
      // What sticks out, to say which element to fix.
      return [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}px`);
    });

  for (const width of [1280, 320]) {
    it(`at ${width} px: no sideways scrolling, axe finds nothing serious, a screenshot of each`, async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
      const page = await context.newPage();
      const htmxErrors: string[] = [];
      page.on("console", (m) => {
        if (m.text().includes("htmx:")) htmxErrors.push(`${page.url()}: ${m.text()}`);
      });
      const problems: string[] = [];
      try {
        for (const [name, path] of pages) {
          await page.goto(server.url + path);
          for (const s of await sideways(page)) problems.push(`${name}: scrolls sideways (${s})`);
          for (const v of await seriousViolations(page))
            problems.push(`${name}: axe ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
          await screenshot(page, `${name}-${width}`);
        }
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
      // The search form's trigger parses (it logged htmx:syntax:error twice on load).
      expect(htmxErrors).toEqual([]);
    }, 180_000);
  }

  it("at 1,280 px the compare table shows every set's column in full; at 320 px each duty stacks", async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/compare`);
      const fit = await page.evaluate(() => {
        const heads = [...document.querySelectorAll("table.compare thead th")];
        return {
          columns: heads.length,
          right: Math.max(...heads.map((h) => h.getBoundingClientRect().right)),
          width: document.documentElement.clientWidth,
          lscb: heads.some((h) => /LSCB/.test(h.textContent ?? "")),
        };
      });
      expect(fit.columns).toBe(6);
      expect(fit.lscb).toBe(true);
      expect(fit.right).toBeLessThanOrEqual(fit.width);
      await page.setViewportSize({ width: 320, height: 900 });
      const stacked = await page.evaluate(() => {
        const row = document.querySelector("table.compare tbody tr")!;
        const cells = [...row.querySelectorAll("td")];
        return {
          display: getComputedStyle(row).display,
          // Each set's reading is under its name, one below the other.
          labelled: cells.every((c) => getComputedStyle(c.querySelector(".cell-label")!).display !== "none"),
          below: cells.every(
            (c, i) => i === 0 || c.getBoundingClientRect().top > cells[i - 1]!.getBoundingClientRect().top,
          ),
        };
      });
      expect(stacked).toEqual({ display: "block", labelled: true, below: true });
    } finally {
      await context.close();
    }
  });
});
