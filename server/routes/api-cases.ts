/** JSON routes for cases, in the style of docs/DOMAIN.md: ISO dates, `{ error: { code, message, details } }` on bad input. */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { readJson } from "../http/body.js";
import { whoIs } from "../http/request.js";
import { listScope, placementOf } from "../auth/middleware.js";
import { exportedCase } from "../cases/audit.js";
import { cleanName } from "../store/limits.js";
import { caseState, getCase } from "../cases/service.js";
import { type CaseRow, allCaseRows, listCases } from "../cases/list.js";
import { importCase } from "../cases/import.js";
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
import { parseInput } from "../domain/input.js";
import type { CaseRecord } from "../store/schema.js";

const parse = async <T>(c: Context, schema: z.ZodType<T>): Promise<T> => parseInput(schema, await readJson(c));

const publicProblems = (problems: { field: string; message: string }[]) =>
  problems.map(({ field, message }) => ({ field, message }));

export function caseApi(ctx: AppContext) {
  const app = new Hono();
  // The bodies' own shape; what they carry is checked by the services with the one input gate
  // (server/cases/validate.ts), as for the forms. `by` is any text: it is cut to 60 printable characters.
  const by = z.string({ error: "must be text: who made the change" }).optional();
  const NewCase = z.looseObject({ by });
  const FactsPatch = z.object({ facts: z.unknown().optional(), children: z.unknown().optional(), by }).strict();
  const Done = z.object({ actionId: z.unknown(), note: z.unknown().optional(), by }).strict();
  const EventBody = z.object({ event: z.unknown(), by }).strict();

  /** The case with its plan, or with `plan: null` and what needs attention (added by Pathway). */
  const withPlan = (rec: CaseRecord) => {
    const s = caseState(ctx, rec);
    return s.plan ? { case: rec, plan: s.plan } : { case: rec, plan: null, needsAttention: publicProblems(s.problems) };
  };
  // Signed in, `by` is ignored: the audit names the account (server/http/request.ts).
  const who = (c: Context, by?: string) => whoIs(c, by === undefined ? undefined : cleanName(by));

  // Every case from the stored summaries (never every plan); `?page=` gives one page of 50 with the case list's
  // filters and sorts (set, q, show, sort) and the totals (added by Pathway).
  const row = ({ c: x, s }: CaseRow) => ({
    id: x.id,
    reference: x.reference,
    procedures: x.procedures,
    updatedAt: x.updatedAt,
    closed: x.closed,
    next: s.next ?? null,
    overdue: s.overdue,
    dueThisWeek: s.dueThisWeek,
    ...(s.attention ? { needsAttention: publicProblems(s.attention) } : {}),
  });
  app.get("/api/cases", async (c) => {
    if (c.req.query("page") !== undefined) {
      const listing = await listCases(ctx, c.req.query());
      return c.json({ cases: listing.rows.map(row), page: listing.page, pages: listing.pages, total: listing.total });
    }
    const cases: ReturnType<typeof row>[] = [];
    for await (const rows of allCaseRows(ctx, 500, listScope(c))) for (const r of rows) cases.push(row(r));
    return c.json({ cases });
  });

  app.post("/api/cases", async (c) => {
    const { by, ...input } = await parse(c, NewCase);
    return c.json(withPlan(await createCase(ctx, input as never, who(c, by), [], placementOf(c))), 201);
  });

  app.post("/api/cases/import", async (c) => {
    const rec = await importCase(ctx, await readJson(c), whoIs(c), placementOf(c));
    return c.json(withPlan(rec), 201);
  });

  app.get("/api/cases/:id", async (c) => c.json(withPlan(await getCase(ctx, c.req.param("id")))));

  app.get("/api/cases/:id/export", async (c) => c.json(await exportedCase(ctx, await getCase(ctx, c.req.param("id")))));

  app.patch("/api/cases/:id/facts", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const body = await parse(c, FactsPatch);
    return c.json(
      withPlan(await setFactsAndChildren(ctx, rec, body.facts as never, body.children as never, who(c, body.by))),
    );
  });

  app.post("/api/cases/:id/events", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const body = await parse(c, EventBody);
    return c.json(withPlan(await addEvent(ctx, rec, body.event, who(c, body.by))), 201);
  });

  app.delete("/api/cases/:id/events/:eventId", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    return c.json(withPlan(await removeEvent(ctx, rec, c.req.param("eventId"), whoIs(c))));
  });

  app.post("/api/cases/:id/done", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const body = await parse(c, Done);
    return c.json(withPlan(await markDone(ctx, rec, body.actionId as string, who(c, body.by), body.note as never)));
  });

  // Undo a "Mark done": the action is open again.
  app.delete("/api/cases/:id/done/:actionId", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    return c.json(withPlan(await undoDone(ctx, rec, c.req.param("actionId"), whoIs(c))));
  });

  const Closing = z.object({ reason: z.string().max(500).optional(), by: z.string().max(60).optional() }).strict();
  app.post("/api/cases/:id/close", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const body = await parse(c, Closing);
    return c.json(withPlan(await closeCase(ctx, rec, who(c, body.by), body.reason)));
  });

  app.post("/api/cases/:id/reopen", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const body = await parse(c, Closing.pick({ by: true }));
    return c.json(withPlan(await reopenCase(ctx, rec, who(c, body.by))));
  });

  return app;
}
