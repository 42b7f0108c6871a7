/**
 * What keeps storage bounded: how many cases, events per case and bytes per case file the store accepts, and
 * the person's name recorded with each change. A request past a limit is refused with `LimitReached`, which
 * names what is limited and the limit (the app answers 409); nothing is changed.
 */

export interface CaseLimits {
  /** Case files in DATA_DIR (MAX_CASES). */
  maxCases: number;
  /** Events one case may hold (MAX_EVENTS_PER_CASE). */
  maxEventsPerCase: number;
  /** The size of one case file; the oldest audit entries are let go first to stay under it. */
  maxCaseBytes: number;
}

/** 4 MB: a case at the event limit with a full audit trail is well under it (a typical case is ~15 KB). */
export const MAX_CASE_BYTES = 4 * 1024 * 1024;

export const DEFAULT_CASE_LIMITS: CaseLimits = {
  maxCases: 20_000,
  maxEventsPerCase: 500,
  maxCaseBytes: MAX_CASE_BYTES,
};

export class LimitReached extends Error {
  constructor(
    /** What is limited, e.g. "cases", "events per case". */
    readonly what: string,
    readonly limit: number,
    message: string,
  ) {
    super(message);
  }
}

/** The most characters kept of the name recorded with a change (the `by` field, X-User, the name cookie). */
export const MAX_NAME = 60;

/**
 * A name as it may be stored or put in a cookie: control and formatting characters (line breaks, bidi
 * overrides…) become spaces, runs of spaces one, at most MAX_NAME characters; `fallback` when nothing is left.
 */
export function cleanName(raw: unknown, fallback = "not given"): string {
  if (typeof raw !== "string") return fallback;
  const printable = raw
    .replace(/[\p{C}\p{Zl}\p{Zp}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const cut = Array.from(printable).slice(0, MAX_NAME).join("").trim();
  return cut || fallback;
}
