import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("the rules pages in a real browser", () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    server = await serveApp((await makeApp()).app);
    browser = await launch();
    page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("goes from a set's guidance to its rules, opens a rule from the contents, and passes axe", async () => {
    await page.goto(`${server.url}/guidance/darlington`);
    await page.getByRole("link", { name: "Rules and timescales in this set" }).click();
    await page.waitForURL(/\/rules\/darlington$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("link", { name: /^Send the draft joint report/ }).click();
    const target = await page.evaluate(() => document.querySelector(":target")?.textContent ?? "");
    expect(target).toContain("Within 5 working days of core group");
    expect(target).toContain("Worked example");
    await page
      .getByText(/^Also quoted/)
      .first()
      .click();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "rules-darlington");
  });

  it("lists the sets and passes axe", async () => {
    await page.goto(`${server.url}/rules`);
    expect(await page.getByRole("link", { name: "Bolton" }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
