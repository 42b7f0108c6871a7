/** Training pages (/training): thin — validate, call server/scenarios, render views/scenarios. */
import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { readForm } from "../http/request.js";
import { InvalidInput } from "../domain/errors.js";
import { viewerOf } from "../auth/middleware.js";
import { caseTeams } from "../auth/roles.js";
import {
  authorStart,
  caseChoices,
  compareView,
  doneLabels,
  exportYaml,
  handoutView,
  importScenario,
  type PlayQuery,
  playView,
  submitAuthorForm,
} from "../scenarios/service.js";
import { scenarioUrl } from "../scenarios/urls.js";
import { type FieldError, type FormValues, scenarioToForm } from "../scenarios/author.js";
import { TrainingLibraryPage, ScenarioOverviewPage } from "../../views/scenarios/library.js";
import { PlayMain, PlayPage, PlayStatus, type PlayExtras } from "../../views/scenarios/play.js";
import { PresenterView } from "../../views/scenarios/present.js";
import { ScenarioComparePage } from "../../views/scenarios/compare.js";
import { HandoutPage } from "../../views/scenarios/handout.js";
import { AuthorPage, ImportPage } from "../../views/scenarios/author.js";

const playQuery = (c: Context): PlayQuery => {
  const q = c.req.query();
  return { step: q.step, date: q.date, set: q.set, quiz: q.quiz, reveal: q.reveal };
};

/** After an in-place step (htmx), focus the new step's heading; after an in-place reveal, the answer. */
const focusOf = (c: Context, q: PlayQuery): PlayExtras["focus"] =>
  c.req.header("HX-Request") === "true"
    ? q.reveal && c.req.header("HX-Boosted") !== "true"
      ? "answer"
      : "step"
    : undefined;

