import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { respond } from "../http/respond.js";
import { describerFor } from "../plan/service.js";
import { ComparePage } from "../../views/compare.js";

export function compareRoutes(ctx: AppContext) {
  const app = new Hono();
  // Built per request from ctx.library (reloadGuidance() replaces it); describerFor memoises per library.
  const model = () => ({
    sets: ctx.library.sets,
    checklists: ctx.checklists.bySet,
    duties: ctx.checklists.catalogue.duties,
    describe: describerFor(ctx.library),
  });
  app.get("/compare", (c) =>
    respond(c, {
      title: "Compare procedure sets",
      nav: "compare",
      wide: true,
      body: () => <ComparePage model={model()} />,
    }),
  );
  return app;
}
