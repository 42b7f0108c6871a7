import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { type GuidanceLibrary, currentVersion, versionUrl } from "../guidance/model.js";
import { parseSearchParams } from "../search/params.js";

/** Searches answered from memory when asked again (the least recently asked let go first). */
const RECENT_SEARCHES = 1000;

function proceduresOf(library: GuidanceLibrary) {
  return {
    procedures: library.sets.map((set) => ({
      id: set.id,
      name: set.name,
      area: set.area,
      documents: set.documents.map((doc) => {
        const v = currentVersion(doc);
        return {
          id: doc.id,
          title: v.title,
          version: v.version,
          ...(v.approved ? { approved: v.approved } : {}),
          ...(v.reviewDue ? { reviewDue: v.reviewDue } : {}),
          url: versionUrl(v),
          versions: doc.versions.map((x) => ({ version: x.version, label: x.versionLabel, url: versionUrl(x) })),
        };
      }),
    })),
  };
}

export function guidanceApi(ctx: AppContext) {
  const app = new Hono();

  // The same for every request until the guidance is reloaded: serialised once per library.
  const procedures = new WeakMap<GuidanceLibrary, string>();
  app.get("/api/procedures", (c) => {
    let body = procedures.get(ctx.library);
    if (body === undefined) {
      body = JSON.stringify(proceduresOf(ctx.library));
      procedures.set(ctx.library, body);
    }
    return c.body(body, 200, { "Content-Type": "application/json" });
  });

  // Answers to recent searches, per search index (a reloaded guidance has a new one): the same question asked again
  // — as people type, or a question many ask — is answered without searching again.
  const answered = new WeakMap<object, Map<string, string>>();
  app.get("/api/search", (c) => {
    const params = parseSearchParams(ctx.library, {
      q: c.req.query("q"),
      procedures: c.req.queries("procedures") ?? [],
      limit: c.req.query("limit"),
    });
    const search = ctx.search;
    let recent = answered.get(search);
    if (!recent) {
      recent = new Map();
      answered.set(search, recent);
    }
    const key = JSON.stringify(params);
    let body = recent.get(key);
    if (body === undefined) {
      const outcome = search.search(params.q, params);
      body = JSON.stringify({
        query: outcome.query,
        ...(outcome.correctedQuery ? { correctedQuery: outcome.correctedQuery } : {}),
        results: outcome.results,
      });
      if (recent.size >= RECENT_SEARCHES) recent.delete(recent.keys().next().value!);
    } else recent.delete(key); // kept as the most recent
    recent.set(key, body);
    return c.body(body, 200, { "Content-Type": "application/json" });
  });

  return app;
}