export function scenarioRoutes(ctx: AppContext) {
  const app = new Hono();
  const lib = () => ctx.scenarios;

  const authorPage = async (c: Context, values: FormValues, errors: FieldError[], id?: string, from?: string) => {
    // Cases to start from: those this person may see (none for a trainer; every case in single-user mode).
    const cases = id || from ? [] : await caseChoices(ctx, caseTeams(viewerOf(c)));
    return respond(c, {
      title: `${errors.length ? "Error: " : ""}${id ? "Change a scenario" : "Write a scenario"}`,
      nav: "training",
      status: errors.length ? 400 : 200,
      body: () => (
        <AuthorPage
          m={{
            values,
            errors,
            csrf: csrfToken(c),
            sets: ctx.library.sets,
            agencies: ctx.checklists.catalogue.agencies,
            duties: ctx.checklists.catalogue.duties,
            action: id ? scenarioUrl(id, "edit") : "/training",
            editing: id !== undefined,
            cases,
            from,
          }}
        />
      ),
    });
  };

  const importPage = (c: Context, yaml: string, errors: FieldError[]) =>
    respond(c, {
      title: `${errors.length ? "Error: " : ""}Paste or upload a scenario`,
      nav: "training",
      status: errors.length ? 400 : 200,
      body: () => (
        <ImportPage
          csrf={csrfToken(c)}
          yaml={yaml}
          errors={errors}
          example={lib().get("split-vote")?.yaml ?? lib().list()[0]?.yaml ?? ""}
        />
      ),
    });

  app.get("/training", (c) =>
    respond(c, {
      title: "Training scenarios",
      nav: "training",
      body: () => (
        <TrainingLibraryPage scenarios={lib().list()} attention={lib().needsAttention()} sets={ctx.library.sets} />
      ),
    }),
  );

  app.get("/training/new", async (c) => {
    const q = c.req.query();
    return authorPage(c, await authorStart(ctx, q), [], undefined, q.case ?? q.from);
  });

  app.post("/training", async (c) => {
    const r = await submitAuthorForm(ctx, await readForm(c));
    if ("stored" in r) return c.redirect(`${scenarioUrl(r.stored.id)}?saved=1`, 303);
    return authorPage(c, r.values, r.errors);
  });

  app.get("/training/import", (c) => importPage(c, "", []));

  app.post("/training/import", async (c) => {
    const f = await readForm(c);
    const file = f.file as unknown;
    const r = await importScenario(
      ctx,
      typeof f.yaml === "string" ? f.yaml : "",
      file instanceof File ? file : undefined,
    );
    if ("stored" in r) return c.redirect(`${scenarioUrl(r.stored.id)}?saved=1`, 303);
    return importPage(c, r.yaml, r.errors);
  });

  app.get("/training/:id", (c) => {
    const s = lib().find(c.req.param("id"));
    return respond(c, {
      title: s.scenario.title,
      nav: "training",
      body: () => (
        <ScenarioOverviewPage
          s={s}
          sets={ctx.library.sets}
          csrf={csrfToken(c)}
          saved={c.req.query("saved") === "1"}
          labels={doneLabels(ctx)}
        />
      ),
    });
  });

  app.get("/training/:id/play", (c) => {
    const s = lib().find(c.req.param("id"));
    const q = playQuery(c);
    let v: ReturnType<typeof playView>;
    const x: PlayExtras = { focus: focusOf(c, q) };
    try {
      v = playView(ctx, s, q);
    } catch (e) {
      // A date that cannot be read: the same step again, the error beside the field, what was typed kept.
      if (!(e instanceof InvalidInput) || e.field !== "date") throw e;
      v = playView(ctx, s, { ...q, date: undefined });
      x.errors = [{ field: "date", message: e.message }];
      x.typedDate = q.date;
    }
    return respond(c, {
      title: `${x.errors ? "Error: " : ""}${s.scenario.title}: ${v.moment.date}`,
      nav: "training",
      status: x.errors ? 400 : 200,
      body: () => <PlayPage v={v} x={x} />,
      fragment: () => (
        <>
          <PlayStatus v={v} />
          <PlayMain v={v} x={x} />
        </>
      ),
    });
  });

  app.get("/training/:id/present", (c) => {
    const s = lib().find(c.req.param("id"));
    // Presenting, the answer is hidden at every step until revealed ("what's due next?" mode), unless quiz=0.
    const q = playQuery(c);
    return c.html(<PresenterView v={playView(ctx, s, { ...q, quiz: q.quiz ?? "1" })} focus={focusOf(c, q)} />);
  });

  app.get("/training/:id/compare", (c) => {
    const v = compareView(ctx, lib().find(c.req.param("id")), playQuery(c));
    return respond(c, {
      title: `${v.stored.scenario.title}: every area`,
      nav: "training",
      body: () => <ScenarioComparePage v={v} />,
    });
  });

  app.get("/training/:id/handout", (c) => {
    const v = handoutView(ctx, lib().find(c.req.param("id")), playQuery(c));
    return respond(c, {
      title: `${v.stored.scenario.title}: handout`,
      nav: "training",
      body: () => <HandoutPage v={v} />,
    });
  });

  app.get("/training/:id/scenario.yaml", (c) => {
    const s = lib().find(c.req.param("id"));
    return c.body(exportYaml(s), 200, {
      "Content-Type": "application/yaml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${s.id}.yaml"`,
    });
  });

  app.get("/training/:id/edit", (c) => {
    const s = lib().find(c.req.param("id"));
    if (s.shipped) return c.redirect(`/training/new?from=${encodeURIComponent(s.id)}`, 303);
    return authorPage(c, scenarioToForm(s.scenario), [], s.id);
  });

  app.post("/training/:id/edit", async (c) => {
    const id = c.req.param("id");
    const r = await submitAuthorForm(ctx, await readForm(c), id);
    if ("stored" in r) return c.redirect(`${scenarioUrl(r.stored.id)}?saved=1`, 303);
    return authorPage(c, r.values, r.errors, id);
  });

  app.post("/training/:id/delete", async (c) => {
    await lib().remove(c.req.param("id"));
    return c.redirect("/training", 303);
  });

  return app;
}
