/** In a real browser: a request refused for a limit (here the event cap) shows its message in place of the page. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createApp } from "../../server/app.js";
import { buildContext } from "../../server/bootstrap.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { SHIPPED_GUIDANCE, TEST_RATE_LIMITS } from "../helpers.js";
import { browserAvailable, launch, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("a case at the event cap", () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  let caseId: string;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pathway-browser-caps-"));
    const store = await FileCaseStore.open(dataDir, { limits: { maxEventsPerCase: 1 } });
    const ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir, today: () => "2026-12-21" });
    caseId = (await store.create({ reference: "CAP-1", procedures: "bolton", versions: {}, children: [] }, "t")).id;
    server = await serveApp(createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE, rateLimits: TEST_RATE_LIMITS }));
    browser = await launch();
    page = await (await browser.newContext({ bypassCSP: true })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("says so where the page content was (htmx), instead of leaving the checklist blank", async () => {
    await page.goto(`${server.url}/cases/${caseId}`);
    const record = async (date: string) => {
      await page.getByLabel("What happened").selectOption("strategy_discussion");
      await page.getByLabel("Date", { exact: true }).fill(date);
      await page.getByRole("button", { name: "Record event" }).click();
    };
    await record("18/12/2026");
    await page.locator(".action", { hasText: "Wednesday 13 January 2027" }).first().waitFor();
    await record("19/12/2026");
    const message = page.locator("#main #error-page");
    await message.waitFor();
    expect(await message.locator("h1").textContent()).toBe("There is a problem");
    expect(await message.textContent()).toContain(
      "Case CAP-1 has 1 event; a case may hold at most 1 (MAX_EVENTS_PER_CASE). Nothing was added.",
    );
    expect(page.url()).toBe(`${server.url}/cases/${caseId}`); // in place: no navigation
    expect(await seriousViolations(page)).toEqual([]);
  });
});
