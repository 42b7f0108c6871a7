/** Case pages: list, create, the checklist page with its guided questions, events, done marks, exports. */
import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { baseUrl, readForm, rememberUser, rememberedUser, typedValues, whoIs } from "../http/request.js";
import { findSet } from "../guidance/model.js";
import { casePlan, getCase, groupActions, newerVersions } from "../cases/service.js";
import { listCases, openCaseActions } from "../cases/list.js";
import { readEvent, readNewCase, str, type FieldError } from "../cases/forms.js";
import { answerRows, answerToChange, readAnswer } from "../cases/answers.js";
import { addEvent, applyAnswer, createCase, markDone, moveToCurrentVersion, removeEvent } from "../cases/mutations.js";
import { toIcs } from "../cases/ics.js";
import { setVersionLabel } from "../plan/service.js";
import type { CaseRecord } from "../store/schema.js";
import { CaseList } from "../../views/cases/list.js";
import { NewCasePage } from "../../views/cases/new.js";
import { CaseMain, CasePage, type CasePageModel } from "../../views/cases/page.js";
import { AnswersPage, ChangeAnswerPage } from "../../views/cases/answers.js";
import { PrintView } from "../../views/cases/print.js";

const calendar = (c: Context, ics: string, filename: string) =>
  c.body(ics, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
  });

export function caseRoutes(ctx: AppContext) {
  const app = new Hono();
  const { catalogue } = ctx.checklists;
  const sets = ctx.library.sets;

  const model = (c: Context, rec: CaseRecord, extra: Partial<CasePageModel> = {}): CasePageModel => {
    const today = ctx.today();
    const plan = casePlan(ctx, rec, today);
    return {
      c: rec,
      set: findSet(ctx.library, rec.procedures)!,
      plan,
      groups: groupActions(plan),
      today,
      csrf: csrfToken(c),
      newer: newerVersions(ctx, rec),
      errors: [],
      agencies: catalogue.agencies,
      versionLabel: setVersionLabel(ctx.library, rec.procedures, rec.versions),
      ...extra,
    };
  };

  const show = (c: Context, m: CasePageModel, status: 200 | 400 = 200) =>
    respond(c, {
      title: `${m.errors.length ? "Error: " : ""}${m.c.reference}`,
      nav: "cases",
      status,
      body: () => <CasePage m={m} />,
      fragment: () => <CaseMain m={m} />,
    });

  /** After a change: htmx gets the recomputed checklist in place; a plain form post is redirected (POST/redirect/GET). */
  const changed = (c: Context, rec: CaseRecord) =>
    wantsFragment(c) ? show(c, model(c, rec)) : c.redirect(`/cases/${rec.id}`, 303);

  const newCasePage = (c: Context, values: Record<string, string>, errors: FieldError[], by: string) =>
    respond(c, {
      title: `${errors.length ? "Error: " : ""}Create a case`,
      nav: "cases",
      status: errors.length ? 400 : 200,
      body: () => <NewCasePage sets={sets} values={values} errors={errors} csrf={csrfToken(c)} by={by} />,
    });

  app.get("/cases", (c) => {
    const listing = listCases(ctx, c.req.query());
    return respond(c, { title: "Cases", nav: "cases", body: () => <CaseList {...listing} sets={sets} /> });
  });

  app.get("/cases/new", (c) => newCasePage(c, {}, [], rememberedUser(c)));

  app.post("/cases", async (c) => {
    const f = await readForm(c);
    const { value, errors } = readNewCase(
      f,
      sets.map((s) => s.id),
      ctx.today(),
    );
    if (!value) return newCasePage(c, typedValues(f), errors, "");
    rememberUser(c, value.by);
    const { reference, procedures, children } = value;
    const rec = await createCase(ctx, { reference, procedures, children }, value.by);
    return c.redirect(`/cases/${rec.id}`, 303);
  });

  app.get("/cases/calendar.ics", (c) =>
    calendar(c, toIcs(openCaseActions(ctx), baseUrl(c), new Date()), "pathway-all-cases.ics"),
  );

  app.get("/cases/:id", (c) => show(c, model(c, getCase(ctx, c.req.param("id")))));

  app.get("/cases/:id/print", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const today = ctx.today();
    const setName = findSet(ctx.library, rec.procedures)!.name;
    const plan = casePlan(ctx, rec, today);
    return respond(c, {
      title: `${rec.reference}: print`,
      nav: "cases",
      body: () => <PrintView c={rec} setName={setName} plan={plan} today={today} baseUrl={baseUrl(c)} />,
    });
  });

  app.get("/cases/:id/calendar.ics", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const ics = toIcs([{ c: rec, actions: casePlan(ctx, rec).actions }], baseUrl(c), new Date());
    return calendar(c, ics, `pathway-${rec.id}.ics`);
  });

  app.get("/cases/:id/export.json", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return c.body(JSON.stringify(rec, null, 1), 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-case-${rec.id}.json"`,
    });
  });

  app.post("/cases/:id/events", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    const { value, errors } = readEvent(f, ctx.today());
    if (!value) return show(c, model(c, rec, { errors, eventValues: typedValues(f) }), 400);
    return changed(c, await addEvent(ctx, rec, value, whoIs(c)));
  });

  app.post("/cases/:id/events/:eventId/delete", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return changed(c, await removeEvent(ctx, rec, c.req.param("eventId"), whoIs(c)));
  });

  app.post("/cases/:id/done", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    return changed(c, await markDone(ctx, rec, str(f, "actionId"), whoIs(c), str(f, "note") || undefined));
  });

  app.post("/cases/:id/version", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return changed(c, await moveToCurrentVersion(ctx, rec, whoIs(c)));
  });

  app.post("/cases/:id/answers", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    const errors: FieldError[] = [];
    const answer = readAnswer(catalogue, rec, str(f, "question"), f, ctx.today(), errors);
    if (!answer) return show(c, model(c, rec, { errors }), 400);
    const updated = await applyAnswer(ctx, rec, answer, whoIs(c));
    // Changing an answer from the review screen goes back there; the guided question stays on the checklist.
    if (str(f, "from") === "review" && !wantsFragment(c)) return c.redirect(`/cases/${rec.id}/answers`, 303);
    return changed(c, updated);
  });

  app.get("/cases/:id/answers", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const rows = answerRows(rec, catalogue.facts);
    const open = casePlan(ctx, rec).questions;
    return respond(c, {
      title: `${rec.reference}: answers`,
      nav: "cases",
      body: () => <AnswersPage c={rec} rows={rows} open={open} />,
    });
  });

  app.get("/cases/:id/answers/:question", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const m = model(c, rec);
    const { question, current } = answerToChange(catalogue, rec, c.req.param("question"), m.plan.questions);
    return respond(c, {
      title: `${rec.reference}: change answer`,
      nav: "cases",
      body: () => <ChangeAnswerPage m={m} q={question} current={current} />,
    });
  });

  return app;
}
