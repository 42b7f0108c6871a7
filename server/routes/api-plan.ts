import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { parseInput } from "../domain/input.js";
import { planRequestSchema } from "../plan/request.js";
import { planRequest } from "../plan/service.js";
import { readJson } from "../http/body.js";

export function planApi(ctx: AppContext) {
  const app = new Hono();
  const schema = planRequestSchema(ctx.checklists.catalogue.agencies.map((a) => a.id));

  app.post("/api/plan", async (c) => c.json(planRequest(ctx, parseInput(schema, await readJson(c)))));

  return app;
}
