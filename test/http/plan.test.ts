import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";

const { app } = await makeApp();
const post = (body: unknown, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
  app.request("/api/plan", { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("POST /api/plan", () => {
  it("answers in the contract's shape, every action sourced", async () => {
    const res = await post({
      procedures: "llr",
      today: "2027-03-19",
      children: [{ id: "A", dateOfBirth: "2018-04-01" }],
      facts: { agencies: ["school"] },
      events: [{ type: "icpc_held", date: "2027-03-18", outcome: "plan" }],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      procedures: object;
      today: string;
      actions: Record<string, unknown>[];
      questions: unknown[];
    };
    expect(body.procedures).toEqual({ id: "llr", name: "Leicester, Leicestershire and Rutland", version: "2020-02" });
    expect(body.today).toBe("2027-03-19");
    expect(body.actions.length).toBeGreaterThan(3);
    for (const a of body.actions) {
      expect(Object.keys(a)).toEqual(
        expect.arrayContaining(["id", "title", "owner", "due", "status", "basis", "sources"]),
      );
      expect(["overdue", "due", "upcoming", "done", "waiting"]).toContain(a.status);
      const sources = a.sources as { document: string; section: string; quote: string; url: string }[];
      expect(sources.length).toBeGreaterThan(0);
      for (const s of sources) expect(s.url).toMatch(/^\/guidance\/llr\/practice-standards\/v\/2020-02#/);
    }
    expect(body.actions.find((a) => a.rule === "llr.first-core-group")!.due).toBe("2027-04-05");
  });

  it("stores nothing: the same request gives the same answer", async () => {
    const req = {
      procedures: "bolton",
      today: "2026-12-21",
      events: [{ type: "strategy_discussion", date: "2026-12-18" }],
    };
    expect(await (await post(req)).json()).toEqual(await (await post(req)).json());
  });

  it.each([
    [{ procedures: "bolton", events: [{ type: "icpc_held", date: "2026-02-30" }] }, 400, "events[0].date"],
    [{ procedures: "bolton", events: [{ type: "icpc_held", date: "03/12/2026" }] }, 400, "YYYY-MM-DD"],
    [{ procedures: "bolton", events: [{ type: "icpc_party", date: "2026-12-03" }] }, 400, "events[0].type"],
    [
      { procedures: "bolton", events: [{ type: "icpc_held", date: "2026-12-03", outcome: "maybe" }] },
      400,
      "events[0].outcome",
    ],
    [
      { procedures: "bolton", today: "2026-12-01", children: [{ id: "A", dateOfBirth: "2027-01-01" }] },
      400,
      "children[0].dateOfBirth",
    ],
    [{ procedures: "bolton", children: [{ id: "A", ageYears: "nine" }] }, 400, "children[0].ageYears"],
    [{ procedures: "bolton", facts: { agencies: ["wizards"] } }, 400, "facts.agencies[0]"],
    [{ procedures: "bolton", facts: { newcase: true } }, 400, "newcase"],
    [{ procedures: "bolton", today: "2026-13-01" }, 400, "today"],
    [{ procedures: 42 }, 400, "procedures"],
    [{}, 400, "procedures"],
    [{ procedures: "atlantis" }, 404, "atlantis"],
  ])("%j → %i naming %s", async (body, status, field) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.message).toContain(field);
  });

  it("rejects broken JSON, the wrong content type and bodies over 1 MB", async () => {
    expect((await post("{not json")).status).toBe(400);
    expect((await post("{}", { "Content-Type": "text/plain" })).status).toBe(415);
    const big = JSON.stringify({ procedures: "bolton", done: ["x".repeat(1024 * 1024)] });
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("1 MB");
  });
});

describe("GET /compare", () => {
  it("shows each set's rule for a duty, cited, and gaps as gaps", async () => {
    const html = await (await app.request("/compare")).text();
    const row = html.slice(
      html.indexOf('id="duty-first_core_group"'),
      html.indexOf("</tr>", html.indexOf('id="duty-first_core_group"')),
    );
    expect(row).toContain("10 working days after the ICPC");
    expect(row).toContain("10 days after the ICPC"); // Darlington's flow chart: calendar days
    expect(row).toContain("/guidance/lscb-ch9/core-group-chapter-9/v/1#9.2.4-p1");
    const icpc = html.slice(html.indexOf('id="duty-icpc"'), html.indexOf("</tr>", html.indexOf('id="duty-icpc"')));
    expect(icpc).toContain("Chapter 9 starts after the conference");
    expect(icpc).toContain("15 working days after the strategy discussion");
    const visits = html.slice(
      html.indexOf('id="duty-visits"'),
      html.indexOf("</tr>", html.indexOf('id="duty-visits"')),
    );
    expect(visits).toContain("do not say how often the child must be visited");
  });
});
