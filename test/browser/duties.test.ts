/**
 * Agency staff (issue 13): in each of the five areas an agency picks itself and the area, enters the conference
 * date, sees its own duties dated and quoted, opens the one-page print sheet and the .ics. Every page passes axe
 * (no serious or critical violation) and does not scroll sideways at 320 px.
 *
 * The dates below were worked out by hand from a calendar and the gov.uk list of England and Wales bank holidays
 * (2026: 25 Dec, 28 Dec substitute for Boxing Day; 2027: 1 Jan, Good Friday 26 Mar, Easter Monday 29 Mar) — the
 * working is beside each journey. They are never taken from the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { makeApp } from "../helpers.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

interface Journey {
  set: string;
  area: string;
  agency: string;
  agencyLabel: string;
  typed: string;
  /** Headings of the stages that must show. */
  stages: string[];
  /** A duty's words and the date it must show. */
  dated: [string, string][];
  /** Words of a quote that must be shown (the procedure's own words). */
  quote: string;
  printTitle: string;
  silent?: string;
}

const JOURNEYS: Journey[] = [
  {
    // ICPC Wed 6 Jan 2027. Notice 7 working days before: 5 Jan (1), 4 (2), 1 Jan bank holiday, 31 Dec (3), 30 (4),
    // 29 (5), 28 and 25 bank holidays, 24 (6), 23 (7) → Wed 23 Dec 2026; records are checked on notice.
    // Escalation 10 working days after: 7, 8 (2); 11–15 (7); 18, 19, 20 (10) → Wed 20 Jan 2027.
    // First review 3 months after → Tue 6 Apr 2027; invitations 10 working days before it: 5 Apr (1), 2 (2), 1 (3),
    // 31 Mar (4), 30 (5), 29 and 26 Easter bank holidays, 25 (6), 24 (7), 23 (8), 22 (9), 19 (10) → Fri 19 Mar 2027.
    set: "llr",
    area: "Leicester, Leicestershire and Rutland",
    agency: "gp",
    agencyLabel: "GP",
    typed: "06/01/2027",
    stages: ["Before the ICPC", "At the ICPC", "After the ICPC", "Core groups", "Before a review conference"],
    dated: [
      ["Check your records", "Wednesday 23 December 2026"],
      ["escalates it to the chair", "Wednesday 20 January 2027"],
      ["invited to the review conference", "Friday 19 March 2027"],
    ],
    quote: "all agencies will check their records",
    printTitle: "Invited to an ICPC in Leicester, Leicestershire and Rutland: what the GP does",
  },
  {
    // ICPC Mon 4 Jan 2027. Reports 24 hours before, no time known → the working day before: Fri 1 Jan is a bank
    // holiday → Thu 31 Dec 2026. First core group 10 working days after: 5–8 (4); 11–15 (9); 18 (10) → Mon 18 Jan;
    // a written report "in advance" of it → the working day before, Fri 15 Jan 2027.
    set: "bolton",
    area: "Bolton",
    agency: "police",
    agencyLabel: "Police",
    typed: "04/01/2027",
    stages: ["Before the ICPC", "At the ICPC", "Core groups", "Before a review conference"],
    dated: [
      ["inter-agency proforma", "Thursday 31 December 2026"],
      ["share relevant information there", "Monday 4 January 2027"],
      ["send a written report in advance", "Friday 15 January 2027"],
      ["Take part in the first core group", "Monday 18 January 2027"],
    ],
    quote: "The police officer attending the Conference will share relevant information",
    printTitle: "Invited to an ICPC in Bolton: what Police does",
  },
  {
    // ICPC Thu 14 Jan 2027. First review 3 months after → Wed 14 Apr 2027; the core group for the joint report
    // 4 weeks before → Wed 17 Mar 2027. Draft 5 working days after: 18, 19, 22, 23, 24 → Wed 24 Mar; amendments 5
    // working days after that: 25 (1), 26 Mar and 29 Mar Easter bank holidays, 30 (2), 31 (3), 1 Apr (4), 2 (5) →
    // Fri 2 Apr 2027.
    set: "darlington",
    area: "Darlington",
    agency: "school",
    agencyLabel: "School",
    typed: "14/01/2027",
    stages: ["Before the ICPC", "At the ICPC", "Core groups", "Before a review conference"],
    dated: [
      ["written account for the joint report", "Wednesday 17 March 2027"],
      ["amendments or additions to the draft joint report", "Friday 2 April 2027"],
    ],
    quote: "each core group member should provide a written account to the social worker",
    printTitle: "Invited to an ICPC in Darlington: what the school does",
    silent: "do not say how an agency raises concerns",
  },
  {
    // ICPC Tue 22 Dec 2026. First core group 10 working days after: 23 (1), 24 (2), 25 and 28 bank holidays, 29 (3),
    // 30 (4), 31 (5), 1 Jan bank holiday, 4–8 (10) → Fri 8 Jan 2027. First review within 3 months → Mon 22 Mar 2027.
    set: "cp-guide",
    area: "Conference guide for social workers",
    agency: "health_visitor",
    agencyLabel: "Health visitor",
    typed: "22/12/2026",
    stages: ["At the ICPC", "Core groups", "Before a review conference"],
    dated: [
      ["Attend the conference", "Tuesday 22 December 2026"],
      ["then every 28 days", "Friday 8 January 2027"],
      ["what to recommend to the review conference", "Monday 22 March 2027"],
    ],
    quote: "attended by all professionals working with the family",
    printTitle: "Invited to an ICPC in Conference guide for social workers: what the health visitor does",
    silent: "does not say whether other agencies send a report",
  },
  {
    // ICPC Wed 23 Dec 2026. First core group 10 working days after: 24 (1), 25 and 28 bank holidays, 29 (2), 30 (3),
    // 31 (4), 1 Jan bank holiday, 4–8 (9), 11 (10) → Mon 11 Jan 2027. Notes 5 working days after it: 12–15 (4), 18
    // (5) → Mon 18 Jan; the signed agreement another 5: 19–22 (9), 25 (10) → Mon 25 Jan 2027. First review no more
    // than 3 months after the ICPC → Tue 23 Mar 2027.
    set: "lscb-ch9",
    area: "LSCB chapter 9",
    agency: "housing",
    agencyLabel: "Housing",
    typed: "23/12/2026",
    stages: ["Core groups", "Before a review conference"],
    dated: [
      ["Attend core group meetings", "Monday 11 January 2027"],
      ["gets the core group notes", "Monday 18 January 2027"],
      ["Sign the written agreement", "Monday 25 January 2027"],
      ["Make recommendations to the review conference", "Tuesday 23 March 2027"],
    ],
    quote: "Attending core group meetings and ensuring there is no drift",
    printTitle: "Invited to an ICPC in LSCB chapter 9: what housing services does",
    silent: "Chapter 9 starts after the conference",
  },
];

