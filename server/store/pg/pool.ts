/**
 * The connection pool every PostgreSQL store shares (one per process), and what a database error means to a
 * person. Dates come back as `YYYY-MM-DD` strings (never a JavaScript Date in the server's timezone).
 */
import pg from "pg";
import { StorageError } from "../store.js";

const DATE = 1082;
const DATE_ARRAY = 1182;

const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === DATE) return (v: string) => v;
    if (oid === DATE_ARRAY) return pg.types.getTypeParser(1009 as never, "text"); // text[]: each date as its string
    return pg.types.getTypeParser(oid as never, format ?? "text");
  },
} as unknown as pg.CustomTypesConfig;

export interface PoolOptions {
  /** Connections this process may hold (default 10). */
  max?: number;
  applicationName?: string;
}

/** DATABASE_URL without its password, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "****";
    return u.toString();
  } catch {
    return "DATABASE_URL (not a URL)";
  }
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new StorageError(
      `DATABASE_URL must be a PostgreSQL connection URL such as postgresql://pathway:secret@db.example.org:5432/pathway (got ${describeUrl(url)}).`,
    );
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types,
    application_name: opts.applicationName ?? "pathway",
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (a restart, a failover) is not worth dying for: the pool reconnects.
  pool.on("error", (e) => console.error(`PostgreSQL connection lost: ${e.message}`));
  return pool;
}

const CONNECT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH"]);

/** A database error as a StorageError (503) saying what could not be done and what to do. */
export function explainDbError(e: unknown, what: string): StorageError {
  if (e instanceof StorageError) return e;
  const err = e as Error & { code?: string };
  const code = err.code ?? "";
  let reason: string;
  if (CONNECT_CODES.has(code) || /timeout|terminated|Connection terminated/i.test(err.message))
    reason = `the database could not be reached (${code || err.message})`;
  else if (code === "53100") reason = "the database's disk is full";
  else if (code === "25006") reason = "the database is read-only";
  else if (code === "28P01" || code === "28000") reason = "the database refused the user name or password";
  else if (code === "3D000") reason = "the database named in DATABASE_URL does not exist";
  else if (code.startsWith("53")) reason = `the database is out of resources (${err.message})`;
  else reason = `the database said: ${err.message}`;
  return new StorageError(`Could not ${what}: ${reason}. Nothing was changed; try again, or ask whoever runs Pathway.`);
}

/** Start-up: the database cannot be used at all; the message names it (without the password) and the cause. */
export function explainDbStartup(e: unknown, url: string): StorageError {
  if (e instanceof StorageError) return e;
  const err = e as Error & { code?: string };
  const where = `the PostgreSQL database at ${describeUrl(url)}`;
  if (CONNECT_CODES.has(err.code ?? ""))
    return new StorageError(
      `${where} could not be reached (${err.code}). Check that PostgreSQL is running and DATABASE_URL names its host and port.`,
    );
  if (err.code === "28P01" || err.code === "28000")
    return new StorageError(`${where} refused the user name or password in DATABASE_URL (${err.message}).`);
  if (err.code === "3D000")
    return new StorageError(`${where} does not exist: create it (createdb) or correct DATABASE_URL (${err.message}).`);
  return new StorageError(`${where} cannot be used: ${err.message}`);
}
