import { Hono, type Context } from "hono";
import { respond, wantsFragment } from "../http/respond.js";
import { httpErrorOf } from "../http/errors.js";
import type { AppContext } from "../app-context.js";
import { parseSearchParams } from "../search/params.js";
import { csrfToken } from "../http/csrf.js";
import { noticeSearch } from "../feedback/record.js";
import { highlighter } from "../search/highlight.js";
import { SearchPage, SearchResults, type SearchViewModel } from "../../views/search.js";

const SUGGESTIONS = [
  "when must the ICPC take place after the strategy discussion",
  "first core group timescale",
  "how often should the child be seen",
  "when is the review conference due",
  "children over 8 independent advocate",
  "child goes missing on a plan",
];

const answered = (v: string | undefined) => (v === "yes" || v === "no" ? v : undefined);

export function searchRoutes(ctx: AppContext) {
  const app = new Hono();

  const procedures = (c: Context) => c.req.queries("procedures") ?? [];

  app.get("/search", (c) => {
    const q = c.req.query("q");
    const base: SearchViewModel = {
      q: q ?? "",
      procedures: procedures(c)
        .flatMap((p) => p.split(","))
        .filter(Boolean),
      sets: ctx.library.sets,
      today: ctx.today(),
      suggestions: SUGGESTIONS,
      feedback: { csrf: csrfToken(c), sent: answered(c.req.query("answered")) },
    };
    // No question yet (first visit, or the box cleared while typing): the helpful empty state, not an error.
    if (q === undefined || (q.trim() === "" && wantsFragment(c))) {
      return respond(c, {
        title: "Search",
        nav: "search",
        body: () => <SearchPage {...base} />,
        fragment: () => <SearchResults {...base} />,
      });
    }
    let model: SearchViewModel;
    let status: 200 | 400 | 404 = 200;
    try {
      const params = parseSearchParams(ctx.library, { q, procedures: procedures(c), limit: c.req.query("limit") });
      const outcome = ctx.search.search(params.q, params);
      const mark = highlighter(ctx.search.analyzer, outcome.correctedQuery ?? outcome.query);
      // Learning from use: nothing found or a weak match is recorded (not again after a Yes / No).
      if (!base.feedback?.sent)
        noticeSearch(ctx, csrfToken(c), { query: q, sets: params.procedures, outcome, typing: wantsFragment(c) });
      model = {
        ...base,
        procedures: params.procedures,
        outcome,
        highlighted: outcome.results.map((r) => mark(r.text)),
      };
    } catch (e) {
      // Bad input is shown on the search page; anything else goes to the error handler.
      const known = httpErrorOf(e);
      if (!known || known.status >= 500) throw e;
      status = known.status === 404 ? 404 : 400;
      model = { ...base, procedures: [], error: known.message };
    }
    return respond(c, {
      title: model.error ? "Error: Search" : `Search: ${q}`,
      nav: "search",
      status,
      body: () => <SearchPage {...model} />,
      fragment: () => <SearchResults {...model} />,
    });
  });

  return app;
}
