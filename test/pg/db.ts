/** For test files: the run's PostgreSQL (from the global setup), a fresh database per caller, and why it is absent. */
import { inject } from "vitest";
import { createDatabase } from "./cluster.js";

export const PG_URL = inject("pgUrl");
/** Shown as the reason a database test is skipped. */
export const PG_SKIP = PG_URL ? "" : ` (SKIPPED: ${inject("pgMissing")})`;

export function freshDatabase(prefix = "t"): Promise<string> {
  if (!PG_URL) throw new Error("no PostgreSQL for tests");
  return createDatabase(PG_URL, prefix);
}
