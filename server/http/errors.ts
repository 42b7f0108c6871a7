/**
 * One shape for every API error (`{ error: { code, message, details? } }`), and the one place where errors
 * thrown below the routes — domain errors, storage failures — become HTTP statuses (`httpErrorOf`, used by
 * the app's error handler and by the pages that show an error in place).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Conflict, InvalidInput, NotFound } from "../domain/errors.js";
import { NeedsAttention, type FieldProblem } from "../domain/errors.js";
import { StorageError } from "../store/store.js";
import { LimitReached } from "../store/limits.js";

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

/** For HTTP-level problems (a body that is not JSON, a request that is not a form); services throw domain errors. */
export const badRequest = (message: string, details?: unknown) => new HttpError(400, "bad_request", message, details);
export const notFound = (message: string) => new HttpError(404, "not_found", message);

/** The HTTP error an error thrown anywhere below the routes stands for; undefined for an unexpected one (a 500). */
export function httpErrorOf(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof InvalidInput) return badRequest(err.message, publicDetails(err.details));
  if (err instanceof NeedsAttention)
    return new HttpError(409, "needs_attention", err.message, publicDetails(err.problems));
  if (err instanceof NotFound) return notFound(err.message);
  if (err instanceof Conflict) return new HttpError(409, "conflict", err.message, { state: err.what });
  if (err instanceof StorageError) return new HttpError(503, "storage_unavailable", err.message);
  if (err instanceof LimitReached)
    return new HttpError(409, "limit_reached", err.message, { limit: err.what, max: err.limit });
  return undefined;
}

/** Field problems as the API gives them: `{ field, message }` (the codes forms use stay inside). */
function publicDetails(details: unknown): unknown {
  if (!Array.isArray(details)) return details;
  return (details as FieldProblem[]).map(({ field, message }) => ({ field, message }));
}

export const isApi = (c: Context) => c.req.path.startsWith("/api/");

export function jsonError(c: Context, e: HttpError) {
  return c.json(
    { error: { code: e.code, message: e.message, ...(e.details === undefined ? {} : { details: e.details }) } },
    e.status,
  );
}
