/** A trainer's journey in a real browser: a shipped scenario stepped through, revealed, compared, presented, printed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("a trainer runs a session", () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  const audits: { url: string; violations: unknown[] }[] = [];
  const audit = async () => audits.push({ url: page.url(), violations: await seriousViolations(page) });
  const inPlace = () => page.evaluate(() => (window as unknown as { marker?: boolean }).marker === true);

  beforeAll(async () => {
    server = await serveApp((await makeApp(undefined, "2027-03-01")).app);
    browser = await launch();
    page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 1000 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens a shipped scenario, steps through it in place, reveals the answer, jumps to a date, compares the areas, presents and prints", async () => {
    await page.goto(`${server.url}/training`);
    await audit();
    await page.getByRole("link", { name: "Christmas and Easter" }).click();
    await page.waitForURL(/\/training\/christmas-and-easter$/);
    await audit();
    await page.getByRole("link", { name: "Step through it" }).click();
    await page.waitForURL(/\/play\?step=1$/);
    expect(await page.locator("#step-title").textContent()).toContain("Friday 11 December 2026");
    await audit();

    // Everything below happens in place (htmx): a full page load would lose this marker.
    await page.evaluate(() => {
      (window as unknown as { marker: boolean }).marker = true;
    });
    // Step 2 is a pause: the question, and the answer hidden.
    await page.getByRole("link", { name: "Next step (step 2) →" }).first().click();
    await page.waitForURL(/step=2$/);
    await page.locator("#step-title", { hasText: "Monday 14 December 2026" }).waitFor();
    expect(await page.locator(".scn-ask").textContent()).toBe("The ICPC — by when must it be held?");
    expect(await page.locator("#answer").textContent()).not.toContain("The checklist on");
    expect(await page.locator("#scenario-status").textContent()).toContain("Step 2 of 16");
    expect(await inPlace()).toBe(true);
    await audit();

    await page.getByRole("link", { name: "Show the answer" }).click();
    await page.locator("#answer-title").waitFor();
    expect(page.url()).toContain("reveal=1");
    // Focus moves to the answer, so a keyboard or screen reader user lands on it. htmx focuses `autofocus` when
    // the swap settles, a beat after the heading appears: wait for it (this throws if it never happens).
    await page.waitForFunction(() => document.activeElement?.id === "answer-title", undefined, { timeout: 10_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("answer-title");
    // Bolton (first in the list of areas): 15 working days from Fri 11 Dec → Wed 6 Jan 2027 (three bank holidays skipped).
    expect(await page.locator("#answer").textContent()).toContain("Wednesday 6 January 2027");
    expect(await inPlace()).toBe(true);
    await audit();
    await screenshot(page, "training-answer");

    // The same step in Darlington.
    await page.getByRole("navigation", { name: "Procedure set" }).getByRole("link", { name: "Darlington" }).click();
    await page.waitForURL(/set=darlington/);
    await page.locator(".scn-sets a[aria-current]", { hasText: "Darlington" }).waitFor();

    // Jump to a date: after the ICPC on Tue 29 Dec, before the first core group.
    await page.getByLabel("Jump to a date").fill("06/01/2027");
    await page.getByRole("button", { name: "Go to this date" }).click();
    await page.locator("#step-title", { hasText: "Wednesday 6 January 2027" }).waitFor();
    const answer = await page.locator("#answer").textContent();
    // Darlington's first core group: "After: 10 days" (calendar days) from Tue 29 Dec 2026 → Fri 8 Jan 2027.
    expect(answer).toContain("Friday 8 January 2027");
    expect(await inPlace()).toBe(true);
    await audit();

    await page.getByRole("link", { name: "Compare all five areas at this point" }).click();
    await page.waitForURL(/\/compare\?date=2027-01-06$/);
    const table = page.getByRole("region", { name: "Duties by area at this point" });
    expect(await table.textContent()).toContain("Friday 8 January 2027"); // Darlington: 10 days, not working days
    expect(await page.locator("table.compare").textContent()).toMatch(/Gap|Silent/);
    await audit();
    await screenshot(page, "training-compare");

    await page.goto(`${server.url}/training/christmas-and-easter/present?step=7&set=bolton`);
    expect(await page.locator(".scn-pres-question").textContent()).toBe("What's due now, and by when?");
    await audit();
    await page.getByRole("link", { name: "Show the answer" }).click();
    await page.locator("#answer-title").waitFor();
    expect(await page.locator("#answer").textContent()).toContain(
      "Monday 29 March 2027 (act by Thursday 25 March 2027)",
    );
    await audit();
    await page.getByRole("link", { name: "Next step (step 8) →" }).click();
    await page.locator(".scn-pres-top", { hasText: "Step 8 of 16" }).waitFor();
    await screenshot(page, "training-presenter");

    await page.goto(`${server.url}/training/christmas-and-easter/handout?set=bolton`);
    await audit();
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.locator(".scn-handout-steps").isVisible()).toBe(true);
    expect(await page.locator(".scn-handout-steps").textContent()).toContain("All reports must be forwarded");
    await page.emulateMedia({ media: "screen" });

    expect(audits.filter((a) => a.violations.length)).toEqual([]);
  }, 120_000);

  it("works without JavaScript: the reveal is a link and the steps are links", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 1000 } });
    const plain = await context.newPage();
    try {
      await plain.goto(`${server.url}/training/split-vote/play?step=5`);
      await plain.getByRole("link", { name: "Show the answer" }).click();
      await plain.waitForURL(/reveal=1#answer$/);
      // Bolton's split vote: referral within 5 working days of Thu 18 Feb 2027 → Thu 25 Feb.
      expect(await plain.locator("#answer").textContent()).toContain("Thursday 25 February 2027");
      await plain.getByRole("link", { name: "Next step (step 6) →" }).first().click();
      await plain.waitForURL(/step=6$/);
      expect(await plain.locator("#step-title").textContent()).toContain("Friday 19 February 2027");
    } finally {
      await context.close();
    }
  }, 60_000);

  it("fits a 320 px screen without scrolling sideways, and passes axe there", async () => {
    const small = await (
      await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } })
    ).newPage();
    const wide: string[] = [];
    const failing: { url: string; violations: unknown[] }[] = [];
    for (const path of [
      "/training",
      "/training/turns-eight",
      "/training/turns-eight/play?step=8&reveal=1",
      "/training/turns-eight/compare?step=8",
      "/training/turns-eight/present?step=8&reveal=1",
      "/training/turns-eight/handout",
      "/training/new",
      "/training/import",
    ]) {
      await small.goto(`${server.url}${path}`);
      const width = await small.evaluate(() => document.documentElement.scrollWidth);
      if (width > 320) wide.push(`${path}: ${width}px`);
      const violations = await seriousViolations(small);
      if (violations.length) failing.push({ url: path, violations });
    }
    await screenshot(small, "training-320");
    expect(wide).toEqual([]);
    expect(failing).toEqual([]);
  }, 90_000);
});
