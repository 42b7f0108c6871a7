/** Validates search input the same way for the page and the API: the query, the procedure sets and the result limit. */
import { InvalidInput, NotFound } from "../domain/errors.js";
import type { GuidanceLibrary } from "../guidance/model.js";

export const MAX_QUERY = 500;
export const MAX_LIMIT = 50;

export interface SearchParams {
  q: string;
  procedures: string[];
  limit: number;
}

/** `procedures` may be repeated or comma-separated. */
export function parseSearchParams(
  lib: GuidanceLibrary,
  input: { q?: string; procedures: string[]; limit?: string },
): SearchParams {
  const q = (input.q ?? "").trim();
  if (!q)
    throw new InvalidInput("q", "Enter a question or some words to search for (the q parameter is empty).", {
      field: "q",
    });
  if (q.length > MAX_QUERY)
    throw new InvalidInput("q", `The search must be ${MAX_QUERY} characters or fewer (it has ${q.length}).`, {
      field: "q",
    });
  const procedures = input.procedures
    .flatMap((p) => p.split(","))
    .map((p) => p.trim())
    .filter(Boolean);
  const unknown = procedures.filter((p) => !lib.sets.some((s) => s.id === p));
  if (unknown.length) {
    throw new NotFound(
      "procedure set",
      `Unknown procedure set${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Known sets: ${lib.sets.map((s) => s.id).join(", ")}.`,
    );
  }
  let limit = 10;
  if (input.limit !== undefined && input.limit !== "") {
    limit = Number(input.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new InvalidInput("limit", `limit must be a whole number from 1 to ${MAX_LIMIT}.`, { field: "limit" });
  }
  return { q, procedures, limit };
}
