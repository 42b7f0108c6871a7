/**
 * Cases that need attention (their record fails the input checks, or their plan cannot be worked out): every page
 * that would show the case shows what is wrong and how to correct it instead — never a 500 — and the corrections
 * post here. Mounted before the case pages, whose routes run as usual for every other case.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import type { AppContext } from "../app-context.js";
import { InvalidInput } from "../domain/errors.js";
import type { FieldProblem } from "../domain/errors.js";
import { findSet } from "../guidance/model.js";
import { csrfToken } from "../http/csrf.js";
import { respond, wantsFragment } from "../http/respond.js";
import { baseUrl, readForm, typedValues, whoIs } from "../http/request.js";
import { caseAttention, getCase } from "../cases/service.js";
import { correctChildDates, correctEventDate } from "../cases/attention.js";
import { formMessage, readUkDate, type FieldError } from "../cases/forms.js";
import { toIcs } from "../cases/ics.js";
import { CASE_ID, type CaseRecord } from "../store/schema.js";
import { AttentionPage, type AttentionModel } from "../../views/cases/attention.js";

/** The pages of one case that need its plan: shown as the attention page while it needs attention. */
const CASE_PAGES = [
  "/cases/:id",
  "/cases/:id/print",
  "/cases/:id/answers",
  "/cases/:id/answers/:question",
  "/cases/:id/history",
  "/cases/:id/children",
];

export function attentionRoutes(ctx: AppContext) {
  const app = new Hono();

  const page = (
    c: Context,
    rec: CaseRecord,
    problems: FieldProblem[],
    extra: Partial<AttentionModel> = {},
    status: 200 | 400 = 200,
  ) => {
    const m: AttentionModel = {
      c: rec,
      setName: findSet(ctx.library, rec.procedures)?.name,
      problems,
      csrf: csrfToken(c),
      errors: [],
      ...extra,
    };
    // For htmx, the page takes the place of the main content (whatever part the request meant to swap).
    if (wantsFragment(c)) {
      c.header("HX-Retarget", "#main");
      c.header("HX-Reswap", "innerHTML");
      c.header("HX-Reselect", "#attention-page");
    }
    return respond(c, {
      title: `${m.errors.length ? "Error: " : ""}${rec.reference}: needs attention`,
      nav: "cases",
      status,
      body: () => (
        <div id="attention-page">
          <AttentionPage m={m} />
        </div>
      ),
    });
  };

  /** The case named by the path, when it needs attention. */
  const flagged = async (c: Context): Promise<{ rec: CaseRecord; problems: FieldProblem[] } | undefined> => {
    const id = c.req.param("id") ?? "";
    const rec = CASE_ID.test(id) ? await ctx.store.get(id) : undefined;
    const problems = rec && caseAttention(ctx, rec);
    return rec && problems ? { rec, problems } : undefined;
  };

  const showInstead: MiddlewareHandler = async (c, next) => {
    const f = c.req.method === "GET" ? await flagged(c) : undefined;
    if (!f) return next();
    return page(c, f.rec, f.problems);
  };
  for (const path of CASE_PAGES) app.use(path, showInstead);

  // Its calendar has no due dates to give: an empty calendar, not an error in Outlook.
  app.use("/cases/:id/calendar.ics", async (c, next) => {
    const f = c.req.method === "GET" ? await flagged(c) : undefined;
    if (!f) return next();
    return c.body(toIcs([{ c: f.rec, actions: [] }], baseUrl(c), new Date()), 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-${f.rec.id}.ics"`,
    });
  });

  /** After a correction: the case page, which is the attention page again if anything is left to correct. */
  const back = (c: Context, rec: CaseRecord) => c.redirect(`/cases/${rec.id}`, 303);

  /** A correction refused: the attention page again with the problem beside the field. */
  const refused = (c: Context, rec: CaseRecord, form: string, errors: FieldError[], values: Record<string, string>) =>
    page(c, rec, caseAttention(ctx, rec) ?? [], { errors, errorsIn: form, values }, 400);

  app.post("/cases/:id/events/:eventId/date", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const eventId = c.req.param("eventId");
    const i = rec.events.findIndex((e) => e.id === eventId);
    const f = await readForm(c);
    const field = `date-${i}`;
    const errors: FieldError[] = [];
    const date = readUkDate(f, "date", "the date", errors, { required: true });
    const form = `event-${eventId}`;
    if (!date)
      return refused(
        c,
        rec,
        form,
        errors.map((e) => ({ ...e, field })),
        typedValues(f),
      );
    try {
      return back(c, await correctEventDate(ctx, rec, eventId, date, whoIs(c)));
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      const problems = (e.details as FieldProblem[] | undefined) ?? [{ field: "event.date", message: e.message }];
      const hint = " (use “ICPC booked” or “RCPC booked” for a future conference)";
      const messages = problems.map((p) =>
        p.field === "event.date"
          ? formMessage(p, "the date", hint)
          : `This event cannot be kept as it is (${p.field}: ${p.message}): remove it and record it again.`,
      );
      return refused(c, rec, form, [{ field, message: messages[0]! }], typedValues(f));
    }
  });

  app.post("/cases/:id/children/:index/dates", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const index = Number.parseInt(c.req.param("index"), 10);
    const f = await readForm(c);
    const form = `child-${index}`;
    const errors: FieldError[] = [];
    const dateOfBirth = readUkDate(f, "dob", "the date of birth", errors);
    const expectedDeliveryDate = readUkDate(f, "edd", "the expected delivery date", errors);
    if (!errors.length && !dateOfBirth && !expectedDeliveryDate)
      errors.push({
        field: "dob",
        message: "Enter the date of birth, or the expected delivery date for an unborn child",
      });
    const at = (e: FieldError) => ({ ...e, field: `${e.field}-${index}` });
    if (errors.length) return refused(c, rec, form, errors.map(at), typedValues(f));
    try {
      return back(c, await correctChildDates(ctx, rec, index, { dateOfBirth, expectedDeliveryDate }, whoIs(c)));
    } catch (e) {
      if (!(e instanceof InvalidInput)) throw e;
      const p = ((e.details as FieldProblem[] | undefined) ?? [])[0] ?? { field: "", message: e.message };
      const edd = p.field.endsWith("expectedDeliveryDate");
      const message = formMessage(p, edd ? "the expected delivery date" : "the date of birth");
      return refused(c, rec, form, [at({ field: edd ? "edd" : "dob", message })], typedValues(f));
    }
  });

  return app;
}
