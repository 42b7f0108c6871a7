/** Training scenarios as JSON: list, read, save (validated; 400 naming the field, nothing written) and a plan at a step. */
import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { badRequest } from "../http/errors.js";
import { playView, saveScenario } from "../scenarios/service.js";
import { scenarioUrl } from "../scenarios/urls.js";

export function scenarioApi(ctx: AppContext) {
  const app = new Hono();

  app.get("/api/scenarios", (c) =>
    c.json({
      scenarios: ctx.scenarios.list().map((s) => ({
        id: s.id,
        title: s.scenario.title,
        set: s.scenario.set,
        shipped: s.shipped,
        url: scenarioUrl(s.id),
      })),
    }),
  );

  app.get("/api/scenarios/:id", (c) => {
    const s = ctx.scenarios.find(c.req.param("id"));
    return c.json({ id: s.id, shipped: s.shipped, scenario: s.scenario });
  });

  app.post("/api/scenarios", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw badRequest("The body is not valid JSON.");
    }
    const s = await saveScenario(ctx, body);
    return c.json({ id: s.id, url: scenarioUrl(s.id), scenario: s.scenario }, 201);
  });

  /** The checklist at a step (`step`) or a date (`date`), in the scenario's set or `set`, and what changed. */
  app.get("/api/scenarios/:id/plan", (c) => {
    const q = c.req.query();
    const v = playView(ctx, ctx.scenarios.find(c.req.param("id")), { step: q.step, date: q.date, set: q.set });
    return c.json({
      scenario: { id: v.stored.id, title: v.stored.scenario.title },
      procedures: { id: v.set.id, name: v.set.name },
      today: v.moment.date,
      step: v.moment.step ?? null,
      steps: v.total,
      happened: v.happened.map((h) => ({ step: h.step, ...h.entry })),
      actions: v.plan.actions,
      questions: v.plan.questions,
      changes: v.changes.map((ch) => ({
        kind: ch.kind,
        id: ch.action.id,
        title: ch.action.title,
        due: ch.action.due,
        ...(ch.before?.due && ch.before.due !== ch.action.due ? { was: ch.before.due } : {}),
        why: ch.why,
      })),
    });
  });

  return app;
}
