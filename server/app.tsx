/** Builds the HTTP app from an AppContext: security headers, static assets, routes, and errors that never leak a stack trace. */
import { Hono } from "hono";
import type { AppContext } from "./app-context.js";
import { HttpError, httpErrorOf, isApi, jsonError } from "./http/errors.js";
import { errorInPlaceOfMain, respond } from "./http/respond.js";
import { requestLog, requestLogWanted } from "./http/log.js";
import { guidanceRoutes } from "./routes/guidance.js";
import { searchRoutes } from "./routes/search.js";
import { guidanceApi } from "./routes/api-guidance.js";
import { planApi } from "./routes/api-plan.js";
import { compareRoutes } from "./routes/compare.js";
import { dutiesRoutes } from "./routes/duties.js";
import { rulesRoutes } from "./routes/rules.js";
import { caseRoutes } from "./routes/cases.js";
import { attentionRoutes } from "./routes/attention.js";
import { caseApi } from "./routes/api-cases.js";
import { askApi } from "./routes/api-ask.js";
import { chatRoutes } from "./routes/chat.js";
import { feedbackRoutes } from "./routes/feedback.js";
import { scenarioRoutes } from "./routes/scenarios.js";
import { scenarioApi } from "./routes/api-scenarios.js";
import { csrfProtect } from "./http/csrf.js";
import { limitBody } from "./http/body.js";
import { hostCheck } from "./http/host.js";
import { type RateLimits, rateLimits } from "./http/rate-limit.js";
import { DEFAULTS, allowedHosts, defaultBaseUrl } from "./config.js";
import { ErrorPage } from "../views/error-page.js";
import type { Auth } from "./auth/service.js";
import type { OidcSignIn } from "./auth/oidc.js";
import { authenticate, guardCases, requireSignIn } from "./auth/middleware.js";
import { authRoutes } from "./routes/auth.js";
import { adminRoutes } from "./routes/admin.js";
import { teamRoutes } from "./routes/team.js";
import { serveAsset } from "./http/assets.js";

/** The methods that may change something (and may carry a body). */
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

export interface AppOptions {
  guidanceDir: string;
  /** Host names requests may be addressed to (no port); default the loopback names and BASE_URL's host. */
  allowedHosts?: string[];
  /** The origin absolute links are made from (BASE_URL); default http://127.0.0.1:3000. */
  baseUrl?: string | (() => string);
  /** Per-client requests a minute; default 120 writes and 60 questions (tests raise them). */
  rateLimits?: RateLimits;
  /** Calendar reminders: working days before each due date (CALENDAR_REMINDERS); default one, the day before. */
  calendarReminders?: number[];
  /**
   * Accounts, sessions and roles (server/auth). Without it the app is in single-user mode whatever the accounts
   * say; main.ts always gives it, and so does test/helpers.ts.
   */
  auth?: Auth;
  /** Sign-in through the identity provider (OIDC_ISSUER…), when configured. */
  oidc?: OidcSignIn;
}

export function createApp(ctx: AppContext, opts: AppOptions) {
  const app = new Hono();
  if (requestLogWanted()) app.use("*", requestLog());
  // Security headers are set on the Node response before the app runs (http/serve.ts), worked out once.

  const base = opts.baseUrl ?? defaultBaseUrl("127.0.0.1", 3000);
  const baseUrl = typeof base === "function" ? base : () => base;
  app.use(
    "*",
    hostCheck({
      allowedHosts: opts.allowedHosts ?? allowedHosts({ host: "127.0.0.1", baseUrl: baseUrl(), extraHosts: [] }),
      baseUrl,
    }),
  );
  // Public and answered before any session is looked up (hono runs handlers in the order they are added, and
  // these answer without calling the rest): assets and the health check.
  app.get("/assets/:name", serveAsset);
  app.get("/healthz", (c) => c.json({ ok: true }));

  // Only what can change something pays for rate limits, body limits and the CSRF check; reading a page pays for
  // none of them (and the CSRF cookie is set only by pages that carry a form: csrfToken).
  for (const limit of rateLimits(opts.rateLimits ?? { writes: DEFAULTS.rateLimitWrites, asks: DEFAULTS.rateLimitAsks }))
    app.on(WRITE_METHODS, "*", limit);
  app.on(WRITE_METHODS, "*", limitBody);
  // Who is asking (the session), then: signed in where accounts exist; the CSRF token of that session; case access.
  if (opts.auth) {
    app.use("*", authenticate(opts.auth));
    app.use("*", requireSignIn());
  }
  app.on(WRITE_METHODS, "*", csrfProtect);
  app.use("*", guardCases(ctx));

  app.get("/", (c) => c.redirect("/cases", 302));

  app.route("/", guidanceApi(ctx));
  app.route("/", planApi(ctx));
  app.route("/", guidanceRoutes(ctx, opts.guidanceDir));
  app.route("/", searchRoutes(ctx));
  app.route("/", compareRoutes(ctx));
  app.route("/", dutiesRoutes(ctx));
  app.route("/", rulesRoutes(ctx));
  // Before the case pages: a case needing attention is shown with what to correct, never as an error.
  app.route("/", attentionRoutes(ctx));
  app.route("/", caseRoutes(ctx, { calendarReminders: opts.calendarReminders ?? [...DEFAULTS.calendarReminders] }));
  app.route("/", caseApi(ctx));
  app.route("/", askApi(ctx));
  app.route("/", chatRoutes(ctx));
  app.route("/", feedbackRoutes(ctx));
  app.route("/", scenarioRoutes(ctx));
  app.route("/", scenarioApi(ctx));
  if (opts.auth) {
    app.route("/", authRoutes(opts.auth, opts.oidc));
    app.route("/", adminRoutes(ctx, opts.auth, { oidc: !!opts.oidc }));
    app.route("/", teamRoutes(ctx, opts.auth));
  }

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
    const known = httpErrorOf(err);
    if (known) {
      if (isApi(c)) return jsonError(c, known);
      const heading = known.status === 404 ? "Page not found" : "There is a problem";
      errorInPlaceOfMain(c);
      return respond(c, {
        title: heading,
        status: known.status,
        body: () => <ErrorPage heading={heading} message={known.message} />,
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
