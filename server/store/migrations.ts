/**
 * Each migration takes a case file of version N to N + 1. Files are migrated when read and rewritten on
 * their next change; the original is kept in the daily backup.
 *   1 → 2: `doneActions: string[]` became `done: [{ actionId, at, by }]`, and `closed` was added.
 */
import { InvalidInput } from "../domain/errors.js";
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

/**
 * The file at the current schema version. `schemaVersion` must be one Pathway has written: a whole number from 1
 * (absent in the oldest files) to SCHEMA_VERSION; anything else ("2", 0, 1.5, 99) is InvalidInput naming it.
 */
export function migrate(raw: unknown): unknown {
  let c = raw as Raw;
  if (typeof c !== "object" || c === null || Array.isArray(c)) return raw;
  const sv = c.schemaVersion;
  const known = `this Pathway reads case files of schema version 1 to ${SCHEMA_VERSION}`;
  if (sv !== undefined && (typeof sv !== "number" || !Number.isInteger(sv) || sv < 1))
    throw new InvalidInput("schemaVersion", `schemaVersion: ${JSON.stringify(sv)} is not a schema version (${known})`, [
      { field: "schemaVersion", message: `must be a whole number from 1 to ${SCHEMA_VERSION}` },
    ]);
  let v = typeof sv === "number" ? sv : 1;
  if (v > SCHEMA_VERSION)
    throw new InvalidInput("schemaVersion", `schemaVersion: ${v} is newer than ${known}; upgrade Pathway`, [
      { field: "schemaVersion", message: `must be a whole number from 1 to ${SCHEMA_VERSION}` },
    ]);
  while (v < SCHEMA_VERSION) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no migration from schema version ${v}`);
    c = step(c);
    v += 1;
  }
  return c;
}
