/**
 * CSRF protection for every state-changing request.
 * - Forms and htmx, signed in: the session's own token (made at sign-in, kept with the session, never in a
 *   cookie of its own) must come back in the form field `_csrf` or the `X-CSRF-Token` header (htmx sends it
 *   from the page's hx-headers). A token from another session, or from before signing in, is refused.
 * - Forms and htmx otherwise (single-user mode, the sign-in form): a per-browser token in a SameSite=Strict
 *   cookie must come back the same way.
 * - JSON API: the body must be JSON (a cross-site form cannot send that without a CORS preflight, which
 *   we never grant), and an Origin header, when present, must be this server's.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HttpError } from "./errors.js";

export const CSRF_COOKIE = "pathway_csrf";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export const csrfToken = (c: Context): string => c.get("csrf" as never) as string;

export const csrfProtect: MiddlewareHandler = async (c, next) => {
  // Signed in: the session's token (server/auth/middleware.ts sets the viewer before this runs).
  const viewer = c.get("viewer" as never) as { kind: string; csrf?: string } | undefined;
  let token = viewer?.kind === "user" ? viewer.csrf : undefined;
  if (!token) {
    token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[a-f0-9]{32}$/.test(token)) {
      token = randomBytes(16).toString("hex");
      setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/" });
    }
  }
  c.set("csrf" as never, token as never);
  if (SAFE.has(c.req.method)) return next();

  const origin = c.req.header("Origin");
  if (origin && origin !== "null" && origin !== new URL(c.req.url).origin) {
    throw new HttpError(403, "forbidden", "This request came from another site and was refused.");
  }
  const type = c.req.header("Content-Type") ?? "";
  if (type.startsWith("application/json")) return next();
  // The JSON API acts only on JSON bodies; anything else is refused before it can do anything.
  if (c.req.path.startsWith("/api/") && c.req.method !== "DELETE") {
    throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  let sent = c.req.header("X-CSRF-Token");
  if (!sent && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"))) {
    const body = await c.req.parseBody();
    sent = typeof body._csrf === "string" ? body._csrf : undefined;
  }
  if (!sent || !same(sent, token)) {
    throw new HttpError(
      403,
      "forbidden",
      "The form has expired or did not come from Pathway. Go back, reload the page and try again — nothing was changed.",
    );
  }
  return next();
};
