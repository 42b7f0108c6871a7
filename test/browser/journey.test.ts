/** A new user's journey in a real browser, with axe-core on every page visited. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("a new user's first case", () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close: () => Promise<void> };
  const audits: { url: string; violations: unknown[] }[] = [];
  const audit = async () => audits.push({ url: page.url(), violations: await seriousViolations(page) });

  beforeAll(async () => {
    server = await serveApp((await makeApp(undefined, "2026-12-21")).app);
    browser = await launch();
    page = await (
      await browser.newContext({ bypassCSP: true, acceptDownloads: true, viewport: { width: 1280, height: 1000 } })
    ).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens the app, creates a case, answers a question, records a strategy discussion, sees the ICPC date, marks an action done and exports the calendar", async () => {
    await page.goto(server.url);
    expect(page.url()).toMatch(/\/cases$/);
    await audit();

    await page.getByRole("link", { name: "Create a case" }).first().click();
    await page.waitForURL(/\/cases\/new$/);
    await audit();
    // A mistake first: the error summary takes focus and links to the field.
    await page.getByRole("button", { name: "Create case" }).click();
    await page.waitForSelector(".error-summary");
    expect(await page.locator(".error-summary").textContent()).toContain("Enter a case reference");
    await audit();

    await page.getByLabel("Case reference").fill("CP-2026-0142");
    await page.getByLabel("Bolton").check();
    await page.getByLabel("Initials or label").first().fill("AB");
    await page.getByLabel("Date of birth").first().fill("14/02/2019");
    await page.getByLabel("Your name or initials").fill("SW1");
    await page.getByRole("button", { name: "Create case" }).click();
    await page.waitForURL(/\/cases\/[a-f0-9]+$/);
    await audit();
    // Everything below happens in place (htmx): a full page load would lose this marker.
    await page.evaluate(() => {
      (window as unknown as { inPlace: boolean }).inPlace = true;
    });
    const stillInPlace = () => page.evaluate(() => (window as unknown as { inPlace?: boolean }).inPlace === true);

    // One question at a time: Bolton asks whether AB is looked after.
    await page
      .getByRole("group", { name: "Is AB looked after (in the care of the local authority)?" })
      .getByLabel("No")
      .check();
    await page.getByRole("button", { name: "Save answer" }).click();
    // Said where the question was (the next question, if any, follows it).
    await page.locator("#answer-saved", { hasText: "Is AB looked after: No" }).waitFor();
    expect(await page.getByRole("group", { name: /Is AB looked after/ }).count()).toBe(0);

    // Record the strategy discussion with the keyboard-friendly form.
    await page.getByLabel("What happened").selectOption("strategy_discussion");
    await page.getByLabel("Date", { exact: true }).fill("18/12/2026");
    await page.getByRole("button", { name: "Record event" }).click();
    // 15 working days after Fri 18 Dec 2026, skipping 25 and 28 Dec and 1 Jan. (The ICPC is listed, waiting,
    // before the event too: wait for the recomputed date, not just the heading.)
    const icpc = page.locator(".action", {
      has: page.locator("h4", { hasText: /^Initial child protection conference \(ICPC\)$/ }),
    });
    await icpc.filter({ hasText: "Wednesday 13 January 2027" }).waitFor();
    expect(await icpc.locator(".due").textContent()).toBe("Wednesday 13 January 2027");
    await audit();
    await screenshot(page, "case-after-strategy");

    const quoracy = page.locator(".action", { hasText: "Check the ICPC will be quorate" });
    await quoracy.getByRole("button", { name: /Mark done/ }).click();
    await page.locator(".timeline", { hasText: "marked done" }).waitFor();
    expect(await page.locator(".timeline").textContent()).toContain("marked done — Check the ICPC will be quorate");

    // Record a second event and remove it again: the fourth form on the page, also swapped in place.
    await page.getByLabel("What happened").selectOption("referral");
    await page.getByLabel("Date", { exact: true }).fill("17/12/2026");
    await page.getByRole("button", { name: "Record event" }).click();
    const removeReferral = page.getByRole("button", {
      name: /Remove\s+Referral received on Thursday 17 December 2026/,
    });
    await removeReferral.waitFor();
    await removeReferral.click();
    await removeReferral.waitFor({ state: "detached" });
    expect(await page.locator(".timeline").textContent()).toContain("Strategy discussion");
    expect(await stillInPlace()).toBe(true);

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Add due dates to Outlook (.ics)" }).click();
    const file = await (await download).path();
    const ics = readFileSync(file!, "utf8");
    expect(ics).toContain("SUMMARY:CP-2026-0142: Initial child protection conference (ICPC)");
    expect(ics).toContain("DTSTART;VALUE=DATE:20270113");

    await page.getByRole("link", { name: "Review answers" }).click();
    await audit();
    await page.getByRole("link", { name: "Cases" }).first().click();
    await audit();
    expect(await page.locator("#case-rows").textContent()).toContain("CP-2026-0142");

    expect(audits.filter((a) => a.violations.length)).toEqual([]);
  }, 90_000);

  it("works without JavaScript: each form posts and the page reloads with the change", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 1000 } });
    const plain = await context.newPage();
    try {
      await plain.goto(`${server.url}/cases/new`);
      await plain.getByLabel("Case reference").fill("NO-JS-1");
      await plain.getByLabel("Bolton").check();
      await plain.getByLabel("Initials or label").first().fill("CD");
      await plain.getByLabel("Date of birth").first().fill("01/03/2018");
      await plain.getByRole("button", { name: "Create case" }).click();
      await plain.waitForURL(/\/cases\/[a-f0-9]+$/);
      const caseUrl = plain.url();
      // The page comes back naming the change it made (?did=event…), to say so where it was made.
      const afterPost = (did: string) => (u: URL) => u.href.startsWith(caseUrl) && u.searchParams.get("did") === did;

      await plain
        .getByRole("group", { name: "Is CD looked after (in the care of the local authority)?" })
        .getByLabel("No")
        .check();
      await plain.getByRole("button", { name: "Save answer" }).click();
      await plain.waitForURL(afterPost("answer"));
      expect(await plain.locator("#answer-saved").textContent()).toContain("Is CD looked after: No");
      expect(await plain.getByRole("group", { name: /Is CD looked after/ }).count()).toBe(0);

      await plain.getByLabel("What happened").selectOption("strategy_discussion");
      await plain.getByLabel("Date", { exact: true }).fill("18/12/2026");
      await plain.getByRole("button", { name: "Record event" }).click();
      await plain.waitForURL(afterPost("event"));
      const icpc = plain.locator(".action", {
        has: plain.locator("h4", { hasText: /^Initial child protection conference \(ICPC\)$/ }),
      });
      expect(await icpc.locator(".due").textContent()).toBe("Wednesday 13 January 2027");

      await plain
        .locator(".action", { hasText: "Check the ICPC will be quorate" })
        .getByRole("button", { name: /Mark done/ })
        .click();
      await plain.waitForURL(afterPost("done"));
      expect(await plain.locator(".timeline").textContent()).toContain("marked done — Check the ICPC will be quorate");

      await plain.getByRole("button", { name: /Remove\s+Strategy discussion held on Friday 18 December 2026/ }).click();
      await plain.waitForURL(afterPost("removed"));
      expect(await plain.locator(".timeline").textContent()).not.toContain("Strategy discussion");
    } finally {
      await context.close();
    }
  }, 60_000);

  it("asks Pathway in the chat with the keyboard; the reply is announced and passes axe", async () => {
    await page.goto(`${server.url}/chat`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Procedure set").selectOption("cp-guide");
    await page
      .getByLabel("Your message")
      .fill("The ICPC is booked for 20/01/2027. When do I need to share my report with the family?");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(".message.from-assistant").first().waitFor();
    const reply = await page.locator(".message.from-assistant").first().textContent();
    expect(reply).toContain("Monday 18 January 2027");
    expect(await page.locator("#chat-announce").textContent()).toContain("Pathway replied");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "chat");
  }, 60_000);

  it("works with the keyboard alone: skip link, visible focus, forms", async () => {
    await page.goto(`${server.url}/cases/new`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, outline: style.outlineStyle, shadow: style.boxShadow, bg: style.backgroundColor };
    });
    expect(focused.tag).not.toBe("BODY");
    expect(focused.shadow !== "none" || focused.outline !== "none").toBe(true);
  });
});
