/** Request bodies: size-limited before parsing, and unreadable JSON answered with a 400 that says so. */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HttpError, badRequest } from "./errors.js";

export const MAX_BODY_BYTES = 1024 * 1024;

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new HttpError(413, "payload_too_large", `The request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
  },
});

export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.includes("application/json"))
    throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
}
