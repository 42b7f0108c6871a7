/**
 * The case page keeps the user's place, at 1,280 px and at 320 px, by keyboard and by mouse: after Record event,
 * Save answer, Mark done and its Undo, focus is on what changed, the viewport still shows it, the page did not
 * jump, and the change is announced; a mistake's error summary takes focus (also after a full-page POST, without
 * JavaScript). Axe finds nothing serious on the way, and nothing scrolls sideways at 320 px.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";
import type { AppContext } from "../../server/app-context.js";

const run = browserAvailable();
const WIDTHS = [1280, 320] as const;

interface Focus {
  id: string;
  cls: string;
  text: string;
  top: number;
  bottom: number;
  /** Some of it is in the viewport, its top edge included (or it fills the viewport). */
  inView: boolean;
  scrollY: number;
  sideways: boolean;
  announced: string;
}

const focusNow = (page: Page): Promise<Focus> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const r = el.getBoundingClientRect();
    const h = window.innerHeight;
    return {
      id: el.id,
      cls: el.className,
      text: (el.textContent ?? "").replace(/\s+/g, " ").trim(),
      top: r.top,
      bottom: r.bottom,
      inView: (r.top >= 0 && r.top < h) || (r.top < 0 && r.bottom > h),
      scrollY: window.scrollY,
      sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
      announced: document.getElementById("case-announce")?.textContent ?? "",
    };
  });

/**
 * Waits for the browser to act on `autofocus` after a full page load (it does so at its next rendering step, a beat
 * after the load event); throws if focus never leaves the page body.
 */
const focusLeftBody = (page: Page) =>
  page.waitForFunction(() => !!document.activeElement && document.activeElement !== document.body, undefined, {
    timeout: 10_000,
  });

/** Waits for htmx to have swapped and app.js to have moved focus to `selector`. */
const focusedOn = (page: Page, selector: string) =>
  page.waitForFunction((s) => document.activeElement?.matches(s) === true, selector, { timeout: 10_000 });

