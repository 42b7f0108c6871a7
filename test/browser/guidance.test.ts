import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("guidance and search in a real browser", () => {
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

  it("browses to a paragraph by its stable link, and the page passes axe", async () => {
    await page.goto(`${server.url}/guidance`);
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .getByRole("link", { name: "Chapter 9: Core group, child protection plan and lead social worker" })
      .click();
    await page.waitForURL(/core-group-chapter-9/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/guidance/lscb-ch9/core-group-chapter-9/v/1#9.2.4-p1`);
    const target = await page.evaluate(() => document.querySelector(":target")?.textContent ?? "");
    expect(target).toContain("within ten working days of the initial child protection conference");
    await screenshot(page, "guidance-document");
  });

  it("shows the review warning on the LLR standards and passes axe", async () => {
    await page.goto(`${server.url}/guidance/llr/practice-standards`);
    const warning = page.getByText("Past its review date.");
    expect(await warning.count()).toBeGreaterThan(0);
    expect(await warning.first().isVisible()).toBe(true);
    expect(await page.locator(".warning").first().textContent()).toContain("30 July 2021");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("searches as you type with the keyboard, highlighting terms", async () => {
    await page.goto(`${server.url}/search`);
    // Keyboard only: skip link, then into the search box.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");
    await page.getByLabel("Question or words").focus();
    await page.keyboard.type("how soon after the conference is the first core group", { delay: 5 });
    await page.waitForSelector("#results .result mark");
    const first = await page.locator("#results .result").first().textContent();
    expect(first).toMatch(/first core group/i);
    expect(new URL(page.url()).searchParams.get("q")).toBe("how soon after the conference is the first core group");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "search-results");
  });

  it("shows an error summary for an over-long query", async () => {
    await page.goto(`${server.url}/search?q=${"a".repeat(501)}`);
    expect(await page.locator(".error-summary").textContent()).toContain("500 characters or fewer");
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("the compare page passes axe and shows gaps as gaps", async () => {
    await page.goto(`${server.url}/compare`);
    expect(await page.locator("#duty-quoracy td.gap").count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "compare");
  });

  it("the glossary passes axe", async () => {
    await page.goto(`${server.url}/glossary`);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
