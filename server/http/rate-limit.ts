/**
 * Per-client rate limits (hono-rate-limiter, in memory), keyed by the client's address: one budget for writes
 * (POST, PUT, PATCH, DELETE) and one for questions to the assistant (POST /api/ask and POST /chat). Over the
 * limit: 429 with Retry-After and a plain message. A reverse proxy in front makes every client one address;
 * raise the limits (or set them to 0, off) there.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { rateLimiter } from "hono-rate-limiter";
import { html } from "hono/html";
import { isApi } from "./errors.js";
import { errorInPlaceOfMain, wantsFragment } from "./respond.js";

export interface RateLimits {
  /** Writes per client per window; 0 is no limit. */
  writes: number;
  /** Questions to the assistant per client per window; 0 is no limit. */
  asks: number;
  /** The window, one minute unless a test shortens it. */
  windowMs?: number;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const isAsk = (c: Context) => c.req.method === "POST" && (c.req.path === "/api/ask" || c.req.path === "/chat");
const isWrite = (c: Context) => WRITES.has(c.req.method) && !isAsk(c);

/** The client's address; requests not from a socket (tests calling app.request) share one key. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "local";
  }
}

function limiter(name: string, limit: number, windowMs: number, applies: (c: Context) => boolean, what: string) {
  return rateLimiter({
    windowMs,
    limit,
    keyGenerator: clientAddress,
    skip: (c) => !applies(c),
    standardHeaders: "draft-6",
    requestPropertyName: `rateLimit-${name}`,
    requestStorePropertyName: `rateLimitStore-${name}`,
    handler: (c) => {
      const info = c.get(`rateLimit-${name}` as never) as { resetTime?: Date } | undefined;
      const seconds = Math.max(
        1,
        Math.ceil(((info?.resetTime?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000),
      );
      const message = `Too many ${what} from this computer: at most ${limit} a ${windowMs === 60_000 ? "minute" : `${windowMs / 1000} seconds`}. Wait ${seconds} second${seconds === 1 ? "" : "s"} and try again; nothing was changed.`;
      c.header("Retry-After", String(seconds));
      if (isApi(c)) return c.json({ error: { code: "rate_limited", message } }, 429);
      if (wantsFragment(c)) {
        // htmx swaps 4xx answers: show the message where the page's content is, not in the part being updated.
        errorInPlaceOfMain(c);
        return c.html(html`<div id="error-page" role="alert"><h1>Too many requests</h1><p>${message}</p></div>`, 429);
      }
      return c.text(message, 429, { "Content-Type": "text/plain; charset=utf-8" });
    },
  });
}

export function rateLimits(opts: RateLimits): MiddlewareHandler[] {
  const windowMs = opts.windowMs ?? 60_000;
  const out: MiddlewareHandler[] = [];
  if (opts.writes > 0) out.push(limiter("writes", opts.writes, windowMs, isWrite, "changes"));
  if (opts.asks > 0) out.push(limiter("asks", opts.asks, windowMs, isAsk, "questions"));
  return out;
}
