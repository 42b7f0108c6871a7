/**
 * Learning from use. POST /feedback/answer takes the "Did this answer your question?" Yes / No from search
 * and the chat page. /feedback lists what to review; /feedback/review/<id> finds the passage that answers a
 * question and adds the question to that passage's question bank, then reloads the guidance so search uses it.
 */
import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { badRequest, notFound } from "../http/errors.js";
import { currentVersion, findDocument, findSet, findVersion, passageUrl } from "../guidance/model.js";
import { MAX_QUESTION, MIN_QUESTION, addQuestionToBank, checkBankEntry } from "../guidance/question-bank-edit.js";
import { MAX_QUERY } from "../search/params.js";
import { cleanQuery, parseRefString, passageRefFromUrl, refString, type PassageRef } from "../feedback/model.js";
import { pendingSearches, repliesAnswered, replyKey, topOf } from "../feedback/record.js";
import { findGroup, openGroups, summarise, type FeedbackGroup } from "../feedback/review.js";
import {
  AnswerControl,
  FeedbackListPage,
  ReviewPage,
  ReviewResults,
  type PassageView,
  type ReviewModel,
} from "../../views/feedback.js";

type Form = Record<string, string | File | (string | File)[]>;
const field = (f: Form, k: string): string => {
  const v = f[k];
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" ? s : "";
};
const fields = (f: Form, k: string): string[] => {
  const v = f[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
};

/** The lead's list shows at most this many questions (newest first). */
const MAX_GROUPS = 200;

/** Writes to the question bank files, one at a time. */
let bankWrites: Promise<unknown> = Promise.resolve();
const oneAtATime = <T,>(fn: () => Promise<T>): Promise<T> => {
  const next = bankWrites.then(fn);
  bankWrites = next.catch(() => {});
  return next;
};

/** A passage reference as it stands in the guidance now: found (possibly by its section's id), or not. */
export function resolvePassage(ctx: AppContext, ref: PassageRef) {
  const set = findSet(ctx.library, ref.set);
  const doc = findDocument(ctx.library, ref.set, ref.document);
  const version = doc ? findVersion(doc, ref.version) : undefined;
  const passage =
    version?.passages.find((p) => p.id === ref.passage) ??
    version?.sections.find((s) => s.id === ref.passage)?.passages[0];
  const resolved = passage ? { ...ref, passage: passage.id } : ref;
  const view: PassageView = {
    ref: refString(resolved),
    set: ref.set,
    setName: set?.name ?? ref.set,
    document: ref.document,
    documentTitle: version?.title,
    version: ref.version,
    passage: resolved.passage,
    heading: passage?.headingPath.join(" › "),
    text: passage?.text,
    url: version && passage ? passageUrl(version, passage.id) : undefined,
    score: ref.score,
    current: !!(doc && version && currentVersion(doc) === version),
  };
  return { view, version, passage };
}

export function feedbackRoutes(ctx: AppContext) {
  const app = new Hono();
  const readForm = async (c: Context) => (await c.req.parseBody({ all: true })) as Form;

  // "Did this answer your question?" — from search (per query) and the chat page (per reply).
  app.post("/feedback/answer", async (c) => {
    const f = await readForm(c);
    const answer = field(f, "answer");
    if (answer !== "yes" && answer !== "no") throw badRequest("Choose Yes or No.", { field: "answer" });
    const target = /^[a-z][a-z0-9-]{0,40}$/.test(field(f, "target")) ? field(f, "target") : "feedback-answer";
    const thanks = (back: string) =>
      wantsFragment(c)
        ? c.html(<AnswerControl id={target} csrf={csrfToken(c)} fields={{}} sent={answer} />)
        : c.redirect(back, 303);

    if (field(f, "kind") === "ask") {
      const id = field(f, "conversationId");
      const at = field(f, "at");
      const state = await ctx.conversations.get(id);
      if (!state) throw notFound("That conversation has expired, so the answer could not be recorded.");
      const i = state.history.findIndex((t) => t.from === "assistant" && t.at === at);
      const question = state.history
        .slice(0, Math.max(0, i))
        .reverse()
        .find((t) => t.from === "user");
      if (i < 0 || !question) throw notFound("That reply is no longer in the conversation.");
      const source = state.history[i]!.sources?.[0];
      const top = source ? passageRefFromUrl(source.url) : undefined;
      // The conversation is used only to find the question; its id, case and facts are not kept.
      const key = replyKey(id, at);
      if (!repliesAnswered(ctx).has(key)) {
        await ctx.feedback.add({
          kind: "ask",
          signal: answer,
          query: cleanQuery(question.text),
          sets: state.set ? [state.set] : [],
          ...(top ? { top } : {}),
        });
        repliesAnswered(ctx).set(key, answer);
      }
      return thanks(`/chat?c=${encodeURIComponent(id)}#${target}`);
    }

    const q = cleanQuery(field(f, "q"));
    if (!q) throw badRequest("There is no search to give feedback on.", { field: "q" });
    const sets = fields(f, "procedures")
      .flatMap((p) => p.split(","))
      .filter((p) => findSet(ctx.library, p));
    const top = topOf(ctx.search.search(q, { procedures: sets, limit: 1 }));
    pendingSearches(ctx).answered(csrfToken(c), q);
    await ctx.feedback.add({ kind: "search", signal: answer, query: q, sets, ...(top ? { top } : {}) });
    const back = new URLSearchParams([["q", q], ...sets.map((s) => ["procedures", s]), ["answered", answer]]);
    return thanks(`/search?${back}#${target}`);
  });

  app.get("/feedback", async (c) => {
    const summary = summarise(await ctx.feedback.lines());
    const groups = openGroups(summary)
      .slice(0, MAX_GROUPS)
      .map((g) => ({ ...g, topView: g.top ? resolvePassage(ctx, g.top).view : undefined }));
    const notice = await noticeFor(
      ctx,
      c.req.query("added"),
      c.req.query("dismissed"),
      c.req.query("reload") === "failed",
    );
    return respond(c, {
      title: "Questions to review",
      body: () => (
        <FeedbackListPage
          m={{
            groups,
            yes: summary.yes,
            no: summary.no,
            csrf: csrfToken(c),
            setNames: Object.fromEntries(ctx.library.sets.map((s) => [s.id, s.name])),
            notice,
          }}
        />
      ),
    });
  });

  const groupOr404 = async (id: string): Promise<FeedbackGroup> => {
    const g = /^[a-f0-9]{12}$/.test(id) ? findGroup(summarise(await ctx.feedback.lines()), id) : undefined;
    if (!g) throw notFound("There is no such question to review (it may have been dropped as the oldest feedback).");
    return g;
  };

  /** The review page's model: the question, a search within a set, and the chosen passage with its bank entry. */
  const reviewModel = (
    c: Context,
    g: FeedbackGroup,
    input: { set?: string; q?: string; passage?: string; question?: string },
  ): ReviewModel => {
    const sets = ctx.library.sets.map((s) => ({ id: s.id, name: s.name }));
    const wanted = [input.set, g.sets[0], g.top?.set, sets[0]?.id];
    const set = wanted.find((s) => s && findSet(ctx.library, s))!;
    const q = input.q === undefined ? g.query : input.q.trim();
    let searchError: string | undefined;
    if (!q) searchError = "Enter words to search for";
    else if (q.length > MAX_QUERY) searchError = `Search must be ${MAX_QUERY} characters or fewer`;
    const base = `/feedback/review/${g.id}?${new URLSearchParams({ set, q })}`;
    const candidates = searchError
      ? []
      : ctx.search.search(q, { procedures: [set], limit: 10 }).results.flatMap((r) => {
          const ref = passageRefFromUrl(r.url, r.score);
          if (!ref) return [];
          const { view } = resolvePassage(ctx, ref);
          return [{ ...view, chooseUrl: `${base}&passage=${encodeURIComponent(view.ref)}#check` }];
        });
    const errors: { field: string; message: string }[] = [];
    let chosen: ReviewModel["chosen"];
    if (input.passage) {
      const ref = parseRefString(input.passage);
      const found = ref ? resolvePassage(ctx, ref) : undefined;
      if (!found?.passage || !found.version) errors.push({ field: "q", message: "Choose a passage from the results" });
      else chosen = { view: found.view, check: checkBankEntry(ctx.guidanceDir, found.version, found.passage) };
    }
    return {
      group: g,
      topView: g.top ? resolvePassage(ctx, g.top).view : undefined,
      sets,
      set,
      q,
      candidates,
      searchError,
      chosen,
      question: input.question ?? g.query.slice(0, MAX_QUESTION),
      errors,
      csrf: csrfToken(c),
    };
  };

  const reviewPage = (c: Context, m: ReviewModel, status: 200 | 400 | 404 | 409 = 200) =>
    respond(c, {
      title: `${m.errors.length || m.searchError ? "Error: " : ""}Choose the passage`,
      status,
      body: () => <ReviewPage m={m} />,
      fragment: () => <ReviewResults m={m} />,
    });

  app.get("/feedback/review/:id", async (c) => {
    const g = await groupOr404(c.req.param("id"));
    const m = reviewModel(c, g, {
      set: c.req.query("set"),
      q: c.req.query("q"),
      passage: c.req.query("passage"),
      question: c.req.query("question"),
    });
    return reviewPage(c, m, m.errors.length || m.searchError ? 400 : 200);
  });

  app.post("/feedback/review/:id/add", async (c) => {
    const g = await groupOr404(c.req.param("id"));
    const f = await readForm(c);
    const question = field(f, "question").replace(/\s+/g, " ").trim();
    const m = reviewModel(c, g, {
      set: field(f, "set") || undefined,
      q: field(f, "q") || undefined,
      passage: field(f, "passage"),
      question,
    });
    if (!m.chosen) {
      if (!m.errors.length) m.errors.push({ field: "q", message: "Choose a passage from the results" });
      return reviewPage(c, m, 400);
    }
    if (!question) m.errors.push({ field: "question", message: "Enter the question to add" });
    else if (question.length < MIN_QUESTION)
      m.errors.push({ field: "question", message: `Question must be ${MIN_QUESTION} characters or more` });
    else if (question.length > MAX_QUESTION)
      m.errors.push({ field: "question", message: `Question must be ${MAX_QUESTION} characters or fewer` });
    if (!m.chosen.view.current)
      m.errors.push({ field: "q", message: "Choose the passage in the current version of the document" });
    if (m.errors.length) return reviewPage(c, m, 400);

    const ref = parseRefString(m.chosen.view.ref)!;
    const { version, passage } = resolvePassage(ctx, ref);
    const result = await oneAtATime(async () => {
      const r = await addQuestionToBank(ctx.guidanceDir, version!, passage!, question);
      if (!r.ok) return { r, reloaded: false };
      try {
        ctx.reloadGuidance();
        return { r, reloaded: true };
      } catch (e) {
        console.error(`Question added to ${r.file}, but the guidance could not be reloaded: ${(e as Error).message}`);
        return { r, reloaded: false };
      }
    });
    if (!result.r.ok) {
      if (result.r.problem === "duplicate") {
        m.errors.push({ field: "question", message: result.r.message });
        return reviewPage(c, m, 400);
      }
      // Stale or missing entry (perhaps changed since the page was shown): say so; nothing was written.
      m.chosen = { ...m.chosen, check: result.r };
      m.errors.push({ field: "check-title", message: result.r.message });
      return reviewPage(c, m, 409);
    }
    await ctx.feedback.resolve({ key: g.key, how: "added", passage: ref, question });
    return c.redirect(`/feedback?added=${g.id}${result.reloaded ? "" : "&reload=failed"}`, 303);
  });

  app.post("/feedback/review/:id/dismiss", async (c) => {
    const g = await groupOr404(c.req.param("id"));
    await ctx.feedback.resolve({ key: g.key, how: "dismissed" });
    return c.redirect(`/feedback?dismissed=${g.id}`, 303);
  });

  return app;
}

async function noticeFor(
  ctx: AppContext,
  added?: string,
  dismissed?: string,
  reloadFailed = false,
): Promise<string | undefined> {
  const id = added ?? dismissed;
  if (!id || !/^[a-f0-9]{12}$/.test(id)) return undefined;
  const g = findGroup(summarise(await ctx.feedback.lines()), id);
  const r = g?.resolution;
  if (!g || !r) return undefined;
  if (r.how === "dismissed") return `Dismissed “${g.query}”.`;
  const where = r.passage ? resolvePassage(ctx, r.passage).view : undefined;
  const to = where?.heading ? `“${where.heading}” (${where.setName})` : "the passage";
  return reloadFailed
    ? `Added “${r.question}” to the question bank of ${to}, but Pathway could not reload the guidance; it takes effect after a restart.`
    : `Added “${r.question}” to the question bank of ${to}. Search uses it from now on.`;
}
