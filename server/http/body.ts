/**
 * Request bodies: size-limited before parsing, and unreadable JSON answered with a 400 that says so.
 * The limit runs only for requests that may carry a body (app.tsx) and reads the declared Content-Length; only a body
 * sent without one (chunked) is counted as it is read (hono's bodyLimit), since that means wrapping the request.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HttpError, badRequest } from "./errors.js";
import { header } from "./header.js";
import { MAX_CASE_BYTES } from "../store/limits.js";

export const MAX_BODY_BYTES = 1024 * 1024;
/** A case file as exported may take up to MAX_CASE_BYTES (JSON with one-space indents); twice that leaves room for re-indenting. */
export const MAX_IMPORT_BYTES = 2 * MAX_CASE_BYTES;
export const IMPORT_PATH = "/api/cases/import";

const tooLarge = (maxSize: number) =>
  new HttpError(413, "payload_too_large", `The request body is over ${maxSize / 1024 / 1024} MB.`);

const counted = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge(maxSize);
    },
  });
const countAny = counted(MAX_BODY_BYTES);
const countImport = counted(MAX_IMPORT_BYTES);

/** 1 MB for every body, except a case being imported: any case Pathway can hold must be importable again. */
export const limitBody: MiddlewareHandler = (c, next) => {
  const isImport = c.req.path === IMPORT_PATH;
  const declared = header(c, "content-length");
  if (declared !== undefined && header(c, "transfer-encoding") === undefined) {
    const max = isImport ? MAX_IMPORT_BYTES : MAX_BODY_BYTES;
    if (Number.parseInt(declared, 10) > max) throw tooLarge(max);
    return next();
  }
  return (isImport ? countImport : countAny)(c, next);
};

export async function readJson(c: Context): Promise<unknown> {
  const type = header(c, "content-type") ?? "";
  if (!type.includes("application/json"))
    throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
}
