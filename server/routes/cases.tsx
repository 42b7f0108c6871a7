/** Case pages: list, create, the checklist page with its guided questions, events, done marks, exports. */
import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { badRequest } from "../http/errors.js";
import { findSet } from "../guidance/model.js";
import {
  casePlan,
  getCase,
  groupActions,
  newerVersions,
  pinnedVersions,
  summarise,
  type CaseSummary,
} from "../cases/service.js";
import { readEvent, readNewCase, readUkDate, str, type FieldError, type Form } from "../cases/forms.js";
import { addEvent, applyAnswer, markDone, moveToCurrentVersion, removeEvent, type Answer } from "../cases/mutations.js";
import { toIcs } from "../cases/ics.js";
import { setVersionLabel } from "../plan/service.js";
import type { CaseRecord } from "../store/schema.js";
import { CaseList } from "../../views/cases/list.js";
import { NewCasePage } from "../../views/cases/new.js";
import { CaseMain, CasePage, QuestionForm, type CasePageModel } from "../../views/cases/page.js";
import { AnswersPage, answerRows } from "../../views/cases/answers.js";
import { PrintView } from "../../views/cases/print.js";

const USER_COOKIE = "pathway_user";
const PAGE_SIZE = 50;
export const whoIs = (c: Context) => (getCookie(c, USER_COOKIE) || c.req.header("X-User") || "not given").slice(0, 60);

export const form = async (c: Context): Promise<Form> => (await c.req.parseBody({ all: true })) as Form;
const baseUrl = (c: Context) => new URL(c.req.url).origin;

