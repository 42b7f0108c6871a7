/**
 * Cases in PostgreSQL (DATABASE_URL): one row a case (facts, children, events and done marks as JSONB, exactly as
 * the domain has them), its audit trail in `case_audit`, and the per-case summary the case list is read from
 * (migrations/001_cases.sql). Several Pathway processes may share one database:
 *
 * - a change locks its case's row (`SELECT … FOR UPDATE`), applies the change, writes the case, its audit entry and
 *   its new summary, bumps `version`, and commits — only then is it acknowledged. Two processes changing one case
 *   take turns, so no update is lost; within a process changes to one case queue (a per-case queue), so waiting
 *   for a lock never ties up the pool;
 * - creates take an advisory lock so MAX_CASES holds across processes;
 * - stale summaries are remade in batches claimed with `FOR UPDATE SKIP LOCKED`, so instances share that work.
 *
 * Nothing reads every case: the list is an indexed query, a case is read by its id.
 */
import pg from "pg";
import type { FieldProblem } from "../../domain/errors.js";
import {
  type ImportPlacement,
  KeyedQueue,
  applyChange,
  checkForSave,
  fitCase,
  importedRecord,
  newCaseRecord,
  newId,
  parseImport,
  tooManyCases,
} from "../case-ops.js";
import { type CaseLimits, DEFAULT_CASE_LIMITS } from "../limits.js";
import type { AuditEntry, CaseRecord } from "../schema.js";
import { type AuditDiff, type CaseStore, type NewCase, StorageError } from "../store.js";
import {
  countsFor,
  type CaseQuery,
  type CaseQueryResult,
  DUE_SOON_DAYS,
  type ListedCase,
  type StoredSummary,
  type Summariser,
  type SummaryData,
  plusDays,
} from "../summary.js";
import { migrateDatabase } from "./migrate.js";
import { createPool, explainDbError, explainDbStartup } from "./pool.js";

/** An error of the database or the connection to it, not one of the app's own refusals. */
const isDatabaseFailure = (e: unknown) =>
  e instanceof pg.DatabaseError ||
  /^E[A-Z]+$/.test(String((e as { code?: unknown })?.code ?? "")) ||
  /Connection terminated|timeout exceeded/i.test(String((e as Error)?.message));

/** Any 64-bit number of our own: creates take it so the MAX_CASES count holds across processes. */
const CREATE_LOCK = 7_361_500_116;
const REFRESH_BATCH = 100;

export interface PgStoreOptions {
  now?: () => Date;
  limits?: Partial<CaseLimits>;
  /** Connections this process may hold. */
  poolSize?: number;
  /** Share another store's pool (conversations and feedback use the case store's). */
  pool?: pg.Pool;
}

/** Columns that make a case record (the audit trail comes from case_audit). */
const RECORD_COLUMNS = `c.id, c.version, c.schema_version, c.reference, c.procedures, c.versions, c.created_at,
  c.updated_at, c.closed, c.children, c.facts, c.events, c.done, c.extra, c.problems, c.audit_seq`;
const SUMMARY_COLUMNS = "c.next_action, c.dues, c.attention, c.summary_for, c.summary_fp";
/**
 * The case's audit entries, except those moved to its archive to keep the case under its size cap (the first
 * `auditArchived`): every entry stays in case_audit — the audit is never truncated — and `archivedAudit` reads them.
 */
const AUDIT = `(SELECT coalesce(jsonb_agg(a.entry ORDER BY a.seq), '[]'::jsonb) FROM case_audit a
  WHERE a.case_id = c.id AND a.seq > coalesce((c.extra ->> 'auditArchived')::int, 0))`;

interface CaseRow {
  id: string;
  version: number;
  schema_version: number;
  reference: string;
  procedures: string;
  versions: Record<string, string>;
  created_at: string;
  updated_at: string;
  closed: boolean;
  children: CaseRecord["children"];
  facts: CaseRecord["facts"];
  events: CaseRecord["events"];
  done: CaseRecord["done"];
  extra: Record<string, unknown> | null;
  problems: FieldProblem[] | null;
  audit_seq: number;
  audit?: AuditEntry[];
  team?: string | null;
  owner?: string | null;
}

interface SummaryRow {
  next_action: SummaryData["next"];
  dues: string[];
  attention: FieldProblem[] | null;
  summary_for: string | null;
  summary_fp: string | null;
}

