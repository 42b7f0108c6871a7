/**
 * A request header, read from Node's own parsed headers when the request came through the Node server: asking
 * hono (`c.req.header`) makes @hono/node-server build a fetch `Headers` object for the request, which costs more than
 * a small route does. In-process requests (`app.request` in tests) have no Node request and are read through hono.
 */
import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

/** `name` in lower case. */
export function header(c: Context, name: string): string | undefined {
  const headers = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  const v = headers[name];
  return Array.isArray(v) ? v.join(", ") : v;
}
