/** Case pages: list, create, the checklist page with its guided questions, events, done marks, exports. */
import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { listScope, peopleOf, placementOf, signedInAccount } from "../auth/middleware.js";
import { actionOwner } from "../cases/owners.js";
import { exportedCase, fullAudit } from "../cases/audit.js";
import { baseUrl, readForm, rememberUser, rememberedUser, typedValues, whoIs } from "../http/request.js";
import { currentVersion, findSet } from "../guidance/model.js";
import { citeSource } from "../guidance/cite.js";
import { casePlan, getCase, groupActions, newerVersions } from "../cases/service.js";
import { listCases, openCaseActions } from "../cases/list.js";
import { openedOf } from "../cases/validate.js";
import { readEvent, readNewCase, str, type FieldError, type Form } from "../cases/forms.js";
import { answerRows, answerToChange, readAnswer } from "../cases/answers.js";
import {
  addEvent,
  applyAnswer,
  closeCase,
  createCase,
  markDone,
  moveToCurrentVersion,
  removeEvent,
  reopenCase,
  saveChild,
  undoDone,
} from "../cases/mutations.js";
import { type Flash, flashQuery, planBefore, planEffects, readFlash } from "../cases/flash.js";
import { toIcs } from "../cases/ics.js";
import { describeTimescale } from "../domain/words.js";
import { EVENT_TYPES } from "../domain/rules/schema.js";
import { InvalidInput } from "../domain/errors.js";
import type { Action, Plan } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { CaseList } from "../../views/cases/list.js";
import { NewCasePage } from "../../views/cases/new.js";
import { renderCasePart } from "../cases/page-cache.js";
import { CaseMain, CasePage, type CasePageModel, type FlashView } from "../../views/cases/page.js";
import { AnswersPage, ChangeAnswerPage } from "../../views/cases/answers.js";
import { PrintView } from "../../views/cases/print.js";
import { HistoryPage, childWords, eventWords, type HistoryNames } from "../../views/cases/history.js";
import { ChildPage } from "../../views/cases/children.js";
import { versionPhrase } from "../../views/plain.js";

const calendar = (c: Context, ics: string, filename: string) =>
  c.body(ics, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Content-Disposition": `attachment; filename="${filename}"`,
  });

export interface CaseRouteOptions {
  /** Working days before each due date that calendar exports remind (VALARM). */
  calendarReminders?: number[];
}

/** The case's owner and each action's, by name, when accounts exist (issue 14); nothing in single-user mode. */
function ownersOf(c: Context, rec: CaseRecord): Pick<CasePageModel, "owners"> {
  if (!signedInAccount(c) || !rec.team) return {};
  const people = peopleOf(c);
  const name = (id?: string) => (id ? (people.get(id)?.name ?? "a former account") : undefined);
  return { owners: { owner: name(rec.owner), of: (actionId) => name(actionOwner(rec, actionId)) } };
}

