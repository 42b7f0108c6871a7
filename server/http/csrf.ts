/**
 * CSRF protection for every state-changing request.
 * - Forms and htmx, signed in: the session's own token (made at sign-in, kept with the session, never in a
 *   cookie of its own) must come back in the form field `_csrf` or the `X-CSRF-Token` header (htmx sends it
 *   from the page's hx-headers). A token from another session, or from before signing in, is refused.
 * - Forms and htmx otherwise (single-user mode, the sign-in form): a per-browser token in a SameSite=Strict
 *   cookie must come back the same way. The cookie is made when a page first needs a token for a form
 *   (`csrfToken`), so it is set only on HTML responses that carry a form — never on the JSON API, assets or
 *   health checks.
 * - JSON API: the body must be JSON (a cross-site form cannot send that without a CORS preflight, which
 *   we never grant), and an Origin header, when present, must be this server's.
 * `csrfProtect` runs only for methods that change something (app.tsx): reading a page costs nothing here.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HttpError } from "./errors.js";
import { header } from "./header.js";

export const CSRF_COOKIE = "pathway_csrf";
const TOKEN = /^[a-f0-9]{32}$/;

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Signed in: the session's token (server/auth/middleware.ts sets the viewer before the routes run). */
const sessionToken = (c: Context): string | undefined => {
  const viewer = c.get("viewer" as never) as { kind: string; csrf?: string } | undefined;
  return viewer?.kind === "user" ? viewer.csrf : undefined;
};

/** The token a form on the page being made must send back; the browser's cookie is made (and set) on first use. */
export function csrfToken(c: Context): string {
  let token = (c.get("csrf" as never) as string | undefined) ?? sessionToken(c);
  if (token) return token;
  token = getCookie(c, CSRF_COOKIE);
  if (!token || !TOKEN.test(token)) {
    token = randomBytes(16).toString("hex");
    setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
  }
  c.set("csrf" as never, token as never);
  return token;
}

/** For POST, PUT, PATCH and DELETE. */
export const csrfProtect: MiddlewareHandler = async (c, next) => {
  const origin = header(c, "origin");
  if (origin && origin !== "null" && origin !== new URL(c.req.url).origin) {
    throw new HttpError(403, "forbidden", "This request came from another site and was refused.");
  }
  const type = header(c, "content-type") ?? "";
  if (type.startsWith("application/json")) return next();
  // The JSON API acts only on JSON bodies; anything else is refused before it can do anything.
  if (c.req.path.startsWith("/api/") && c.req.method !== "DELETE") {
    throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  let sent = header(c, "x-csrf-token");
  if (!sent && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
    const body = await c.req.parseBody();
    sent = typeof body._csrf === "string" ? body._csrf : undefined;
  }
  const cookie = getCookie(c, CSRF_COOKIE);
  const expected = sessionToken(c) ?? (cookie && TOKEN.test(cookie) ? cookie : undefined);
  if (!sent || !expected || !same(sent, expected)) {
    throw new HttpError(
      403,
      "forbidden",
      "The form has expired or did not come from Pathway. Go back, reload the page and try again — nothing was changed.",
    );
  }
  c.set("csrf" as never, expected as never);
  return next();
};
