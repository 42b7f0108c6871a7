/**
 * The Host check and the base URL.
 * - A request addressed to a host name the server does not answer to is refused (421) before anything else
 *   runs: a DNS-rebinding page in a practitioner's browser reaches 127.0.0.1 under its own name, and its Origin
 *   then matches its Host, so the CSRF check alone would let it through.
 * - Absolute links (calendar `URL:` lines, the print view) come from the configured base URL, never from Host.
 */
import type { Context, MiddlewareHandler } from "hono";
import { html } from "hono/html";
import { normalizeHost } from "../config.js";
import { isApi } from "./errors.js";
import { header } from "./header.js";

export interface HostOptions {
  /** Host names (no port), as `allowedHosts()` in server/config.ts lists them. */
  allowedHosts: string[];
  /** The origin links are made from, e.g. http://127.0.0.1:3000 (a function: with PORT=0 it is known only once listening). */
  baseUrl: () => string;
}

/** The origin absolute links are made from (BASE_URL), without a trailing slash. */
export const baseUrl = (c: Context): string => c.get("baseUrl" as never) as string;

export function hostCheck(opts: HostOptions): MiddlewareHandler {
  const allowed = new Set(opts.allowedHosts.map(normalizeHost).filter(Boolean));
  // The last Host seen and whether it was allowed: nearly every request names the same one.
  let lastRaw: string | undefined;
  let lastOk = false;
  let base = "";
  let baseFrom = "";
  // Not async: hono awaits what a middleware returns, and this one seldom answers itself.
  return ((c, next) => {
    const raw = header(c, "host") ?? new URL(c.req.url).host;
    if (raw !== lastRaw) {
      const host = normalizeHost(raw);
      lastOk = !!host && allowed.has(host);
      lastRaw = raw;
    }
    if (!lastOk) {
      const message =
        "Pathway does not answer to this host name. Open it at the address it printed when it started, or ask whoever runs it to add the name to ALLOWED_HOSTS.";
      if (isApi(c)) return c.json({ error: { code: "misdirected_request", message } }, 421);
      return c.html(
        html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Wrong address – Pathway</title></head><body><h1>Wrong address</h1><p>${message}</p></body></html>`,
        421,
      );
    }
    // BASE_URL is fixed once listening (with PORT=0 the port is known only then).
    const from = opts.baseUrl();
    if (from !== baseFrom) {
      baseFrom = from;
      base = from.replace(/\/+$/, "");
    }
    c.set("baseUrl" as never, base as never);
    return next();
  }) as MiddlewareHandler;
}
