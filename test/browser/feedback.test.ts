/** Learning from use in a real browser: Yes / No with htmx, the lead's page, teaching the question bank; axe on each page. */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SHIPPED_GUIDANCE, makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("learning from use in a real browser", () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  const question = "who keeps a record of what the family said at the meeting";

  beforeAll(async () => {
    // A copy of the guidance: this test writes a question bank file.
    const guidance = mkdtempSync(join(tmpdir(), "pathway-guidance-"));
    cpSync(SHIPPED_GUIDANCE, guidance, { recursive: true });
    server = await serveApp((await makeApp(guidance)).app);
    browser = await launch();
    page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("says No under search results (htmx swaps in the thanks) and Yes under an assistant reply", async () => {
    await page.goto(`${server.url}/search`);
    await page.getByLabel("Bolton").check();
    await page.getByLabel("Question or words").fill(question);
    await page.waitForSelector("#results .result");
    await page.getByRole("button", { name: /^No\s+this did not answer my question$/ }).click();
    await page.getByText("Thank you for your feedback.").waitFor();
    expect(await page.getByRole("button", { name: /this did not answer/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${server.url}/chat`);
    await page.getByLabel("Your message").fill("What does RCPC stand for?");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".message.from-assistant").first().waitFor();
    const reply = page.locator(".message.from-assistant").first();
    await reply.getByRole("button", { name: /^Yes\s+this answered my question$/ }).click();
    await reply.getByText("Thank you for your feedback.").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("the lead reviews the No, chooses a passage, sees what will be added, and adds it", async () => {
    await page.goto(server.url);
    await page.getByRole("link", { name: "Questions to review" }).click();
    await page.waitForURL(/\/feedback$/);
    expect(await page.locator("h2", { hasText: question }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "feedback-list");

    await page.getByRole("link", { name: "Choose the right passage" }).first().click();
    await page.waitForURL(/\/feedback\/review\//);
    expect(await seriousViolations(page)).toEqual([]);
    const chosen = page.locator("#passage-results .result").nth(3);
    const heading = (await chosen.locator("h3").textContent())!.trim();
    await chosen.getByRole("link", { name: /Choose this passage/ }).click();
    await page.locator("#check").waitFor();
    expect(await page.locator("#check").textContent()).toContain(heading);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator("#check").scrollIntoViewIfNeeded();
    await screenshot(page, "feedback-check");

    // A mistake first: the GOV.UK error summary, linked to the field.
    await page.getByLabel("Question to add").fill("");
    await page.getByRole("button", { name: "Add this question to the passage’s question bank" }).click();
    await page.locator(".error-summary").waitFor();
    expect(await page.locator(".error-summary").textContent()).toContain("Enter the question to add");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel("Question to add").fill(question);
    await page.getByRole("button", { name: "Add this question to the passage’s question bank" }).click();
    await page.waitForURL(/\/feedback\?added=/);
    expect(await page.locator(".banner").textContent()).toContain(`Added “${question}”`);
    expect(await page.locator("h2", { hasText: question }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "feedback-added");

    // Search now puts the chosen passage first.
    await page.goto(`${server.url}/search?q=${encodeURIComponent(question)}&procedures=bolton`);
    expect((await page.locator("#results .result h3").first().textContent())!.trim()).toBe(heading);
  });
});
