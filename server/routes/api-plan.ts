import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { findSet } from "../guidance/model.js";
import { notFound } from "../http/errors.js";
import { crossCheck, planRequestSchema, zodToBadRequest } from "../plan/request.js";
import { planFor, setVersionLabel } from "../plan/service.js";
import { readJson } from "../http/body.js";

export function planApi(ctx: AppContext) {
  const app = new Hono();
  const schema = planRequestSchema(ctx.checklists.catalogue.agencies.map((a) => a.id));

  app.post("/api/plan", async (c) => {
    const parsed = schema.safeParse(await readJson(c));
    if (!parsed.success) throw zodToBadRequest(parsed.error);
    const req = parsed.data;
    const set = findSet(ctx.library, req.procedures);
    if (!set)
      throw notFound(
        `procedures: unknown procedure set “${req.procedures}”. Known sets: ${ctx.library.sets.map((s) => s.id).join(", ")}.`,
      );
    const today = req.today ?? ctx.today();
    crossCheck({ today, children: req.children });
    const plan = planFor(ctx.library, ctx.checklists, {
      set: set.id,
      today,
      children: req.children,
      facts: req.facts,
      events: req.events,
      done: req.done,
    });
    return c.json({
      procedures: { id: set.id, name: set.name, version: setVersionLabel(ctx.library, set.id) },
      today,
      ...plan,
    });
  });

  return app;
}