const OWN_KEYS = new Set([
  "schemaVersion",
  "id",
  "reference",
  "procedures",
  "versions",
  "createdAt",
  "updatedAt",
  "closed",
  "children",
  "facts",
  "events",
  "done",
  "audit",
]);

function toRecord(r: CaseRow): CaseRecord {
  return {
    schemaVersion: r.schema_version,
    id: r.id,
    reference: r.reference,
    procedures: r.procedures,
    versions: r.versions,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closed: r.closed,
    children: r.children,
    facts: r.facts,
    events: r.events,
    done: r.done,
    audit: r.audit ?? [],
    ...(r.extra ?? {}),
  } as CaseRecord;
}

function extraOf(rec: CaseRecord): Record<string, unknown> | null {
  const extra = Object.fromEntries(Object.entries(rec).filter(([k]) => !OWN_KEYS.has(k)));
  return Object.keys(extra).length ? extra : null;
}

function toSummary(r: SummaryRow): StoredSummary | undefined {
  if (!r.summary_for || !r.summary_fp) return undefined;
  return {
    next: r.next_action,
    dues: r.dues,
    ...(r.attention ? { attention: r.attention } : {}),
    for: r.summary_for,
    fp: r.summary_fp,
  };
}

/** The summary columns' values ($n placeholders from `first`), in SUMMARY_SET order. */
export function summaryValues(s: StoredSummary | undefined): unknown[] {
  if (!s) return [null, "infinity", null, [], null, null, null, 0, 0];
  const listDue = s.attention ? "-infinity" : (s.next?.due ?? "infinity");
  const counts = countsFor(s, s.for);
  return [
    s.attention ? null : (s.next?.due ?? null),
    listDue,
    s.next ? JSON.stringify(s.next) : null,
    s.dues,
    s.attention ? JSON.stringify(s.attention) : null,
    s.for,
    s.fp,
    counts.overdue,
    counts.dueThisWeek,
  ];
}
/** The same values by column name (for a row written as JSON, `jsonb_to_recordset`). */
export function summaryColumns(s: StoredSummary | undefined): Record<string, unknown> {
  const [next_due, list_due, next_action, dues, attention, summary_for, summary_fp, overdue, due_soon] =
    summaryValues(s);
  return { next_due, list_due, next_action, dues, attention, summary_for, summary_fp, overdue, due_soon };
}
/** How many values summaryValues gives. */
const SUMMARY_N = 9;
const SUMMARY_SET = (p: number) =>
  `next_due = $${p}, list_due = $${p + 1}, next_action = $${p + 2}, dues = $${p + 3}::date[], attention = $${p + 4}, summary_for = $${p + 5}, summary_fp = $${p + 6}, overdue = $${p + 7}, due_soon = $${p + 8}`;

export class PgCaseStore implements CaseStore {
  readonly kind = "postgres";
  readonly limits: CaseLimits;
  private readonly queue = new KeyedQueue();
  /** Problems of the records this store handed out (by object), and of the last read of each id. */
  private readonly problemsOf = new WeakMap<CaseRecord, FieldProblem[]>();
  private readonly lastProblems = new Map<string, FieldProblem[]>();
  private summariser?: Summariser;
  private dayTimer?: NodeJS.Timeout;
  private lastDay?: string;
  private refreshing?: Promise<number>;
  private closed = false;

  private constructor(
    readonly pool: pg.Pool,
    private readonly ownPool: boolean,
    private readonly now: () => Date,
    limits: Partial<CaseLimits>,
  ) {
    this.limits = { ...DEFAULT_CASE_LIMITS, ...limits };
  }

  /** Connects, applies the migrations not yet applied, and returns the store. */
  static async open(url: string, opts: PgStoreOptions = {}): Promise<PgCaseStore> {
    const pool = opts.pool ?? createPool(url, { max: opts.poolSize });
    try {
      await migrateDatabase(pool);
    } catch (e) {
      if (!opts.pool) await pool.end().catch(() => {});
      throw explainDbStartup(e, url);
    }
    return new PgCaseStore(pool, !opts.pool, opts.now ?? (() => new Date()), opts.limits ?? {});
  }

