/**
 * Each migration takes a case file of version N to N + 1. Files are migrated when read and rewritten on
 * their next change; the original is kept in the daily backup.
 *   1 → 2: `doneActions: string[]` became `done: [{ actionId, at, by }]`, and `closed` was added.
 */
import { SCHEMA_VERSION } from "./schema.js";

type Raw = Record<string, unknown>;

const MIGRATIONS: Record<number, (c: Raw) => Raw> = {
  1: (c) => {
    const { doneActions, ...rest } = c as Raw & { doneActions?: string[] };
    const at = typeof c.updatedAt === "string" ? c.updatedAt : new Date(0).toISOString();
    return {
      ...rest,
      schemaVersion: 2,
      closed: false,
      done: (doneActions ?? []).map((actionId) => ({ actionId, at, by: "migration" })),
    };
  },
};

export function migrate(raw: unknown): unknown {
  let c = raw as Raw;
  if (typeof c !== "object" || c === null) return raw;
  let v = typeof c.schemaVersion === "number" ? c.schemaVersion : 1;
  if (v > SCHEMA_VERSION)
    throw new Error(`schema version ${v} is newer than this Pathway understands (${SCHEMA_VERSION}); upgrade Pathway`);
  while (v < SCHEMA_VERSION) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from schema version ${v}`);
    c = step(c);
    v += 1;
  }
  return c;
}
