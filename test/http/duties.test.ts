/**
 * Agency duties over HTTP: the link the assistant gives, every agency in every area (each duty quoted from that
 * area's own procedure, never another's), silence said, bad input refused with the field named, the .ics escaped
 * and folded. Dates here were worked out by hand (the working is beside them), never taken from the code.
 */
import { describe, expect, it } from "vitest";
import { dutiesUrl } from "../../server/duties/service.js";
import { makeApp } from "../helpers.js";

const { app, ctx } = await makeApp(undefined, "2026-11-23");
const get = (path: string) => app.request(path);
const text = async (path: string) => (await (await get(path)).text()).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("agency duties", () => {
  it("dutiesUrl(agency, set) opens that agency's duties in that area", async () => {
    expect(dutiesUrl("gp", "llr")).toBe("/duties?agency=gp&set=llr");
    expect(dutiesUrl("school_nurse", "lscb-ch9")).toBe("/duties?agency=school_nurse&set=lscb-ch9");
    const res = await get(dutiesUrl("gp", "llr"));
    expect(res.status).toBe(200);
    const body = await text(dutiesUrl("gp", "llr"));
    expect(body).toContain("GP in Leicester, Leicestershire and Rutland");
    expect(body).toContain("Enter the conference date above to see the dates");
    // Undated, each says its timescale in words.
    expect(body).toContain("10 working days after the ICPC");
  });

  it("every agency in every area: duties quoted from that area's own procedure, linked to it", async () => {
    for (const set of ctx.library.sets)
      for (const agency of ctx.checklists.catalogue.agencies) {
        const html = await (await get(`${dutiesUrl(agency.id, set.id)}&date=14/01/2027`)).text();
        const items = html.split('<li class="duty">').slice(1);
        expect(items.length, `${agency.id} in ${set.id}`).toBeGreaterThan(0);
        for (const item of items) {
          const links = [...item.matchAll(/<blockquote class="quote"><p>“[^”]{8,}”<\/p><footer><a href="([^"]+)"/g)];
          expect(links.length, `${agency.id} in ${set.id}: a duty without its quote`).toBeGreaterThan(0);
          for (const [, href] of links) expect(href!.startsWith(`/guidance/${set.id}/`)).toBe(true);
        }
        expect(html).not.toMatch(
          /\b(?:llr|bolton|darlington|cp-guide|lscb-ch9)\.[a-z]+-[a-z-]+|\{agency\}|agency_[a-z]/,
        );
      }
  });

  it("where an area says nothing for agencies on a duty, the page says so", async () => {
    expect(await text(dutiesUrl("gp", "cp-guide"))).toContain(
      "it does not say whether other agencies send a report, in what format or by when",
    );
    expect(await text(dutiesUrl("police", "lscb-ch9"))).toContain("Chapter 9 starts after the conference");
  });

  it("the conference date gives the dates: LLR school, ICPC Wed 6 Jan 2027", async () => {
    // 7 working days' notice before Wed 6 Jan 2027: 5 Jan (1), 4 (2), 1 Jan bank holiday, 31 Dec (3), 30 (4), 29 (5),
    // 28 and 25 Dec bank holidays, 24 (6), 23 (7) → Wed 23 Dec 2026; records are checked on notice.
    // Initial core group within 10 working days: 7, 8 (2); 11–15 (7); 18, 19, 20 (10) → Wed 20 Jan 2027.
    const body = await text(`${dutiesUrl("school", "llr")}&date=06/01/2027`);
    expect(body).toMatch(/Check your records[^“]*Wednesday 23 December 2026/);
    expect(body).toMatch(/Take part in the initial core group[^“]*Wednesday 20 January 2027/);
  });

  it("refuses what it cannot use, naming the field, keeping what was typed", async () => {
    const month = await get(`${dutiesUrl("gp", "llr")}&date=01/13/2027`);
    expect(month.status).toBe(400);
    const b = await month.text();
    expect(b).toContain("must be a real date, day first, like 13/01/2027");
    expect(b).toContain('value="01/13/2027"');
    const words = await text(`${dutiesUrl("gp", "llr")}&date=next+tuesday`);
    expect(words).toContain("Enter the conference date as day/month/year");
    const far = await text(`${dutiesUrl("gp", "llr")}&date=14/01/2031`);
    expect(far).toContain("check the year");
    const agency = await get("/duties?agency=wizard&set=llr");
    expect(agency.status).toBe(400);
    expect(await agency.text()).toContain('href="#agency"');
    const set = await get("/duties?agency=gp&set=narnia");
    expect(set.status).toBe(400);
    expect(await set.text()).toContain("Choose the area from the list");
    // No date, no calendar.
    expect((await get(`/duties/calendar.ics?agency=gp&set=llr`)).status).toBe(400);
  });

  it("the .ics: all-day events for the dated duties, text escaped and lines folded (RFC 5545)", async () => {
    const res = await get(`/duties/calendar.ics?agency=police&set=bolton&date=2027-01-04`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const ics = await res.text();
    // Reports 24 hours before Mon 4 Jan 2027, no time known: the working day before; Fri 1 Jan is a bank holiday
    // → Thu 31 Dec 2026.
    expect(ics).toContain("DTSTART;VALUE=DATE:20261231");
    for (const line of ics.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toMatch(/SUMMARY:Police \(Bolton\): Write your report on the inter-agency proforma \(fact\\, /);
    expect(unfolded).not.toMatch(
      /\n(?!BEGIN|END|VERSION|PRODID|CALSCALE|METHOD|UID|DTSTAMP|DTSTART|DTEND|DURATION|SUMMARY|DESCRIPTION|URL)[A-Z]+[:;]/,
    );
  });

  it("the print sheet is titled for the agency and area", async () => {
    const body = await text(`/duties/print?agency=gp&set=llr&date=2027-01-06`);
    expect(body).toContain("Invited to an ICPC in Leicester, Leicestershire and Rutland: what the GP does");
    expect(body).toContain("Wednesday 23 December 2026");
  });
});