  /** Runs `fn` in a transaction; a database failure becomes a StorageError saying what could not be done. */
  private async tx<T>(what: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw explainDbError(e, what);
    }
    let broken = false;
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (e) {
      try {
        await client.query("ROLLBACK");
      } catch {
        broken = true;
      }
      if (isDatabaseFailure(e)) throw explainDbError(e, what);
      throw e; // the app's own refusals (a limit, a closed case, bad input) pass through as they are
    } finally {
      client.release(broken);
    }
  }

  private async query<R extends pg.QueryResultRow>(what: string, sql: string, params: unknown[] = []) {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (e) {
      throw explainDbError(e, what);
    }
  }

  private remember(rec: CaseRecord, problems: FieldProblem[] | null | undefined): CaseRecord {
    if (problems?.length) {
      this.problemsOf.set(rec, problems);
      this.lastProblems.set(rec.id, problems);
    } else this.lastProblems.delete(rec.id);
    return rec;
  }

  problems(idOrRecord: string | CaseRecord): FieldProblem[] | undefined {
    return typeof idOrRecord === "string" ? this.lastProblems.get(idOrRecord) : this.problemsOf.get(idOrRecord);
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const { rows } = await this.query<CaseRow>(
      `read case ${id}`,
      `SELECT ${RECORD_COLUMNS}, ${AUDIT} AS audit FROM cases c WHERE c.id = $1`,
      [id],
    );
    const r = rows[0];
    return r ? this.remember(toRecord(r), r.problems) : undefined;
  }

  /** The summary for `rec` now, or undefined without a summariser (it is made once one is attached). */
  private summaryFor(rec: CaseRecord): StoredSummary | undefined {
    const s = this.summariser;
    if (!s) return undefined;
    const today = s.today();
    const fp = s.fingerprint();
    if (rec.closed) return { next: null, dues: [], for: today, fp };
    return { ...s.summarise(rec, today), for: today, fp };
  }

  private async insert(
    client: pg.PoolClient,
    rec: CaseRecord,
    problems: FieldProblem[] | undefined,
    archived: AuditEntry[] = [],
  ) {
    const summary = this.summaryFor(rec);
    const trail = [...archived, ...rec.audit];
    await client.query(
      `INSERT INTO cases (id, version, schema_version, reference, procedures, versions, created_at, updated_at, closed,
         children, facts, events, done, extra, problems, audit_seq)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        rec.id,
        rec.schemaVersion,
        rec.reference,
        rec.procedures,
        JSON.stringify(rec.versions),
        rec.createdAt,
        rec.updatedAt,
        rec.closed,
        JSON.stringify(rec.children),
        JSON.stringify(rec.facts),
        JSON.stringify(rec.events),
        JSON.stringify(rec.done),
        JSON.stringify(extraOf(rec)),
        problems ? JSON.stringify(problems) : null,
        trail.length,
      ],
    );
    if (trail.length)
      await client.query(
        `INSERT INTO case_audit (case_id, seq, entry)
         SELECT $1, n, e FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, n)`,
        [rec.id, JSON.stringify(trail)],
      );
    await client.query(`UPDATE cases SET team = $2, owner = $3, ${SUMMARY_SET(4)} WHERE id = $1`, [
      rec.id,
      rec.team ?? null,
      rec.owner ?? null,
      ...summaryValues(summary),
    ]);
  }

  private async count_(client: pg.PoolClient | pg.Pool): Promise<number> {
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM cases");
    return rows[0]!.n;
  }

  /** A new case under MAX_CASES: creates in every process take turns on an advisory lock to count. */
  private createRecord(rec: CaseRecord, what: string, archived: AuditEntry[]): Promise<CaseRecord> {
    return this.tx(`save ${what}`, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [CREATE_LOCK]);
      if ((await this.count_(client)) >= this.limits.maxCases) throw tooManyCases(this.limits.maxCases);
      await this.insert(client, rec, undefined, archived);
      return this.remember(rec, undefined);
    });
  }

  create(input: NewCase, by: string): Promise<CaseRecord> {
    const id = newId();
    const at = this.now().toISOString();
    const record = newCaseRecord(id, input, by, at);
    try {
      const { valid } = checkForSave(record, false);
      const archived: AuditEntry[] = [];
      fitCase(valid, this.limits.maxCaseBytes, archived);
      return this.queue.run(id, () => this.createRecord(valid, `the new case ${input.reference}`, archived));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  importCase(data: unknown, by: string, placement?: ImportPlacement): Promise<CaseRecord> {
    let parsed: CaseRecord;
    try {
      parsed = parseImport(data, this.limits);
    } catch (e) {
      return Promise.reject(e);
    }
    const id = newId();
    const record = importedRecord(parsed, id, by, this.now().toISOString(), placement);
    try {
      const { valid } = checkForSave(record, false);
      const archived: AuditEntry[] = [];
      fitCase(valid, this.limits.maxCaseBytes, archived);
      return this.queue.run(id, () => this.createRecord(valid, `the imported case ${record.reference}`, archived));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  update(id: string, by: string, change: string, mutate: (draft: CaseRecord) => AuditDiff | void): Promise<CaseRecord> {
    return this.queue.run(id, () =>
      this.tx(`save the change to case ${id}`, async (client) => {
        const { rows } = await client.query<CaseRow>(
          `SELECT ${RECORD_COLUMNS}, ${AUDIT} AS audit FROM cases c WHERE c.id = $1 FOR UPDATE OF c`,
          [id],
        );
        const row = rows[0];
        if (!row) throw new StorageError(`No case ${id}.`);
        const current = toRecord(row);
        const draft = applyChange(current, by, change, mutate, this.now().toISOString(), this.limits);
        const { valid, problems } = checkForSave(draft, row.problems !== null);
        // Entries fitCase moves out of the case stay in case_audit (the audit is never truncated): the case's
        // `auditArchived` says how many of the oldest are its archive (archivedAudit), not part of the record.
        fitCase(valid, this.limits.maxCaseBytes, []);
        const newest = valid.audit.at(-1)!;
        const seq = row.audit_seq + 1;
        const summary = this.summaryFor(valid);
        // One statement: let go of the audit's oldest entries, add the new one, write the case and its summary.
        await client.query(
          `WITH added AS (INSERT INTO case_audit (case_id, seq, entry) VALUES ($1, $15, $16))
           UPDATE cases SET version = version + 1, schema_version = $2, reference = $3, procedures = $4, versions = $5,
             created_at = $6, updated_at = $7, closed = $8, children = $9, facts = $10, events = $11, done = $12,
             extra = $13, problems = $14, audit_seq = $15, team = $${17 + SUMMARY_N}, owner = $${18 + SUMMARY_N},
             ${SUMMARY_SET(17)}
           WHERE id = $1`,
          [
            id,
            valid.schemaVersion,
            valid.reference,
            valid.procedures,
            JSON.stringify(valid.versions),
            valid.createdAt,
            valid.updatedAt,
            valid.closed,
            JSON.stringify(valid.children),
            JSON.stringify(valid.facts),
            JSON.stringify(valid.events),
            JSON.stringify(valid.done),
            JSON.stringify(extraOf(valid)),
            problems ? JSON.stringify(problems) : null,
            seq,
            JSON.stringify(newest),
            ...summaryValues(summary),
            valid.team ?? null,
            valid.owner ?? null,
          ],
        );
        return this.remember(valid, problems);
      }),
    );
  }

  /**
   * A case copied in exactly as another store held it (`npm run migrate:to-postgres`): same id, same record, its
   * archived audit entries before its own; problems kept (a case needing attention still needs it). Returns false,
   * writing nothing, when a case with that id is already here. Not under MAX_CASES: a copy is not a new case.
   */
  copyIn(rec: CaseRecord, archived: AuditEntry[], problems?: FieldProblem[]): Promise<boolean> {
    return this.tx(`copy case ${rec.id}`, async (client) => {
      const { rowCount } = await client.query("SELECT 1 FROM cases WHERE id = $1", [rec.id]);
      if (rowCount) return false;
      await this.insert(client, rec, problems, archived);
      return true;
    });
  }

  async archivedAudit(id: string, count: number): Promise<AuditEntry[]> {
    const { rows } = await this.query<{ entry: AuditEntry }>(
      `read the audit archive of case ${id}`,
      "SELECT entry FROM case_audit WHERE case_id = $1 AND seq <= $2 ORDER BY seq",
      [id, count],
    );
    return rows.map((r) => r.entry);
  }

  async list(q: CaseQuery): Promise<CaseQueryResult> {
    const params: unknown[] = [q.closed === true];
    const where = ["c.closed = $1"];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.teams) where.push(`c.team = ANY(${p(q.teams)}::text[])`);
    if (q.set) where.push(`c.procedures = ${p(q.set)}`);
    if (q.q) where.push(`strpos(lower(c.reference), ${p(q.q.toLowerCase())}) > 0`);
    if (!q.closed && q.show === "overdue") where.push(`c.list_due > '-infinity' AND c.list_due < ${p(q.today)}`);
    // A summary made today carries its own counts (overdue, due_soon); a stale one (before the background refresh
    // after midnight has reached it) is counted from its due dates. Both halves are indexed.
    let todayRef: string | undefined;
    const todayP = () => {
      todayRef ??= p(q.today);
      return todayRef;
    };
    // (Written as ranges, not <>, so the index on summary_for finds them without reading every open case.)
    const stale = () => `(c.summary_for < ${todayP()} OR c.summary_for > ${todayP()} OR c.summary_for IS NULL)`;
    if (!q.closed && q.show === "week") {
      const today = todayP();
      const week = Array.from({ length: DUE_SOON_DAYS + 1 }, (_, i) => plusDays(q.today, i));
      where.push(
        `c.attention IS NULL AND ((c.summary_for = ${today} AND c.due_soon > 0) OR (${stale()} AND c.dues && ${p(week)}::date[]))`,
      );
    }
    const filter = where.join(" AND ");
    const filterParams = [...params];
    const columns = `c.id, c.reference, c.procedures, c.created_at, c.updated_at, c.closed, c.team, c.owner, ${SUMMARY_COLUMNS}`;
    let pageSql: string;
    if (!q.closed && q.sort === "overdue") {
      // Most overdue first: today's summaries in index order, stale ones counted, the two merged.
      const today = todayP();
      const upTo = p(q.offset + q.limit);
      const limit = p(q.limit);
      const offset = p(q.offset);
      const staleCount = `(CASE WHEN c.list_due <= '-infinity' OR c.list_due >= ${today} THEN 0
        ELSE (SELECT count(*)::int FROM unnest(c.dues) d WHERE d < ${today}) END)`;
      pageSql = `SELECT ${columns} FROM (
          (SELECT c.id, c.overdue AS k, c.list_due FROM cases c WHERE ${filter} AND c.summary_for = ${today}
             ORDER BY c.overdue DESC, c.list_due, c.id LIMIT ${upTo})
          UNION ALL
          (SELECT c.id, ${staleCount} AS k, c.list_due FROM cases c WHERE ${filter} AND ${stale()}
             ORDER BY 2 DESC, c.list_due, c.id LIMIT ${upTo})
        ) AS o JOIN cases c ON c.id = o.id
        ORDER BY o.k DESC, o.list_due, o.id LIMIT ${limit} OFFSET ${offset}`;
    } else {
      const order = q.closed
        ? "c.updated_at DESC, c.id"
        : q.sort === "reference"
          ? "c.reference, c.id"
          : q.sort === "updated"
            ? "c.updated_at DESC, c.id"
            : "c.list_due, c.id";
      pageSql = `SELECT ${columns} FROM cases c WHERE ${filter} ORDER BY ${order} LIMIT ${p(q.limit)} OFFSET ${p(q.offset)}`;
    }
    const [page, counts] = await Promise.all([
      this.query<Omit<CaseRow, "audit"> & SummaryRow>("list the cases", pageSql, params),
      this.query<{ total: number; closed: number }>(
        "count the cases",
        `SELECT (SELECT count(*)::int FROM cases c WHERE ${filter}) AS total,
                (SELECT count(*)::int FROM cases c WHERE c.closed${q.teams ? " AND c.team = ANY($2::text[])" : ""}) AS closed`,
        filterParams,
      ),
    ]);
    return {
      rows: page.rows.map(
        (r): ListedCase => ({
          id: r.id,
          reference: r.reference,
          procedures: r.procedures,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          closed: r.closed,
          ...(r.team ? { team: r.team } : {}),
          ...(r.owner ? { owner: r.owner } : {}),
          summary: r.closed ? undefined : toSummary(r),
        }),
      ),
      total: counts.rows[0]!.total,
      closed: counts.rows[0]!.closed,
    };
  }

  /** Open cases in batches, in id order, without their audit trail (`audit: []`). */
  async *openCases(batchSize = 500): AsyncIterable<CaseRecord[]> {
    let after = "";
    for (;;) {
      const { rows } = await this.query<CaseRow>(
        "read the open cases",
        `SELECT ${RECORD_COLUMNS} FROM cases c WHERE NOT c.closed AND c.id > $1 ORDER BY c.id LIMIT $2`,
        [after, batchSize],
      );
      if (!rows.length) return;
      yield rows.map((r) => this.remember(toRecord(r), r.problems));
      after = rows.at(-1)!.id;
      if (rows.length < batchSize) return;
    }
  }

  async count(): Promise<{ open: number; closed: number }> {
    const { rows } = await this.query<{ open: number; closed: number }>(
      "count the cases",
      "SELECT count(*) FILTER (WHERE NOT closed)::int AS open, count(*) FILTER (WHERE closed)::int AS closed FROM cases",
    );
    return rows[0]!;
  }

  async attach(summariser: Summariser): Promise<void> {
    this.summariser = summariser;
    this.lastDay = summariser.today();
    void this.refreshStale().catch((e) => console.error(`Refreshing case summaries failed: ${(e as Error).message}`));
    clearInterval(this.dayTimer);
    // The day boundary: summaries made yesterday are remade in the background (every instance shares the work).
    this.dayTimer = setInterval(() => {
      const today = summariser.today();
      if (today === this.lastDay) return;
      this.lastDay = today;
      void this.refreshStale().catch((e) => console.error(`Refreshing case summaries failed: ${(e as Error).message}`));
    }, 60_000);
    this.dayTimer.unref();
  }

  /** Remakes the summaries of `rows` (read under lock) and saves them in one statement. */
  private async resummarise(client: pg.PoolClient, rows: CaseRow[]): Promise<Map<string, StoredSummary>> {
    const out = new Map<string, StoredSummary>();
    if (!rows.length) return out;
    for (const r of rows) {
      const rec = this.remember(toRecord(r), r.problems);
      const s = this.summaryFor(rec);
      if (s) out.set(r.id, s);
    }
    const values = rows.filter((r) => out.has(r.id)).map((r) => ({ id: r.id, ...summaryColumns(out.get(r.id)) }));
    if (!values.length) return out;
    await client.query(
      `UPDATE cases c SET next_due = v.next_due::date, list_due = v.list_due::date, next_action = v.next_action::jsonb,
         dues = v.dues::date[], attention = v.attention::jsonb, summary_for = v.summary_for::date, summary_fp = v.summary_fp,
         overdue = v.overdue, due_soon = v.due_soon
       FROM jsonb_to_recordset($1::jsonb) AS v(id text, next_due text, list_due text, next_action text, dues text[],
         overdue int, due_soon int,
         attention text, summary_for text, summary_fp text)
       WHERE c.id = v.id`,
      [JSON.stringify(values)],
    );
    return out;
  }

  async refreshSummaries(ids: string[]): Promise<Map<string, StoredSummary>> {
    if (!this.summariser || !ids.length) return new Map();
    return this.tx("work out the case summaries", async (client) => {
      const { rows } = await client.query<CaseRow>(
        `SELECT ${RECORD_COLUMNS} FROM cases c WHERE c.id = ANY($1) ORDER BY c.id FOR UPDATE OF c`,
        [ids],
      );
      return this.resummarise(client, rows);
    });
  }

  refreshStale(): Promise<number> {
    if (this.refreshing) return this.refreshing;
    const run = async () => {
      let total = 0;
      let after = "";
      while (this.summariser && !this.closed) {
        const today = this.summariser.today();
        const fp = this.summariser.fingerprint();
        const { n, last } = await this.tx("work out the case summaries", async (client) => {
          const { rows } = await client.query<CaseRow>(
            `SELECT ${RECORD_COLUMNS} FROM cases c
             WHERE NOT c.closed AND c.id > $1 AND (c.summary_for IS DISTINCT FROM $2 OR c.summary_fp IS DISTINCT FROM $3)
             ORDER BY c.id LIMIT $4 FOR UPDATE OF c SKIP LOCKED`,
            [after, today, fp, REFRESH_BATCH],
          );
          await this.resummarise(client, rows);
          return { n: rows.length, last: rows.at(-1)?.id };
        });
        total += n;
        if (!last) break;
        after = last;
        await new Promise((r) => setImmediate(r)); // let requests in between batches
      }
      return total;
    };
    this.refreshing = run().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.dayTimer);
    await this.queue.idle();
    await this.refreshing?.catch(() => {});
    if (this.ownPool) await this.pool.end();
  }
}
