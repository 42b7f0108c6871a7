/** JSON routes for cases, in the style of docs/DOMAIN.md: ISO dates, `{ error: { code, message, details } }` on bad input. */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { readJson } from "../http/body.js";
import { whoIs } from "../http/request.js";
import { cleanName } from "../store/limits.js";
import { casePlan, getCase, summarise } from "../cases/service.js";
import {
  addEvent,
  closeCase,
  createCase,
  markDone,
  removeEvent,
  reopenCase,
  setFactsAndChildren,
  undoDone,
} from "../cases/mutations.js";
import { ChildInput, EventInput, FactsInput, checkChildren, parseInput } from "../domain/input.js";
import type { CaseRecord } from "../store/schema.js";

const parse = async <T>(c: Context, schema: z.ZodType<T>): Promise<T> => parseInput(schema, await readJson(c));

export function caseApi(ctx: AppContext) {
  const app = new Hono();
  const agencyIds = ctx.checklists.catalogue.agencies.map((a) => a.id);
  const NewCase = z
    .object({
      reference: z.string().trim().min(1, "is required").max(80),
      procedures: z.string(),
      children: z.array(ChildInput).max(20).default([]),
      facts: FactsInput(agencyIds).default({}),
      by: z.string().max(60).optional(),
    })
    .strict();
  const FactsPatch = z
    .object({
      facts: FactsInput(agencyIds).optional(),
      children: z.array(ChildInput).max(20).optional(),
      by: z.string().max(60).optional(),
    })
    .strict();
  const Done = z
    .object({ actionId: z.string().max(300), note: z.string().max(500).optional(), by: z.string().max(60).optional() })
    .strict();
  const EventBody = z.object({ event: EventInput, by: z.string().max(60).optional() }).strict();

  const withPlan = (rec: CaseRecord) => ({ case: rec, plan: casePlan(ctx, rec) });
  const who = (c: Context, by?: string) => (by === undefined ? whoIs(c) : cleanName(by));

  app.get("/api/cases", (c) => {
    const today = ctx.today();
    return c.json({
      cases: ctx.store.list().map((x) => {
        const s = summarise(casePlan(ctx, x, today));
        return {
          id: x.id,
          reference: x.reference,
          procedures: x.procedures,
          updatedAt: x.updatedAt,
          closed: x.closed,
          next: s.next ?? null,
          overdue: s.overdue,
          dueThisWeek: s.dueThisWeek,
        };
      }),
    });
  });

  app.post("/api/cases", async (c) => {
    const { by, ...input } = await parse(c, NewCase);
    return c.json(withPlan(await createCase(ctx, input, who(c, by))), 201);
  });

  app.post("/api/cases/import", async (c) => {
    const rec = await ctx.store.importCase(await readJson(c), whoIs(c));
    return c.json(withPlan(rec), 201);
  });

  app.get("/api/cases/:id", (c) => c.json(withPlan(getCase(ctx, c.req.param("id")))));

  app.get("/api/cases/:id/export", (c) => c.json(getCase(ctx, c.req.param("id"))));

  app.patch("/api/cases/:id/facts", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const body = await parse(c, FactsPatch);
    if (body.children) checkChildren(ctx.today(), body.children);
    return c.json(withPlan(await setFactsAndChildren(ctx, rec, body.facts, body.children, who(c, body.by))));
  });

  app.post("/api/cases/:id/events", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const body = await parse(c, EventBody);
    return c.json(withPlan(await addEvent(ctx, rec, body.event, who(c, body.by))), 201);
  });

  app.delete("/api/cases/:id/events/:eventId", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return c.json(withPlan(await removeEvent(ctx, rec, c.req.param("eventId"), whoIs(c))));
  });

  app.post("/api/cases/:id/done", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const body = await parse(c, Done);
    return c.json(withPlan(await markDone(ctx, rec, body.actionId, who(c, body.by), body.note)));
  });

  // Undo a "Mark done": the action is open again.
  app.delete("/api/cases/:id/done/:actionId", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return c.json(withPlan(await undoDone(ctx, rec, c.req.param("actionId"), whoIs(c))));
  });

  const Closing = z.object({ reason: z.string().max(500).optional(), by: z.string().max(60).optional() }).strict();
  app.post("/api/cases/:id/close", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const body = await parse(c, Closing);
    return c.json(withPlan(await closeCase(ctx, rec, who(c, body.by), body.reason)));
  });

  app.post("/api/cases/:id/reopen", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const body = await parse(c, Closing.pick({ by: true }));
    return c.json(withPlan(await reopenCase(ctx, rec, who(c, body.by))));
  });

  return app;
}
