/**
 * Who is asking, and whether they may: the middleware between the request and every route.
 *
 * 1. `authenticate` reads the session cookie and sets the viewer (roles.ts) on the context: single-user mode
 *    when no account exists (then only loopback clients are served), a signed-in user, or nobody.
 * 2. `requireSignIn`: once accounts exist, everything but the sign-in pages, the assets and /healthz needs a
 *    session; a page goes to the sign-in page (saying so when a session ran out), the API answers 401.
 * 3. `guardCases`: case URLs — pages, API, exports, calendar feeds, the assistant's "ask about this case" and
 *    "save as case" — need a role that sees cases (403 otherwise), and a case of another team is not found (404).
 *    The lists themselves are filtered by team where they are made (server/cases/*, `caseTeams`).
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { AppContext } from "../app-context.js";
import { HttpError, isApi } from "../http/errors.js";
import { clientAddress } from "../http/rate-limit.js";
import { CASE_ID } from "../store/schema.js";
import type { Account } from "../store/accounts.js";
import { type Viewer, caseTeams, maySeeCases, mayOpenCase, mayReviewQuestions } from "./roles.js";
import { type Auth, SESSION_COOKIE } from "./service.js";

/** The viewer of this request (set by `authenticate`; single-user when the app was built without accounts). */
export const viewerOf = (c: Context): Viewer => (c.get("viewer" as never) as Viewer | undefined) ?? { kind: "single" };

/** Every account by id, for names (owners, assignments); empty in single-user mode. */
export const peopleOf = (c: Context): Map<string, Account> =>
  (c.get("people" as never) as Map<string, Account> | undefined) ?? new Map();

/** The signed-in account, if any. */
export const accountOf = (c: Context): Account | undefined => {
  const v = viewerOf(c);
  return v.kind === "user" ? v.account : undefined;
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function authenticate(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const viewer = await auth.viewerFor(token);
    if (viewer.kind === "single") {
      // No accounts: only this computer is served (start-up refuses a HOST beyond loopback; this covers the rest).
      const from = clientAddress(c);
      if (from !== "local" && from !== "unknown" && !LOOPBACK.test(from))
        throw new HttpError(
          403,
          "forbidden",
          "Pathway has no accounts yet, so it serves only the computer it runs on. Ask whoever runs it to add an administrator (npm run user:add).",
        );
    }
    if (viewer.kind === "anonymous" && token) deleteCookie(c, SESSION_COOKIE, { path: "/" });
    c.set("viewer" as never, viewer as never);
    if (viewer.kind === "user") c.set("people" as never, (await auth.people()) as never);
    return next();
  };
}

