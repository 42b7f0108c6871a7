/** One shape for every API error (`{ error: { code, message, details? } }`), and HTML error pages that never show a stack trace. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, "bad_request", message, details);
export const notFound = (message: string) => new HttpError(404, "not_found", message);

export const isApi = (c: Context) => c.req.path.startsWith("/api/");

export function jsonError(c: Context, e: HttpError) {
  return c.json(
    { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } },
    e.status,
  );
}
