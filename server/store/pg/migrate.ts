/**
 * The database's schema, as numbered SQL files in server/store/pg/migrations (`NNN_name.sql`), applied in order,
 * each in its own transaction, and recorded in `pathway_migrations` with a checksum. Several instances starting at
 * once take turns (an advisory lock). A migration already applied whose file has since changed stops start-up: the
 * database would no longer match the files. A database newer than these files (a migration this code does not
 * know) stops start-up too: upgrade Pathway.
 */
import { fromRoot } from "../../paths.js";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import type { Pool } from "pg";
import { StorageError } from "../store.js";

/** The SQL files beside this module, read from the project folder (the compiled server has no copy). */
export const MIGRATIONS_DIR = fromRoot("server", "store", "pg", "migrations");

/** Any 64-bit number of our own: the advisory lock migrations are applied under. */
const MIGRATION_LOCK = 7_361_500_115;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const seen = new Set<number>();
  return files.map((f) => {
    const m = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(f);
    if (!m) throw new Error(`${dir}/${f}: a migration is named NNN_name.sql (digits, underscore, lower-case name)`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`${dir}/${f}: two migrations are numbered ${version}`);
    seen.add(version);
    const sql = readFileSync(`${dir}/${f}`, "utf8");
    return { version, name: m[2]!, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

/** Applies the migrations not yet applied; returns the versions applied now. */
export async function migrateDatabase(pool: Pool, migrations = readMigrations()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS pathway_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        checksum   text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
        "SELECT version, name, checksum FROM pathway_migrations ORDER BY version",
      );
      const known = new Map(migrations.map((m) => [m.version, m]));
      for (const r of rows) {
        const m = known.get(r.version);
        if (!m)
          throw new StorageError(
            `The database has migration ${r.version} (${r.name}), which this Pathway does not know: it was set up by a newer Pathway. Upgrade Pathway, or point DATABASE_URL at another database.`,
          );
        if (m.checksum !== r.checksum)
          throw new StorageError(
            `Migration ${r.version} (${r.name}) was applied to the database from a different file than server/store/pg/migrations now holds. A migration is never edited once applied: restore the file, and add a new migration for the change.`,
          );
      }
      const applied = new Set(rows.map((r) => r.version));
      const done: number[] = [];
      for (const m of migrations) {
        if (applied.has(m.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query("INSERT INTO pathway_migrations (version, name, checksum) VALUES ($1, $2, $3)", [
            m.version,
            m.name,
            m.checksum,
          ]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK").catch(() => {});
          throw new StorageError(
            `Migration ${m.version} (${m.name}) could not be applied: ${(e as Error).message}. Nothing of it was applied.`,
          );
        }
        done.push(m.version);
      }
      return done;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
