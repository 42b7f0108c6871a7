/** Builds the HTTP app from an AppContext: security headers, static assets, routes, and errors that never leak a stack trace. */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AppContext } from "./app-context.js";
import { HttpError, badRequest, isApi, jsonError } from "./http/errors.js";
import { respond } from "./http/respond.js";
import { guidanceRoutes } from "./routes/guidance.js";
import { searchRoutes } from "./routes/search.js";
import { guidanceApi } from "./routes/api-guidance.js";
import { planApi } from "./routes/api-plan.js";
import { compareRoutes } from "./routes/compare.js";
import { caseRoutes } from "./routes/cases.js";
import { caseApi } from "./routes/api-cases.js";
import { askApi } from "./routes/api-ask.js";
import { chatRoutes } from "./routes/chat.js";
import { csrfProtect } from "./http/csrf.js";
import { StorageError } from "./store/store.js";
import { ImportError } from "./store/file-store.js";
import { limitBody } from "./http/body.js";
import { ErrorPage } from "../views/error-page.js";

const require = createRequire(import.meta.url);

function assets() {
  const read = (p: string) => readFileSync(p, "utf8");
  return {
    "/assets/htmx.min.js": {
      type: "text/javascript; charset=utf-8",
      body: read(require.resolve("htmx.org/dist/htmx.min.js")),
    },
    "/assets/app.js": {
      type: "text/javascript; charset=utf-8",
      body: read(new URL("../views/app.js", import.meta.url).pathname),
    },
    "/assets/app.css": {
      type: "text/css; charset=utf-8",
      body: read(new URL("../views/app.css", import.meta.url).pathname),
    },
  } as Record<string, { type: string; body: string }>;
}

export interface AppOptions {
  guidanceDir: string;
}

export function createApp(ctx: AppContext, opts: AppOptions) {
  const app = new Hono();
  const files = assets();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  );

  app.use("*", limitBody);
  app.use("*", csrfProtect);

  app.get("/assets/:name", (c) => {
    const f = files[c.req.path];
    if (!f) return c.text("Not found", 404);
    return c.body(f.body, 200, { "Content-Type": f.type, "Cache-Control": "public, max-age=3600" });
  });

  app.get("/", (c) => c.redirect("/cases", 302));
  app.get("/healthz", (c) => c.json({ ok: true }));

  app.route("/", guidanceApi(ctx));
  app.route("/", planApi(ctx));
  app.route("/", guidanceRoutes(ctx, opts.guidanceDir));
  app.route("/", searchRoutes(ctx));
  app.route("/", compareRoutes(ctx));
  app.route("/", caseRoutes(ctx));
  app.route("/", caseApi(ctx));
  app.route("/", askApi(ctx));
  app.route("/", chatRoutes(ctx));

  app.notFound((c) => {
    const e = new HttpError(404, "not_found", `Nothing here: ${c.req.path}`);
    if (isApi(c)) return jsonError(c, e);
    return respond(c, {
      title: "Page not found",
      status: 404,
      body: () => <ErrorPage heading="Page not found" message="If you typed the web address, check it is correct." />,
    });
  });

  app.onError((err, c) => {
    if (err instanceof StorageError) err = new HttpError(503, "storage_unavailable", err.message);
    if (err instanceof ImportError) err = badRequest(`The file is not a Pathway case: ${err.message}`);
    if (err instanceof HttpError) {
      if (isApi(c)) return jsonError(c, err);
      const heading = err.status === 404 ? "Page not found" : "There is a problem";
      return respond(c, {
        title: heading,
        status: err.status,
        body: () => <ErrorPage heading={heading} message={err.message} />,
      });
    }
    // Unexpected: log for the operator, tell the user plainly, never show the stack.
    console.error(err);
    const e = new HttpError(
      500,
      "internal_error",
      "Something went wrong on our side. Nothing you entered has been lost; try again.",
    );
    if (isApi(c)) return jsonError(c, e);
    return respond(c, {
      title: "Sorry, there is a problem",
      status: 500,
      body: () => <ErrorPage heading="Sorry, there is a problem" message={e.message} />,
    });
  });

  return app;
}
