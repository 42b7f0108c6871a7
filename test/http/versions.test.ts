/**
 * Rules are versioned with the text. The fixture set `revised` (test/fixtures/guidance/revised) has a first edition
 * with "within 15 working days of the strategy discussion", a second that changes it to 12 (its own rules file), and
 * a third that changes wording only and has no rules file (it uses the second's). Adding the revision was adding
 * text and rules: no code.
 */
import { describe, expect, it } from "vitest";
import { FIXTURE_GUIDANCE, makeApp } from "../helpers.js";
import { planFor } from "../../server/plan/service.js";
import { getCase } from "../../server/cases/service.js";
import { moveToCurrentVersion } from "../../server/cases/mutations.js";
import type { Action } from "../../server/domain/types.js";

const { app, ctx } = await makeApp(FIXTURE_GUIDANCE, "2026-12-21");

// Strategy discussion Fri 18 Dec 2026. Working days: 21, 22, 23, 24 (4); 25 and 28 Dec are bank holidays; 29, 30, 31
// (7); 1 Jan is a bank holiday; 4, 5, 6, 7, 8 (12) → Fri 8 Jan 2027; 11, 12, 13 (15) → Wed 13 Jan 2027.
const STRATEGY = { type: "strategy_discussion", date: "2026-12-18" } as const;
const FIFTEEN = "2027-01-13";
const TWELVE = "2027-01-08";
const OLD = "within 15 working days of the strategy discussion";
const NEW = "within 12 working days of the strategy discussion";

const icpcOf = (actions: Action[]) => actions.find((a) => a.rule === "revised.icpc")!;
const planAt = (version?: string) =>
  planFor(
    ctx.library,
    ctx.checklists,
    { set: "revised", today: "2026-12-21", children: [], facts: {}, events: [STRATEGY], done: [] },
    version ? { procedure: version } : {},
  );

const json = (path: string, method: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { "Content-Type": "application/json", "X-User": "versions-test" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("rules versioned with the text", () => {
  it("a plan for version 1 counts 15 working days and quotes version 1", () => {
    const icpc = icpcOf(planAt("1").actions);
    expect(icpc.due).toBe(FIFTEEN);
    expect(icpc.sources[0]!.quote).toContain(OLD);
    expect(icpc.sources[0]!.url).toMatch(/^\/guidance\/revised\/procedure\/v\/1#/);
  });

  it("a plan for version 2 counts 12 and quotes the new sentence", () => {
    const icpc = icpcOf(planAt("2").actions);
    expect(icpc.due).toBe(TWELVE);
    expect(icpc.basis).toContain("12 working days after the strategy discussion on Friday 18 December 2026");
    expect(icpc.sources[0]!.quote).toContain(NEW);
    expect(icpc.sources[0]!.url).toMatch(/^\/guidance\/revised\/procedure\/v\/2#/);
  });

  it("the current version (3) has no rules file of its own and uses version 2's, citing version 3", () => {
    const icpc = icpcOf(planAt().actions);
    expect(icpc.due).toBe(TWELVE);
    expect(icpc.sources[0]!.url).toMatch(/^\/guidance\/revised\/procedure\/v\/3#/);
  });

  it("a case left on version 1 keeps 15; moved onto the current version it computes 12 and quotes the new sentence", async () => {
    const created = await json("/api/cases", "POST", { reference: "REV-1", procedures: "revised" });
    expect(created.status).toBe(201);
    const { case: c } = (await created.json()) as { case: { id: string; versions: Record<string, string> } };
    expect(c.versions).toEqual({ procedure: "3" });
    const withEvent = (await (await json(`/api/cases/${c.id}/events`, "POST", { event: STRATEGY })).json()) as {
      case: Record<string, unknown>;
      plan: { actions: Action[] };
    };
    expect(icpcOf(withEvent.plan.actions).due).toBe(TWELVE);

    // The same case as it was pinned to the first edition.
    const imported = await json("/api/cases/import", "POST", { ...withEvent.case, versions: { procedure: "1" } });
    expect(imported.status).toBe(201);
    const old = (await imported.json()) as { case: { id: string }; plan: { actions: Action[] } };
    const before = icpcOf(old.plan.actions);
    expect(before.due).toBe(FIFTEEN);
    expect(before.sources[0]!.quote).toContain(OLD);

    // Left alone it keeps 15; moved onto the current version it counts 12 and quotes the new text.
    const again = (await (await json(`/api/cases/${old.case.id}`, "GET")).json()) as { plan: { actions: Action[] } };
    expect(icpcOf(again.plan.actions).due).toBe(FIFTEEN);
    await moveToCurrentVersion(ctx, await getCase(ctx, old.case.id), "versions-test");
    const moved = (await (await json(`/api/cases/${old.case.id}`, "GET")).json()) as {
      case: { versions: Record<string, string> };
      plan: { actions: Action[] };
    };
    expect(moved.case.versions).toEqual({ procedure: "3" });
    const after = icpcOf(moved.plan.actions);
    expect(after.due).toBe(TWELVE);
    expect(after.sources[0]!.quote).toContain(NEW);
  });
});
