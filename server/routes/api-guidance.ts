import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { currentVersion, versionUrl } from "../guidance/model.js";
import { parseSearchParams } from "../search/params.js";

export function guidanceApi(ctx: AppContext) {
  const app = new Hono();

  app.get("/api/procedures", (c) =>
    c.json({
      procedures: ctx.library.sets.map((set) => ({
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
    }),
  );

  app.get("/api/search", (c) => {
    const params = parseSearchParams(ctx.library, {
      q: c.req.query("q"),
      procedures: c.req.queries("procedures") ?? [],
      limit: c.req.query("limit"),
    });
    const outcome = ctx.search.search(params.q, params);
    return c.json({
      query: outcome.query,
      ...(outcome.correctedQuery ? { correctedQuery: outcome.correctedQuery } : {}),
      results: outcome.results,
    });
  });

  return app;
}