describe.runIf(run)("agency duties: a journey in each area", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    const { app } = await makeApp(undefined, "2026-11-23");
    server = await serveApp(app);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  const axe = async (page: Page, name: string) => {
    const v = await seriousViolations(page);
    expect(v.map((x) => `${name}: ${x.id} (${x.impact})`)).toEqual([]);
  };

  for (const j of JOURNEYS)
    it(`${j.area}: ${j.agencyLabel} picks agency and area, enters the conference date, sees dated duties with quotes, prints`, async () => {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/`);
        await page.getByRole("link", { name: "Agency duties" }).click();
        await expect.poll(() => page.url()).toContain("/duties");
        await axe(page, "form");
        await page.getByLabel("Your agency").selectOption(j.agency);
        await page.getByLabel("Area").selectOption(j.set);
        await page.getByLabel("Date of the conference (optional)").fill(j.typed);
        await page.getByRole("button", { name: "Show the duties" }).click();
        await page.waitForSelector("#duties-title");
        const main = ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
        for (const s of j.stages) expect(main).toContain(s);
        for (const [words, date] of j.dated) {
          const duty = page.locator("li.duty", { hasText: words }).first();
          expect(((await duty.textContent()) ?? "").replace(/\s+/g, " ")).toContain(date);
        }
        expect(main).toContain(j.quote);
        if (j.silent) expect(main).toContain(j.silent);
        // No internal ids on screen: rule ids, duty ids, agency ids.
        expect(main).not.toMatch(/\b(llr|bolton|darlington|cp-guide|lscb-ch9)\.[a-z-]+|agency_[a-z]+|\{agency\}/);
        // Each quote links to its paragraph.
        const link = page.locator("li.duty blockquote a").first();
        expect(await link.getAttribute("href")).toMatch(new RegExp(`^/guidance/${j.set}/`));
        await axe(page, "duties");
        await screenshot(page, `duties-${j.set}-1024`);

        await page.setViewportSize({ width: 320, height: 800 });
        expect(await sideways(page)).toBe(false);
        await axe(page, "duties at 320 px");
        await screenshot(page, `duties-${j.set}-320`);

        // The .ics holds the dated duties.
        const icsHref = await page.getByRole("link", { name: /calendar/ }).getAttribute("href");
        const ics = await (await fetch(`${server.url}${icsHref}`)).text();
        expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
        expect(ics.split("BEGIN:VEVENT").length - 1).toBeGreaterThanOrEqual(j.dated.length);

        await page.getByRole("link", { name: /Print view/ }).click();
        await page.waitForSelector("h1");
        expect(await page.locator("h1").textContent()).toBe(j.printTitle);
        const sheet = ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
        for (const [, date] of j.dated) expect(sheet).toContain(date);
        expect(sheet).toContain(j.quote);
        expect(await sideways(page)).toBe(false);
        await axe(page, "print at 320 px");
        await page.setViewportSize({ width: 1024, height: 900 });
        await axe(page, "print");
        await page.emulateMedia({ media: "print" });
        await screenshot(page, `duties-${j.set}-print`);
      } finally {
        await context.close();
      }
    }, 60_000);

  it("a mistyped date is refused with the error summary, and what was typed is kept", async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/duties?agency=gp&set=llr&date=${encodeURIComponent("31/02/2027")}`);
      const summary = page.locator(".error-summary");
      expect(await summary.textContent()).toContain("must be a real date, day first");
      expect(await page.getByLabel("Date of the conference (optional)").inputValue()).toBe("31/02/2027");
      expect(await sideways(page)).toBe(false);
      await axe(page, "error");
    } finally {
      await context.close();
    }
  }, 30_000);
});