export function caseRoutes(ctx: AppContext, opts: CaseRouteOptions = {}) {
  const app = new Hono();
  const { catalogue } = ctx.checklists;
  const sets = ctx.library.sets;
  const reminders = opts.calendarReminders ?? [1];

  /** How the case names things: actions by title (never the rule id), facts by their question. */
  const namesFor = (rec: CaseRecord, plan: Plan): HistoryNames => ({
    action: (id) => {
      const a = plan.actions.find((x) => x.id === id);
      if (a) return `${a.title}${a.child && !a.title.includes(a.child) ? ` (${a.child})` : ""}`;
      // An action no longer in the plan (its anchor moved): its rule's title, filled for its child or agency.
      const [rule, ...who] = id.split("@")[0]!.split(":");
      const r = ctx.checklists.bySet.get(rec.procedures)?.rules.find((x) => x.id === rule);
      if (!r) return "an action no longer on the checklist";
      const child = rec.children.find((ch) => who.includes(ch.id));
      return r.title
        .replace(/\{child\}/g, child?.id ?? who[0] ?? "the child")
        .replace(/\{agency\}/g, "the agency")
        .replace(/\s*\(expected \{edd\}\)/g, "")
        .replace(/\{edd\}/g, "the expected delivery date");
    },
    fact: (id) => catalogue.facts.find((f) => f.id === id)?.text,
  });

  const versionText = (rec: CaseRecord) => {
    const set = findSet(ctx.library, rec.procedures)!;
    return set.documents
      .map((d) => {
        const v = d.versions.find((x) => x.version === rec.versions[d.id]) ?? currentVersion(d);
        return `${set.documents.length > 1 ? `${v.title}: ` : ""}${versionPhrase(v.versionLabel)}`;
      })
      .join("; ");
  };

  /** The words and the place on the page for the change just made. */
  const flashView = (rec: CaseRecord, plan: Plan, flash: Flash | undefined, before?: Plan): FlashView | undefined => {
    if (!flash) return undefined;
    const today = ctx.today();
    switch (flash.did) {
      case "event": {
        const e = rec.events.find((x) => x.id === flash.id);
        const was = before ?? planBefore(ctx, rec, flash, today);
        if (!e || !was) return undefined;
        return { did: "event", eventId: e.id, text: eventWords(e), effects: planEffects(was, plan) };
      }
      case "removed":
        return { did: "removed", text: eventWords({ type: flash.type, date: flash.date }) };
      case "done": {
        const was = planBefore(ctx, rec, flash, today);
        const a = was?.actions.find((x) => x.id === flash.id);
        if (!was || !a || a.status === "done" || a.status === "waiting") return undefined;
        const g = groupActions(was);
        const group = a.status === "overdue" ? "overdue" : a.status === "due" ? "thisWeek" : "later";
        return { did: "done", action: a, group, index: g[group].findIndex((x) => x.id === a.id) };
      }
      case "undone":
        return plan.actions.some((x) => x.id === flash.id && x.status !== "done")
          ? { did: "undone", actionId: flash.id }
          : undefined;
      case "answer": {
        const row = answerRows(rec, catalogue.facts).find((r) => r.id === flash.id);
        if (!row) return undefined;
        return {
          did: "answer",
          text: `${row.question.replace(/\?$/, "")}: ${row.answer}`,
          effects: before ? planEffects(before, plan) : [],
        };
      }
      case "closed":
        return { did: "closed", text: "Case closed. It has left the case list and the calendar of all cases." };
      case "reopened":
        return { did: "reopened", text: "Case reopened. It is back on the case list." };
      case "child": {
        const ch = rec.children.find((x) => x.id === flash.id);
        return ch
          ? { did: "child", text: `Saved: ${childWords(ch)}. The checklist has been worked out again.` }
          : undefined;
      }
      case "version":
        return { did: "version", text: "This case now follows the current version of the procedures." };
    }
  };

  const model = (
    c: Context,
    rec: CaseRecord,
    extra: Partial<CasePageModel> = {},
    flash?: { flash?: Flash; before?: Plan },
  ): CasePageModel => {
    const today = ctx.today();
    const plan = casePlan(ctx, rec, today);
    const set = findSet(ctx.library, rec.procedures)!;
    const checklist = ctx.checklists.bySet.get(rec.procedures);
    const rules = new Map(checklist?.rules.map((r) => [r.id, r]) ?? []);
    return {
      c: rec,
      set,
      plan,
      groups: groupActions(plan),
      today,
      csrf: csrfToken(c),
      newer: newerVersions(ctx, rec),
      errors: [],
      agencies: catalogue.agencies,
      versionText: versionText(rec),
      cite: (s) => citeSource(ctx.library, s, rec.procedures).label,
      timescale: (a: Action) => {
        const r = rules.get(a.rule);
        return r && checklist ? describeTimescale(r, checklist) : undefined;
      },
      names: namesFor(rec, plan),
      recorder: rememberedUser(c),
      recorderFromAccount: signedInAccount(c),
      flash: flashView(rec, plan, flash?.flash, flash?.before),
      closedBy: rec.closed ? [...rec.audit].reverse().find((e) => e.change === "case closed") : undefined,
      ...ownersOf(c, rec),
      ...extra,
    };
  };

  const show = (c: Context, m: CasePageModel, status: 200 | 400 = 200) => {
    m.fullPage = !wantsFragment(c);
    return respond(c, {
      title: `${m.errors.length ? "Error: " : ""}${m.c.reference}`,
      nav: "cases",
      status,
      skipLinks: m.c.closed ? [] : [{ href: "#record", label: "Skip to Record what happened" }],
      // Made once per version of the case, and kept (server/cases/page-cache.ts).
      body: () => renderCasePart(ctx, m, "page", (x) => <CasePage m={x} />),
      fragment: () => renderCasePart(ctx, m, "main", (x) => <CaseMain m={x} />),
    });
  };

  /**
   * After a change: htmx gets the recomputed checklist in place, saying what changed where it changed; a plain form
   * post is redirected (POST/redirect/GET) to the page, whose query names the change so the page says it too.
   */
  const changed = (c: Context, rec: CaseRecord, flash: Flash, before?: Plan) =>
    wantsFragment(c)
      ? show(c, model(c, rec, {}, { flash, before }))
      : c.redirect(`/cases/${rec.id}?${flashQuery(flash)}`, 303);

  const newCasePage = (c: Context, values: Record<string, string>, errors: FieldError[], by: string) =>
    respond(c, {
      title: `${errors.length ? "Error: " : ""}Create a case`,
      nav: "cases",
      status: errors.length ? 400 : 200,
      body: () => (
        <NewCasePage
          sets={sets}
          values={values}
          errors={errors}
          csrf={csrfToken(c)}
          by={signedInAccount(c) ? rememberedUser(c) : by}
          byAccount={signedInAccount(c)}
        />
      ),
    });

  /** The name typed into a form, remembered for the next change; else the one remembered already. */
  const recorder = (c: Context, f: Form) => {
    const typed = str(f, "by");
    if (typed) rememberUser(c, typed);
    return whoIs(c, typed); // signed in: the account's name, whatever was typed
  };

  app.get("/cases", async (c) => {
    const listing = await listCases(ctx, c.req.query(), listScope(c));
    return respond(c, {
      title: listing.filter.show === "closed" ? "Closed cases" : "Cases",
      nav: "cases",
      body: () => <CaseList {...listing} sets={sets} today={ctx.today()} />,
    });
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
    const rec = await createCase(ctx, { reference, procedures, children }, whoIs(c, value.by), [], placementOf(c));
    return c.redirect(`/cases/${rec.id}`, 303);
  });

  app.get("/cases/calendar.ics", async (c) => {
    const items: Parameters<typeof toIcs>[0] = [];
    for await (const batch of openCaseActions(ctx, listScope(c))) items.push(...batch);
    return calendar(c, toIcs(items, baseUrl(c), new Date(), reminders), "pathway-all-cases.ics");
  });

  app.get("/cases/:id", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    // "Record the strategy discussion" without JavaScript: the form comes with the event chosen.
    const record = c.req.query("record");
    const eventValues = record && (EVENT_TYPES as readonly string[]).includes(record) ? { type: record } : undefined;
    return show(c, model(c, rec, eventValues ? { eventValues } : {}, { flash: readFlash(c.req.query()) }));
  });

  app.get("/cases/:id/print", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const today = ctx.today();
    const m = model(c, rec);
    return respond(c, {
      title: `${rec.reference}: print`,
      nav: "cases",
      body: () => <PrintView m={m} today={today} baseUrl={baseUrl(c)} />,
    });
  });

  app.get("/cases/:id/history", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const full = { ...rec, audit: await fullAudit(ctx, rec) };
    return respond(c, {
      title: `${rec.reference}: history of changes`,
      nav: "cases",
      // The whole trail: entries archived to keep the case file small come first (never dropped).
      body: () => <HistoryPage c={full} names={namesFor(rec, casePlan(ctx, rec))} />,
    });
  });

  app.get("/cases/:id/calendar.ics", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const ics = toIcs([{ c: rec, actions: casePlan(ctx, rec).actions }], baseUrl(c), new Date(), reminders);
    return calendar(c, ics, `pathway-${rec.id}.ics`);
  });

  app.get("/cases/:id/export.json", async (c) => {
    const rec = await exportedCase(ctx, await getCase(ctx, c.req.param("id")));
    return c.body(JSON.stringify(rec, null, 1), 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-case-${rec.id}.json"`,
    });
  });

  app.post("/cases/:id/events", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    const { value, errors } = readEvent(f, ctx.today());
    if (!value) return show(c, model(c, rec, { errors, errorsIn: "event", eventValues: typedValues(f) }), 400);
    const before = casePlan(ctx, rec);
    const updated = await addEvent(ctx, rec, value, recorder(c, f));
    const added = updated.events[updated.events.length - 1]!;
    return changed(c, updated, { did: "event", id: added.id }, before);
  });

  app.post("/cases/:id/events/:eventId/delete", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const e = rec.events.find((x) => x.id === c.req.param("eventId"));
    const updated = await removeEvent(ctx, rec, c.req.param("eventId"), whoIs(c));
    return changed(c, updated, { did: "removed", type: e!.type, date: e!.date });
  });

  app.post("/cases/:id/done", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    const actionId = str(f, "actionId");
    return changed(c, await markDone(ctx, rec, actionId, whoIs(c), str(f, "note") || undefined), {
      did: "done",
      id: actionId,
    });
  });

  app.post("/cases/:id/done/undo", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const actionId = str(await readForm(c), "actionId");
    return changed(c, await undoDone(ctx, rec, actionId, whoIs(c)), { did: "undone", id: actionId });
  });

  app.post("/cases/:id/version", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    return changed(c, await moveToCurrentVersion(ctx, rec, whoIs(c)), { did: "version" });
  });

  app.post("/cases/:id/close", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const reason = str(await readForm(c), "reason").slice(0, 500);
    return changed(c, await closeCase(ctx, rec, whoIs(c), reason || undefined), { did: "closed" });
  });

  app.post("/cases/:id/reopen", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    return changed(c, await reopenCase(ctx, rec, whoIs(c)), { did: "reopened" });
  });

  app.post("/cases/:id/answers", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    const errors: FieldError[] = [];
    const question = str(f, "question");
    const answer = readAnswer(catalogue, rec, question, f, ctx.today(), errors);
    if (!answer) {
      // From the review screen the error shows on the change page it came from.
      if (str(f, "from") === "review") return changeAnswerPage(c, rec, question, errors, 400);
      return show(c, model(c, rec, { errors, errorsIn: "answer" }), 400);
    }
    const before = casePlan(ctx, rec);
    const updated = await applyAnswer(ctx, rec, answer, whoIs(c));
    // Changing an answer from the review screen goes back there; the guided question stays on the checklist.
    if (str(f, "from") === "review" && !wantsFragment(c)) return c.redirect(`/cases/${rec.id}/answers`, 303);
    return changed(c, updated, { did: "answer", id: question }, before);
  });

  app.get("/cases/:id/answers", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const rows = answerRows(rec, catalogue.facts);
    const open = casePlan(ctx, rec).questions;
    return respond(c, {
      title: `${rec.reference}: answers`,
      nav: "cases",
      body: () => <AnswersPage c={rec} rows={rows} open={open} />,
    });
  });

  const changeAnswerPage = (c: Context, rec: CaseRecord, qid: string, errors: FieldError[], status: 200 | 400) => {
    const m = model(c, rec, { errors, errorsIn: "answer" });
    const { question, current } = answerToChange(catalogue, rec, qid, m.plan.questions);
    return respond(c, {
      title: `${errors.length ? "Error: " : ""}${rec.reference}: change answer`,
      nav: "cases",
      status,
      body: () => <ChangeAnswerPage m={m} q={question} current={current} />,
    });
  };

  app.get("/cases/:id/answers/:question", async (c) =>
    changeAnswerPage(c, await getCase(ctx, c.req.param("id")), c.req.param("question"), [], 200),
  );

  // Children: add one, or correct one (its label, date of birth, unborn and expected date, looked after).
  const childPage = (
    c: Context,
    rec: CaseRecord,
    child: string | undefined,
    values: Record<string, string>,
    errors: FieldError[],
    status: 200 | 400 = 200,
  ) =>
    respond(c, {
      title: `${errors.length ? "Error: " : ""}${rec.reference}: ${child ? `correct ${child}` : "add a child"}`,
      nav: "cases",
      status,
      body: () => <ChildPage c={rec} child={child} values={values} errors={errors} csrf={csrfToken(c)} />,
    });

  const childValues = (rec: CaseRecord, id: string | undefined): Record<string, string> => {
    const ch = rec.children.find((x) => x.id === id);
    if (!ch) return {};
    const uk = (iso?: string) => (iso ? iso.split("-").reverse().join("/") : "");
    return {
      "child1-label": ch.id,
      "child1-dob": uk(ch.dateOfBirth),
      "child1-unborn": ch.unborn ? "yes" : "",
      "child1-edd": uk(ch.expectedDeliveryDate),
      "child1-lookedAfter": ch.lookedAfter === undefined ? "" : ch.lookedAfter ? "yes" : "no",
    };
  };

  app.get("/cases/:id/children", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const child = c.req.query("child");
    if (child && !rec.children.some((x) => x.id === child))
      throw new InvalidInput("child", `This case has no child “${child}”.`);
    return childPage(c, rec, child, childValues(rec, child), []);
  });

  app.post("/cases/:id/children", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    const f = await readForm(c);
    const original = str(f, "original") || undefined;
    if (original && !rec.children.some((x) => x.id === original))
      throw new InvalidInput("child", `This case has no child “${original}”.`);
    // The same reading as the new-case form's first child, so both say the same things about the same mistakes.
    const fields: Form = { reference: rec.reference, procedures: rec.procedures };
    for (const k of ["label", "dob", "unborn", "edd", "lookedAfter"]) fields[`child1-${k}`] = f[`child1-${k}`];
    const { value, errors } = readNewCase(fields, [rec.procedures], ctx.today(), openedOf(rec));
    const child = value?.children[0];
    if (child && rec.children.some((x) => x.id === child.id && x.id !== original))
      errors.push({ field: "child1-label", message: `“${child.id}” is already used for another child of this case` });
    if (!child || errors.length) return childPage(c, rec, original, typedValues(f), errors, 400);
    const updated = await saveChild(ctx, rec, original, child, whoIs(c));
    return c.redirect(`/cases/${updated.id}?${flashQuery({ did: "child", id: child.id })}`, 303);
  });

  return app;
}