const PUBLIC = [/^\/signin(\/|$)/, /^\/assets\//, /^\/healthz$/, /^\/api\/session$/];

export function requireSignIn(): MiddlewareHandler {
  return async (c, next) => {
    const v = viewerOf(c);
    if (v.kind !== "anonymous" || PUBLIC.some((p) => p.test(c.req.path))) return next();
    // Signing out of a session that has already ended: nothing to do but say so.
    if (c.req.path === "/signout") return c.redirect("/signin?signedout=1", 303);
    const message = v.expired
      ? "Your session has ended (after a time without activity, or you signed out elsewhere). Sign in again."
      : "Sign in to use Pathway.";
    if (isApi(c)) return c.json({ error: { code: "unauthorized", message } }, 401);
    const back = c.req.method === "GET" ? c.req.path + (new URL(c.req.url).search || "") : "";
    const to = `/signin?${new URLSearchParams({ ...(back && back !== "/" ? { next: back } : {}), ...(v.expired ? { expired: "1" } : {}) })}`;
    if (c.req.header("HX-Request") === "true") {
      c.header("HX-Redirect", to);
      return c.body(null, 401);
    }
    if (c.req.method === "GET" || c.req.method === "HEAD") return c.redirect(to, 303);
    throw new HttpError(401, "unauthorized", `${message} Nothing was changed.`);
  };
}

const NO_CASES =
  "Your account does not give access to case records. Guidance, search, compare, the glossary and Ask Pathway are open to you.";

function refuse(): never {
  throw new HttpError(403, "forbidden", NO_CASES);
}

/** 404 for a case the viewer's team may not open: whether it exists is not theirs to know. */
function hidden(id: string): never {
  throw new HttpError(
    404,
    "not_found",
    `There is no case “${id}” in your team's cases. It may belong to another team; see the case list.`,
  );
}

/** The team of a stored case (undefined for a case made before accounts, or none). */
async function teamOfCase(ctx: AppContext, id: string): Promise<{ found: boolean; team?: string }> {
  if (!CASE_ID.test(id)) return { found: false };
  const rec = await ctx.store.get(id);
  return rec ? { found: true, team: rec.team } : { found: false };
}

export async function checkCaseAccess(ctx: AppContext, v: Viewer, id: string) {
  if (!maySeeCases(v)) refuse();
  const { found, team } = await teamOfCase(ctx, id);
  if (found && !mayOpenCase(v, team)) hidden(id);
}

const CASE_PATH = /^\/(?:api\/)?cases(?:\/([^/]+))?/;

/** The case a conversation is about, if any (conversation ids come from the page or the form). */
async function conversationCase(ctx: AppContext, conversationId: string | undefined): Promise<string | undefined> {
  if (!conversationId || conversationId.length > 64) return undefined;
  const state = (await Promise.resolve(ctx.conversations.get(conversationId))) as { caseId?: string } | undefined;
  return state?.caseId;
}

export function guardCases(ctx: AppContext): MiddlewareHandler {
  return async (c, next) => {
    const v = viewerOf(c);
    if (v.kind === "single") return next();
    const path = c.req.path;
    const m = CASE_PATH.exec(path);
    if (m) {
      if (!maySeeCases(v)) refuse();
      const id = m[1];
      if (id && id !== "new" && id !== "import" && !/\.ics$/.test(id)) await checkCaseAccess(ctx, v, id);
      return next();
    }
    // Anything started from a case (a scenario from a case, ?case=<id>) needs access to that case.
    const fromCase = c.req.query("case");
    if (fromCase) await checkCaseAccess(ctx, v, fromCase);
    if ((path === "/feedback" || path.startsWith("/feedback/review")) && !mayReviewQuestions(v))
      throw new HttpError(
        403,
        "forbidden",
        "Questions to review are for team managers and administrators: what people asked may carry what they typed about a case.",
      );
    if (path === "/team" && !(v.kind === "user" && ["manager", "administrator"].includes(v.account.role)))
      throw new HttpError(403, "forbidden", "The team's workload is for team managers.");
    if (path === "/chat" || path === "/api/ask" || /^\/chat\/[^/]+\/save$/.test(path)) {
      const ids: (string | undefined)[] = [];
      if (c.req.method === "GET") {
        ids.push(c.req.query("case"), await conversationCase(ctx, c.req.query("c")));
      } else if (path === "/api/ask") {
        let body: { caseId?: unknown; conversationId?: unknown } = {};
        try {
          body = JSON.parse(await c.req.text());
        } catch {
          /* the route answers a body that is not JSON */
        }
        if (typeof body.caseId === "string") ids.push(body.caseId);
        if (typeof body.conversationId === "string") ids.push(await conversationCase(ctx, body.conversationId));
      } else {
        if (path.endsWith("/save")) {
          if (!maySeeCases(v)) refuse();
          ids.push(await conversationCase(ctx, path.split("/")[2]));
        } else {
          const f = await c.req.parseBody();
          if (typeof f.caseId === "string" && f.caseId) ids.push(f.caseId);
          if (typeof f.conversationId === "string") ids.push(await conversationCase(ctx, f.conversationId));
        }
      }
      for (const id of ids) if (id) await checkCaseAccess(ctx, v, id);
    }
    return next();
  };
}

/**
 * Where a case made by this request goes: the signed-in account's team, owned by them (none in single-user mode).
 * An account without a team cannot make cases (403): they would belong to nobody.
 */
export function placementOf(c: Context): { team?: string; owner?: string } {
  const v = viewerOf(c);
  if (v.kind !== "user") return {};
  if (!maySeeCases(v)) refuse();
  if (!v.account.team)
    throw new HttpError(
      403,
      "forbidden",
      "Your account has no team, and every case belongs to one. Ask an administrator to put you in a team.",
    );
  return { team: v.account.team, owner: v.account.id };
}

/** The teams whose cases this request may list: undefined for every case (single-user mode, administrators). */
export function listScope(c: Context): string[] | undefined {
  const t = caseTeams(viewerOf(c));
  if (t === "all") return undefined;
  return t === "none" ? [] : t;
}

/** Whether the request is from a signed-in account (not single-user mode). */
export const signedInAccount = (c: Context) => accountOf(c) !== undefined;