export function caseRoutes(ctx: AppContext) {
  const app = new Hono();

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
      agencies: ctx.checklists.catalogue.agencies,
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

  app.get("/cases", (c) => {
    const today = ctx.today();
    const filter = {
      set: c.req.query("set") ?? "",
      show: c.req.query("show") ?? "",
      q: (c.req.query("q") ?? "").trim().toLowerCase(),
    };
    const sort = ["next", "overdue", "reference", "updated"].includes(c.req.query("sort") ?? "")
      ? c.req.query("sort")!
      : "next";
    let rows = ctx.store
      .list()
      .filter((x) => !x.closed)
      .map((x) => ({ c: x, s: summarise(casePlan(ctx, x, today)) as CaseSummary }));
    if (filter.set) rows = rows.filter((r) => r.c.procedures === filter.set);
    if (filter.q) rows = rows.filter((r) => r.c.reference.toLowerCase().includes(filter.q));
    if (filter.show === "overdue") rows = rows.filter((r) => r.s.overdue > 0);
    if (filter.show === "week") rows = rows.filter((r) => r.s.dueThisWeek > 0);
    const by: Record<string, (a: (typeof rows)[0], b: (typeof rows)[0]) => number> = {
      next: (a, b) =>
        (a.s.next?.due ?? "9999") < (b.s.next?.due ?? "9999")
          ? -1
          : (a.s.next?.due ?? "9999") > (b.s.next?.due ?? "9999")
            ? 1
            : 0,
      overdue: (a, b) => b.s.overdue - a.s.overdue,
      reference: (a, b) => (a.c.reference < b.c.reference ? -1 : 1),
      updated: (a, b) => (a.c.updatedAt < b.c.updatedAt ? 1 : -1),
    };
    rows.sort(by[sort]);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
    const shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return respond(c, {
      title: "Cases",
      nav: "cases",
      body: () => (
        <CaseList
          rows={shown}
          total={rows.length}
          page={page}
          pages={pages}
          sets={ctx.library.sets}
          sort={sort}
          filter={filter}
        />
      ),
    });
  });

  app.get("/cases/new", (c) =>
    respond(c, {
      title: "Create a case",
      nav: "cases",
      body: () => (
        <NewCasePage
          sets={ctx.library.sets}
          values={{}}
          errors={[]}
          csrf={csrfToken(c)}
          by={getCookie(c, USER_COOKIE) ?? ""}
        />
      ),
    }),
  );

  app.post("/cases", async (c) => {
    const f = await form(c);
    const { value, errors } = readNewCase(
      f,
      ctx.library.sets.map((s) => s.id),
      ctx.today(),
    );
    if (!value) {
      const values = Object.fromEntries(
        Object.entries(f).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : (v ?? ""))]),
      );
      return respond(c, {
        title: "Error: Create a case",
        nav: "cases",
        status: 400,
        body: () => <NewCasePage sets={ctx.library.sets} values={values} errors={errors} csrf={csrfToken(c)} by="" />,
      });
    }
    if (value.by !== "not given")
      setCookie(c, USER_COOKIE, value.by, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        maxAge: 60 * 60 * 24 * 365,
      });
    const rec = await ctx.store.create(
      {
        reference: value.reference,
        procedures: value.procedures,
        versions: pinnedVersions(ctx, value.procedures),
        children: value.children,
      },
      value.by,
    );
    return c.redirect(`/cases/${rec.id}`, 303);
  });

  app.get("/cases/calendar.ics", (c) => {
    const today = ctx.today();
    const items = ctx.store
      .list()
      .filter((x) => !x.closed)
      .map((x) => ({ c: x, actions: casePlan(ctx, x, today).actions }));
    return c.body(toIcs(items, baseUrl(c), new Date()), 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="pathway-all-cases.ics"',
    });
  });

  app.get("/cases/:id", (c) => show(c, model(c, getCase(ctx, c.req.param("id")))));

  app.get("/cases/:id/print", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const today = ctx.today();
    return respond(c, {
      title: `${rec.reference}: print`,
      nav: "cases",
      body: () => (
        <PrintView
          c={rec}
          setName={findSet(ctx.library, rec.procedures)!.name}
          plan={casePlan(ctx, rec, today)}
          today={today}
          baseUrl={baseUrl(c)}
        />
      ),
    });
  });

  app.get("/cases/:id/calendar.ics", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const ics = toIcs([{ c: rec, actions: casePlan(ctx, rec).actions }], baseUrl(c), new Date());
    return c.body(ics, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-${rec.id}.ics"`,
    });
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
    const f = await form(c);
    const { value, errors } = readEvent(f, ctx.today());
    if (!value) {
      const eventValues = Object.fromEntries(
        Object.entries(f).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : (v ?? ""))]),
      );
      return show(c, model(c, rec, { errors, eventValues }), 400);
    }
    return changed(c, await addEvent(ctx, rec, value, whoIs(c)));
  });

  app.post("/cases/:id/events/:eventId/delete", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return changed(c, await removeEvent(ctx, rec, c.req.param("eventId"), whoIs(c)));
  });

  app.post("/cases/:id/done", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const f = await form(c);
    return changed(c, await markDone(ctx, rec, str(f, "actionId"), whoIs(c), str(f, "note") || undefined));
  });

  app.post("/cases/:id/version", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return changed(c, await moveToCurrentVersion(ctx, rec, whoIs(c)));
  });

  const readAnswer = (rec: CaseRecord, question: string, f: Form, errors: FieldError[]): Answer | undefined => {
    if (question === "agencies") {
      const raw = f.agencies;
      const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
      const known = ctx.checklists.catalogue.agencies.map((a) => a.id);
      if (list.some((a) => !known.includes(a))) {
        errors.push({ field: `agency-${known[0]}`, message: "Choose agencies from the list" });
        return undefined;
      }
      return { kind: "agencies", value: list };
    }
    const child = /^child:(.+):(dateOfBirth|lookedAfter)$/.exec(question);
    if (child) {
      const ch = rec.children.find((x) => x.id === child[1]);
      if (!ch) throw badRequest(`question: this case has no child “${child[1]}”`);
      if (child[2] === "dateOfBirth") {
        const iso = readUkDate(f, "answer", ch.unborn ? "the expected delivery date" : "the date of birth", errors, {
          required: true,
          notAfter: ch.unborn ? undefined : ctx.today(),
        });
        return iso
          ? { kind: "child", child: ch.id, field: ch.unborn ? "expectedDeliveryDate" : "dateOfBirth", value: iso }
          : undefined;
      }
    }
    const known = child || ctx.checklists.catalogue.facts.some((x) => x.id === question);
    if (!known) throw badRequest(`question: unknown question “${question}”`);
    const v = str(f, "answer");
    if (v !== "yes" && v !== "no") {
      errors.push({ field: "answer-yes", message: "Select yes or no" });
      return undefined;
    }
    return child
      ? { kind: "child", child: child[1]!, field: "lookedAfter", value: v === "yes" }
      : { kind: "fact", id: question, value: v === "yes" };
  };

  app.post("/cases/:id/answers", async (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const f = await form(c);
    const errors: FieldError[] = [];
    const answer = readAnswer(rec, str(f, "question"), f, errors);
    if (!answer) return show(c, model(c, rec, { errors }), 400);
    const updated = await applyAnswer(ctx, rec, answer, whoIs(c));
    // Changing an answer from the review screen goes back there; the guided question stays on the checklist.
    if (str(f, "from") === "review" && !wantsFragment(c)) return c.redirect(`/cases/${rec.id}/answers`, 303);
    return changed(c, updated);
  });

  app.get("/cases/:id/answers", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    return respond(c, {
      title: `${rec.reference}: answers`,
      nav: "cases",
      body: () => (
        <AnswersPage
          c={rec}
          rows={answerRows(rec, ctx.checklists.catalogue.facts)}
          open={casePlan(ctx, rec).questions}
        />
      ),
    });
  });

  app.get("/cases/:id/answers/:question", (c) => {
    const rec = getCase(ctx, c.req.param("id"));
    const qid = c.req.param("question");
    const row = answerRows(rec, ctx.checklists.catalogue.facts).find((r) => r.id === qid);
    if (!row) throw badRequest(`There is no question “${qid}” for this case.`);
    const m = model(c, rec);
    const q = m.plan.questions.find((x) => x.id === qid) ?? {
      id: qid,
      text: row.question,
      why: "It is one of the answers this checklist depends on.",
    };
    const child = /^child:(.+):(dateOfBirth|lookedAfter)$/.exec(qid);
    const ch = child ? rec.children.find((x) => x.id === child[1]) : undefined;
    const current: string | string[] | undefined =
      qid === "agencies"
        ? rec.facts.agencies
        : child?.[2] === "dateOfBirth"
          ? (ch?.dateOfBirth ?? ch?.expectedDeliveryDate)?.split("-").reverse().join("/")
          : (() => {
              const v = child ? ch?.lookedAfter : (rec.facts as Record<string, unknown>)[qid];
              return v === undefined ? undefined : v ? "yes" : "no";
            })();
    return respond(c, {
      title: `${rec.reference}: change answer`,
      nav: "cases",
      body: () => (
        <>
          <span class="caption">
            <a href={`/cases/${rec.id}/answers`}>Check your answers</a>
          </span>
          <div class="panel question">
            <QuestionForm q={q} m={m} action={`/cases/${rec.id}/answers`} current={current} review />
          </div>
        </>
      ),
    });
  });

  return app;
}