describe.runIf(run)("the case page keeps the user's place", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let ctx: AppContext;
  const audits: { where: string; violations: unknown[] }[] = [];
  const audit = async (page: Page, where: string) => audits.push({ where, violations: await seriousViolations(page) });

  const newCase = async (reference: string, lookedAfter?: boolean) =>
    (
      await ctx.store.create(
        {
          reference,
          procedures: "bolton",
          versions: {},
          children: [{ id: "AB", dateOfBirth: "2015-02-14", ...(lookedAfter === undefined ? {} : { lookedAfter }) }],
        },
        "SW1",
      )
    ).id;

  const open = async (width: number, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled, viewport: { width, height: 900 } });
    return { context, page: await context.newPage() };
  };

  beforeAll(async () => {
    const made = await makeApp(undefined, "2026-12-21");
    ctx = made.ctx;
    server = await serveApp(made.app);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const width of WIDTHS) {
    it(`by keyboard at ${width} px: skip to the form, record, a mistake, mark done, undo, answer`, async () => {
      const id = await newCase(`KEY-${width}`);
      const { context, page } = await open(width);
      try {
        await page.goto(`${server.url}/cases/${id}`);
        expect(await page.locator("#start-title").textContent()).toBe(
          "Record the strategy discussion to start the clock",
        );
        await audit(page, `new case ${width}`);
        await screenshot(page, `case-new-${width}`);

        // The short way in: the second skip link goes to Record what happened.
        await page.keyboard.press("Tab");
        await page.keyboard.press("Tab");
        expect((await focusNow(page)).text).toBe("Skip to Record what happened");
        await page.keyboard.press("Enter");
        let f = await focusNow(page);
        expect(f.id).toBe("record");
        expect(f.inView).toBe(true);
        await page.keyboard.press("Tab");
        expect((await focusNow(page)).id).toBe("type");
        await page.locator("#type").selectOption("strategy_discussion");
        await page.keyboard.press("Tab");
        expect((await focusNow(page)).id).toBe("date");

        // A mistyped date: the error summary, in the form, takes focus and is in view.
        await page.keyboard.type("18/18/2026");
        await page.keyboard.press("Enter");
        await focusedOn(page, ".error-summary");
        f = await focusNow(page);
        expect(f.text).toContain("There is a problem");
        expect(f.inView).toBe(true);
        await audit(page, `event error ${width}`);
        await screenshot(page, `case-error-${width}`);
        // The summary links to the field; correct it and record.
        await page.keyboard.press("Tab");
        await page.keyboard.press("Enter");
        expect((await focusNow(page)).id).toBe("date");
        await page.keyboard.press("Control+A");
        await page.keyboard.type("18/12/2026");
        await page.keyboard.press("Enter");
        await focusedOn(page, "#event-recorded");
        f = await focusNow(page);
        expect(f.inView).toBe(true);
        expect(f.text).toContain("Recorded: Strategy discussion held on Friday 18 December 2026.");
        expect(f.text).toContain("Initial child protection conference (ICPC): now due Wednesday 13 January 2027");
        await page.waitForFunction(() => document.getElementById("case-announce")?.textContent?.startsWith("Recorded"));
        expect(f.sideways).toBe(false);
        await audit(page, `event recorded ${width}`);
        await screenshot(page, `case-recorded-${width}`);

        // Mark done from the keyboard: focus stays where the action was, with Undo next.
        const icpc = page.locator(".action", { has: page.locator("h4", { hasText: /^Initial child protection/ }) });
        const button = icpc.getByRole("button", { name: /Mark done/ });
        await button.focus();
        const before = await focusNow(page);
        await page.keyboard.press("Enter");
        await focusedOn(page, ".action-flash");
        f = await focusNow(page);
        expect(f.text).toContain("Marked done: Initial child protection conference (ICPC).");
        expect(f.inView).toBe(true);
        // The page did not jump: the changed part is where the button was, give or take its own height.
        expect(Math.abs(f.scrollY - before.scrollY)).toBeLessThan(400);
        await page.waitForFunction(() =>
          document.getElementById("case-announce")?.textContent?.startsWith("Marked done"),
        );
        await audit(page, `marked done ${width}`);
        await screenshot(page, `case-done-${width}`);
        await page.keyboard.press("Tab");
        expect((await focusNow(page)).text).toContain("Undo “Mark done”");
        await page.keyboard.press("Enter");
        await page.waitForFunction(
          () =>
            document.activeElement?.matches(".action-flash") &&
            document.activeElement.textContent?.includes("No longer marked done"),
        );
        f = await focusNow(page);
        expect(f.text).toContain("No longer marked done.");
        expect(f.text).toContain("Initial child protection conference (ICPC)");
        expect(f.inView).toBe(true);

        // Save answer from the keyboard.
        const no = page.getByRole("group", { name: /Is AB looked after/ }).getByLabel("No");
        await no.focus();
        await page.keyboard.press("Space");
        await page.keyboard.press("Enter");
        await focusedOn(page, "#answer-saved");
        f = await focusNow(page);
        expect(f.text).toContain("Answer saved: Is AB looked after: No.");
        expect(f.inView).toBe(true);
        expect(f.sideways).toBe(false);
        await audit(page, `answer saved ${width}`);
      } finally {
        await context.close();
      }
      expect(audits.filter((a) => a.violations.length)).toEqual([]);
    }, 90_000);

    it(`by mouse at ${width} px: the start link, record, mark done and undo keep the place`, async () => {
      const id = await newCase(`MOUSE-${width}`, false);
      const { context, page } = await open(width);
      try {
        await page.goto(`${server.url}/cases/${id}`);
        await page.getByRole("link", { name: "Record the strategy discussion" }).last().click();
        expect(await page.locator("#type").inputValue()).toBe("strategy_discussion");
        expect((await focusNow(page)).id).toBe("date");
        await page.locator("#date").fill("18/12/2026");
        await page.getByRole("button", { name: "Record event" }).click();
        await focusedOn(page, "#event-recorded");
        expect((await focusNow(page)).inView).toBe(true);

        const quoracy = page.locator(".action", { hasText: "Check the ICPC will be quorate" }).first();
        const button = quoracy.getByRole("button", { name: /Mark done/ });
        await button.scrollIntoViewIfNeeded();
        const y = await page.evaluate(() => window.scrollY);
        await button.click();
        await focusedOn(page, ".action-flash");
        const f = await focusNow(page);
        expect(f.text).toContain("Marked done: Check the ICPC will be quorate");
        expect(f.inView).toBe(true);
        expect(Math.abs(f.scrollY - y)).toBeLessThan(400);
        await page.locator(".action-flash").getByRole("button", { name: /Undo/ }).click();
        await page.waitForFunction(
          () =>
            document.activeElement?.matches(".action-flash") &&
            document.activeElement.textContent?.includes("No longer marked done"),
        );
        expect((await focusNow(page)).inView).toBe(true);
        expect((await focusNow(page)).sideways).toBe(false);
        await audit(page, `mouse ${width}`);
      } finally {
        await context.close();
      }
      expect(audits.filter((a) => a.violations.length)).toEqual([]);
    }, 90_000);

    it(`without JavaScript at ${width} px: after each full-page POST focus is on the error summary or the change`, async () => {
      const id = await newCase(`NOJS-${width}`, false);
      const { context, page } = await open(width, false);
      try {
        await page.goto(`${server.url}/cases/${id}`);
        await page.locator("#type").selectOption("cp_visit");
        await page.locator("#date").fill("31/02/2026");
        await page.getByRole("button", { name: "Record event" }).click();
        await page.waitForLoadState();
        await focusLeftBody(page);
        let f = await focusNow(page);
        expect(f.cls).toBe("error-summary");
        expect(f.inView).toBe(true);
        await page.locator("#type").selectOption("strategy_discussion");
        await page.locator("#date").fill("18/12/2026");
        await page.getByRole("button", { name: "Record event" }).click();
        await page.waitForURL(/did=event/);
        await focusLeftBody(page);
        f = await focusNow(page);
        expect(f.id).toBe("event-recorded");
        expect(f.inView).toBe(true);
        await page
          .locator(".action", { hasText: "Check the ICPC will be quorate" })
          .first()
          .getByRole("button", { name: /Mark done/ })
          .click();
        await page.waitForURL(/did=done/);
        await focusLeftBody(page);
        f = await focusNow(page);
        expect(f.text).toContain("Marked done: Check the ICPC will be quorate");
        expect(f.inView).toBe(true);
        expect(f.sideways).toBe(false);
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});
