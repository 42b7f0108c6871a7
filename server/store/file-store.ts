/**
 * The embedded store: lowdb-style JSON, one file per case in DATA_DIR/cases, written atomically (temp file, fsync,
 * rename, fsync of the folder). One file per case (not one file for everything) because a whole-store rewrite on
 * every change grew with the caseload: 2,000 cases × 50 events is ~25 MB to fsync per update; one case is ~15 KB.
 *
 * Start-up, memory and backups stay flat as cases grow:
 * - **An index, not every case.** DATA_DIR/index.jsonl holds one line per case — reference, set, dates, closed,
 *   the file's size and mtime, and the case's summary (summary.ts) — and a line more each time a case changes
 *   (compacted when it grows). Start-up reads the index and checks it against the folder (one stat per file): a
 *   file new or changed since its line (a crash between the case write and the index line, a file copied in) is
 *   read and validated then; the rest are read when asked for (a small cache keeps the recently used).
 * - **Incremental backups** (backups.ts): a day's folder holds the cases changed since the day before, on top of a
 *   rolling base copy, made in the background — never a copy of every case every day.
 *
 * One writer: a lock file (PID and process start time) keeps a second Pathway process off the same DATA_DIR.
 * Within the process, changes to one case queue one after another. Bounded: at most `maxCases` cases,
 * `maxEventsPerCase` events and `maxCaseBytes` per case file (limits.ts).
 * Checked: what is written passes `CaseRecord` (the input shapes); a file that only passes `CaseEnvelope` (edited
 * on disk) is loaded and reported by `problems()`, so it is shown as needing attention instead of stopping
 * start-up, and changes that correct it can be saved. A file that is not even that stops start-up, named.
 */
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { appendFile, open as openFile, readFile, rename } from "node:fs/promises";
import { createInterface } from "node:readline";
import { join } from "node:path";
import type { FieldProblem } from "../domain/errors.js";
import { removeOrphanTemps, writeFileAtomic } from "./atomic-file.js";
import { IncrementalBackups } from "./backups.js";
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
  readStored,
  tooManyCases,
} from "./case-ops.js";
import { type CaseLimits, DEFAULT_CASE_LIMITS } from "./limits.js";
import type { AuditEntry, CaseRecord } from "./schema.js";
import { AuditArchive } from "./audit-archive.js";
import {
  type AuditDiff,
  type CaseStore,
  type NewCase,
  StorageError,
  explainFsError,
  explainStartupError,
} from "./store.js";
import {
  type CaseHeader,
  type CaseQuery,
  type CaseQueryResult,
  type ListedCase,
  type StoredSummary,
  DUE_SOON_DAYS,
  type Summariser,
  countsAt,
  isFresh,
  listDue,
  plusDays,
} from "./summary.js";

export { ImportError, newId } from "./case-ops.js";

export interface FileStoreOptions {
  backupsToKeep?: number;
  now?: () => Date;
  limits?: Partial<CaseLimits>;
  /** Case records kept in memory (the most recently used). */
  cacheSize?: number;
}

/** What the index holds of a case: enough to list it without reading its file. */
interface IndexEntry extends CaseHeader {
  /** The file as last written or checked: a file whose size or mtime differs is read again at start-up. */
  size: number;
  mtimeMs: number;
  /** When the store last saved it (store clock, ms): what the next incremental backup takes. */
  savedAt: number;
  problems?: FieldProblem[];
  summary?: StoredSummary;
}

const INDEX_FILE = "index.jsonl";
const REFRESH_BATCH = 50;

export class FileCaseStore implements CaseStore {
  readonly kind = "file";
  private readonly index = new Map<string, IndexEntry>();
  /** Bumped whenever an index entry is replaced: the case list's sorted order is kept until it changes. */
  private indexVersion = 0;
  /** The sorted, filtered entries of recent list queries (without their page), for the index version they were made at. */
  private readonly listed = new Map<string, { version: number; hits: IndexEntry[]; closed: number }>();
  private readonly cache = new Map<string, CaseRecord>();
  /** Bumped on every save: a read that started before a save never puts the older record in the cache. */
  private readonly generation = new Map<string, number>();
  private readonly problemsOf = new WeakMap<CaseRecord, FieldProblem[]>();
  private readonly queue = new KeyedQueue();
  private indexQueue: Promise<unknown> = Promise.resolve();
  private indexLines = 0;
  private backupTimer?: NodeJS.Timeout;
  private dayTimer?: NodeJS.Timeout;
  private lastDay?: string;
  private summariser?: Summariser;
  private refreshing?: Promise<number>;
  private closing = false;
  private readonly backups: IncrementalBackups;
  /** Audit entries moved out of case files (DATA_DIR/audit/<id>.jsonl): never dropped. */
  private readonly archive: AuditArchive;
  /** Creates and imports in flight, counted against maxCases before their file exists. */
  private creating = 0;
  readonly limits: CaseLimits;
  private readonly cacheSize: number;

  private constructor(
    readonly dataDir: string,
    private readonly lockPath: string,
    private readonly now: () => Date,
    opts: FileStoreOptions,
  ) {
    this.limits = { ...DEFAULT_CASE_LIMITS, ...opts.limits };
    this.cacheSize = opts.cacheSize ?? 256;
    this.backups = new IncrementalBackups(dataDir, opts.backupsToKeep ?? 7);
    this.archive = new AuditArchive(join(dataDir, "audit"));
  }

  private get casesDir() {
    return join(this.dataDir, "cases");
  }

  static async open(dataDir: string, opts: FileStoreOptions = {}): Promise<FileCaseStore> {
    const casesDir = join(dataDir, "cases");
    try {
      mkdirSync(casesDir, { recursive: true });
    } catch (e) {
      throw explainStartupError(e, dataDir, `creating ${casesDir}`);
    }
    const lockPath = join(dataDir, "pathway.lock");
    acquireLock(lockPath, dataDir);
    const store = new FileCaseStore(dataDir, lockPath, opts.now ?? (() => new Date()), opts);
    let doing = "clearing temp files left by a crash";
    try {
      // Holding the lock, nobody else writes here: a temp file is what a crash left mid-write.
      for (const dir of [dataDir, casesDir]) {
        const removed = removeOrphanTemps(dir);
        if (removed.length) console.warn(`Removed ${removed.length} temp file(s) left by a crash in ${dir}.`);
      }
      store.backups.clearPartial();
      doing = "checking it can write there";
      await writeFileAtomic(join(dataDir, ".write-check"), "ok");
      unlinkSync(join(dataDir, ".write-check"));
      doing = "reading the case index";
      await store.loadIndex();
    } catch (e) {
      releaseLock(lockPath);
      if (e instanceof StorageError) throw e;
      throw explainStartupError(e, dataDir, doing);
    }
    // Backups run in the background (never on a request's path): now, then hourly (a new day makes a new one).
    store.startBackup();
    store.backupTimer = setInterval(() => store.startBackup(), 3_600_000);
    store.backupTimer.unref();
    return store;
  }

  private startBackup() {
    if (this.closing) return;
    const changed = (since: number) => [...this.index.values()].filter((e) => e.savedAt >= since).map((e) => e.id);
    this.backups.run(this.now(), changed).catch((e) => console.error(`Backup failed: ${(e as Error).message}`));
  }

  private restoreHint() {
    return `Restore it from ${join(this.dataDir, "backups")} or move it out of the folder, then start Pathway again.`;
  }

  /** The index, checked against the folder: only files new or changed since their line are read. */
  private async loadIndex() {
    const path = join(this.dataDir, INDEX_FILE);
    const known = new Map<string, IndexEntry>();
    let lines = 0;
    if (existsSync(path)) {
      // Streamed a line at a time: the index is read without holding all of its text at once.
      const lineReader = createInterface({
        input: createReadStream(path, "utf8"),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lineReader) {
        if (!line) continue;
        lines++;
        try {
          const e = JSON.parse(line) as IndexEntry;
          if (typeof e?.id === "string") known.set(e.id, e);
        } catch {
          /* a line cut short by a crash: the file check below reads that case again */
        }
      }
    }
    const files = readdirSync(this.casesDir).filter((f) => f.endsWith(".json"));
    let reread = 0;
    for (const file of files) {
      const id = file.slice(0, -5);
      const filePath = join(this.casesDir, file);
      const st = statSync(filePath);
      const e = known.get(id);
      if (e && e.size === st.size && e.mtimeMs === st.mtimeMs) {
        this.putEntry(id, e);
        continue;
      }
      // New or changed since the index was written: read and check it now, as every file was once.
      const { data, problems } = this.parseFile(filePath, readFileSync(filePath, "utf8"));
      if (`${data.id}.json` !== file)
        throw new StorageError(
          `Case file ${filePath} holds case ${data.id}; the file name must match. It has not been changed.`,
        );
      this.putEntry(id, this.entryOf(data, st, problems, e?.savedAt ?? this.now().getTime(), undefined));
      reread++;
    }
    for (const e of this.index.values())
      if (e.problems?.length)
        console.warn(
          `Case file ${join(this.casesDir, `${e.id}.json`)} needs attention (${e.problems[0]!.field}: ${e.problems[0]!.message}). It is listed as needing attention until it is corrected on its page.`,
        );
    this.indexLines = lines;
    // Rewritten whole when it has drifted from the folder or grown past twice its cases.
    if (reread || known.size !== this.index.size || lines > 2 * this.index.size + 1000) await this.compactIndex();
  }

  private parseFile(path: string, text: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new StorageError(
        `Case file ${path} is not readable JSON (${(e as Error).message}). It has not been changed. ${this.restoreHint()}`,
      );
    }
    return readStored(raw, `Case file ${path}`, this.restoreHint());
  }

  private entryOf(
    rec: CaseRecord,
    st: { size: number; mtimeMs: number },
    problems: FieldProblem[] | undefined,
    savedAt: number,
    summary: StoredSummary | undefined,
  ): IndexEntry {
    return {
      id: rec.id,
      reference: rec.reference,
      procedures: rec.procedures,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      closed: rec.closed,
      ...(rec.team ? { team: rec.team } : {}),
      ...(rec.owner ? { owner: rec.owner } : {}),
      size: st.size,
      mtimeMs: st.mtimeMs,
      savedAt,
      ...(problems?.length ? { problems } : {}),
      ...(summary ? { summary } : {}),
    };
  }

  /** Appends the entry's line (in the background: the index is derived, the case file is the truth). */
  private writeEntry(e: IndexEntry) {
    const line = `${JSON.stringify(e)}\n`;
    this.indexQueue = this.indexQueue
      .then(async () => {
        await appendFile(join(this.dataDir, INDEX_FILE), line, { encoding: "utf8", mode: 0o600 });
        this.indexLines++;
        if (this.indexLines > 2 * this.index.size + 1000) await this.compactIndexNow();
      })
      .catch((err) => console.error(`Could not update the case index (it is rebuilt at start-up): ${err.message}`));
  }

  private compactIndex(): Promise<void> {
    const next = this.indexQueue.then(() => this.compactIndexNow());
    this.indexQueue = next.catch((err) => console.error(`Could not rewrite the case index: ${err.message}`));
    return next;
  }

  /** One line per case, written a slice at a time (yielding between slices), then swapped in atomically. */
  private async compactIndexNow() {
    const path = join(this.dataDir, INDEX_FILE);
    const tmp = join(this.dataDir, `.${INDEX_FILE}.${process.pid}.${Date.now()}.tmp`);
    const fh = await openFile(tmp, "w", 0o600);
    const entries = [...this.index.values()];
    try {
      for (let i = 0; i < entries.length; i += 2000) {
        await fh.write(
          entries
            .slice(i, i + 2000)
            .map((e) => `${JSON.stringify(e)}\n`)
            .join(""),
        );
        await new Promise((r) => setImmediate(r));
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    this.indexLines = entries.length;
  }

  /** Records what is wrong with this record object — nothing, too: a corrected case must not be read as the old one. */
  private remember(rec: CaseRecord, problems: FieldProblem[] | undefined): CaseRecord {
    this.problemsOf.set(rec, problems ?? []);
    return rec;
  }

  problems(idOrRecord: string | CaseRecord): FieldProblem[] | undefined {
    if (typeof idOrRecord !== "string") {
      const own = this.problemsOf.get(idOrRecord);
      if (own) return own.length ? own : undefined;
      idOrRecord = idOrRecord.id;
    }
    return this.index.get(idOrRecord)?.problems;
  }

  private cachePut(rec: CaseRecord) {
    this.cache.delete(rec.id);
    this.cache.set(rec.id, rec);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The case from the cache or its file (read and checked again, as at start-up). */
  private async load(id: string): Promise<CaseRecord | undefined> {
    const hit = this.cache.get(id);
    if (hit) {
      this.cachePut(hit);
      return hit;
    }
    const entry = this.index.get(id);
    if (!entry) return undefined;
    const gen = this.generation.get(id) ?? 0;
    const path = join(this.casesDir, `${id}.json`);
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      throw new StorageError(`Case file ${path} could not be read (${(e as Error).message}). ${this.restoreHint()}`);
    }
    const { data, problems } = this.parseFile(path, text);
    this.remember(data, problems);
    if ((this.generation.get(id) ?? 0) === gen && this.index.has(id)) this.cachePut(data);
    return this.cache.get(id) ?? data;
  }

  get(id: string): Promise<CaseRecord | undefined> {
    return this.load(id);
  }

  private summaryFor(rec: CaseRecord): StoredSummary | undefined {
    const s = this.summariser;
    if (!s) return undefined;
    const today = s.today();
    const fp = s.fingerprint();
    if (rec.closed) return { next: null, dues: [], for: today, fp };
    return { ...s.summarise(rec, today), for: today, fp };
  }

  /**
   * Writes a case that passes CaseRecord (or, `lenient`, a case already needing attention that still only passes
   * CaseEnvelope), then makes it current: cache, index line, summary.
   */
  private async save(record: CaseRecord, what: string, lenient = false): Promise<CaseRecord> {
    const { valid, problems } = checkForSave(record, lenient);
    const archived: AuditEntry[] = [];
    const text = fitCase(valid, this.limits.maxCaseBytes, archived);
    const path = join(this.casesDir, `${valid.id}.json`);
    try {
      // The oldest audit entries go to the case's archive first, never dropped (audit-archive.ts).
      if (archived.length) await this.archive.append(valid.id, (valid.auditArchived ?? 0) - archived.length, archived);
      await writeFileAtomic(path, text);
    } catch (e) {
      throw explainFsError(e, what);
    }
    this.generation.set(valid.id, (this.generation.get(valid.id) ?? 0) + 1);
    this.remember(valid, problems);
    this.cachePut(valid);
    let st: { size: number; mtimeMs: number };
    try {
      st = statSync(path);
    } catch {
      st = { size: -1, mtimeMs: -1 }; // checked again at the next start-up
    }
    let summary: StoredSummary | undefined;
    try {
      summary = this.summaryFor(valid);
    } catch (e) {
      console.error(`Case ${valid.id}: its summary could not be worked out: ${(e as Error).message}`);
    }
    const entry = this.entryOf(valid, st, problems, this.now().getTime(), summary);
    this.putEntry(valid.id, entry);
    this.writeEntry(entry);
    return valid;
  }

  /** Holds a place for a new case under maxCases until `task` settles, or refuses. */
  private reserve<T>(task: () => Promise<T>): Promise<T> {
    const max = this.limits.maxCases;
    if (this.index.size + this.creating >= max) return Promise.reject(tooManyCases(max));
    this.creating++;
    return task().finally(() => this.creating--);
  }

  create(input: NewCase, by: string): Promise<CaseRecord> {
    const id = newId();
    return this.reserve(() =>
      this.queue.run(id, () =>
        this.save(newCaseRecord(id, input, by, this.now().toISOString()), `the new case ${input.reference}`),
      ),
    );
  }

  update(id: string, by: string, change: string, mutate: (draft: CaseRecord) => AuditDiff | void): Promise<CaseRecord> {
    return this.queue.run(id, async () => {
      const current = await this.load(id);
      if (!current) throw new StorageError(`No case ${id}.`);
      const draft = applyChange(current, by, change, mutate, this.now().toISOString(), this.limits);
      return this.save(draft, `the change to case ${current.reference}`, !!this.index.get(id)?.problems);
    });
  }

  archivedAudit(id: string, count: number): Promise<AuditEntry[]> {
    return this.archive.read(id, count);
  }

  importCase(data: unknown, by: string, placement?: ImportPlacement): Promise<CaseRecord> {
    let parsed: CaseRecord;
    try {
      parsed = parseImport(data, this.limits);
    } catch (e) {
      return Promise.reject(e);
    }
    const id = newId();
    return this.reserve(() =>
      this.queue.run(id, () => {
        const record = importedRecord(parsed, id, by, this.now().toISOString(), placement);
        return this.save(record, `the imported case ${record.reference}`);
      }),
    );
  }

  private putEntry(id: string, e: IndexEntry) {
    this.index.set(id, e);
    this.indexVersion++;
  }

  /**
   * The list from the index in memory: filtered, then sorted on keys worked out once per case (no summary is read
   * twice, no plan is computed), and only the page's rows made into objects.
   */
  async list(q: CaseQuery): Promise<CaseQueryResult> {
    // The same query again with nothing changed (the next page, another viewer, a reload): only the page is made.
    const key = JSON.stringify([q.today, q.closed === true, q.set, q.q, q.show, q.teams, q.sort]);
    let made = this.listed.get(key);
    if (made?.version !== this.indexVersion) {
      made = { version: this.indexVersion, ...this.sortedEntries(q) };
      if (this.listed.size >= 32) this.listed.clear();
      this.listed.set(key, made);
    }
    const rows = made.hits.slice(q.offset, q.offset + q.limit).map(
      (e): ListedCase => ({
        id: e.id,
        reference: e.reference,
        procedures: e.procedures,
        createdAt: e.createdAt,
        updatedAt: e.updatedAt,
        closed: e.closed,
        ...(e.team ? { team: e.team } : {}),
        ...(e.owner ? { owner: e.owner } : {}),
        ...(e.closed || !e.summary ? {} : { summary: e.summary }),
      }),
    );
    return { rows, total: made.hits.length, closed: made.closed };
  }

  private sortedEntries(q: CaseQuery): { hits: IndexEntry[]; closed: number } {
    const wantClosed = q.closed === true;
    const needle = (q.q ?? "").toLowerCase();
    const teams = q.teams ? new Set(q.teams) : undefined;
    const soon = plusDays(q.today, DUE_SOON_DAYS);
    const dayAfterSoon = plusDays(soon, 1);
    let closed = 0;
    const hits: { e: IndexEntry; due: string; overdue: number }[] = [];
    for (const e of this.index.values()) {
      if (teams && !(e.team && teams.has(e.team))) continue;
      if (e.closed) closed++;
      if (e.closed !== wantClosed) continue;
      if (q.set && e.procedures !== q.set) continue;
      if (needle && !e.reference.toLowerCase().includes(needle)) continue;
      let overdue = 0;
      const s = e.summary;
      if (!wantClosed && s && !s.attention && s.dues.length && s.dues[0]! < dayAfterSoon)
        ({ overdue } = countsAt(s.dues, q.today, soon));
      if (!wantClosed && q.show) {
        if (!s || s.attention) continue;
        if (q.show === "overdue" && overdue === 0) continue;
        if (q.show === "week" && countsAt(s.dues, q.today, soon).dueThisWeek === 0) continue;
      }
      hits.push({ e, due: listDue(s), overdue });
    }
    const byId = (a: IndexEntry, b: IndexEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const str = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const sort = wantClosed ? "updated" : q.sort;
    hits.sort(
      sort === "reference"
        ? (a, b) => str(a.e.reference, b.e.reference) || byId(a.e, b.e)
        : sort === "updated"
          ? (a, b) => str(b.e.updatedAt, a.e.updatedAt) || byId(a.e, b.e)
          : sort === "overdue"
            ? (a, b) => b.overdue - a.overdue || str(a.due, b.due) || byId(a.e, b.e)
            : (a, b) => str(a.due, b.due) || byId(a.e, b.e),
    );
    return { hits: hits.map((h) => h.e), closed };
  }

  async *openCases(batchSize = 200): AsyncIterable<CaseRecord[]> {
    const ids = [...this.index.values()].filter((e) => !e.closed).map((e) => e.id);
    for (let i = 0; i < ids.length; i += batchSize) {
      const batch: CaseRecord[] = [];
      for (const id of ids.slice(i, i + batchSize)) {
        const rec = await this.load(id);
        if (rec && !rec.closed) batch.push(rec);
      }
      yield batch;
    }
  }

  async count(): Promise<{ open: number; closed: number }> {
    let closed = 0;
    for (const e of this.index.values()) if (e.closed) closed++;
    return { open: this.index.size - closed, closed };
  }

  async attach(summariser: Summariser): Promise<void> {
    this.summariser = summariser;
    this.lastDay = summariser.today();
    // Cases never summarised (a DATA_DIR from before summaries, files copied in) are summarised before serving.
    const missing = [...this.index.values()].filter((e) => !e.closed && !e.summary).map((e) => e.id);
    if (missing.length) await this.refreshSummaries(missing);
    void this.refreshStale().catch((e) => console.error(`Refreshing case summaries failed: ${(e as Error).message}`));
    clearInterval(this.dayTimer);
    this.dayTimer = setInterval(() => {
      const today = summariser.today();
      if (today === this.lastDay) return;
      this.lastDay = today;
      void this.refreshStale().catch((e) => console.error(`Refreshing case summaries failed: ${(e as Error).message}`));
    }, 60_000);
    this.dayTimer.unref();
  }

  /** Summarises one case now (under its queue, so a change in flight is not overwritten by an older summary). */
  private resummarise(id: string): Promise<StoredSummary | undefined> {
    return this.queue.run(id, async () => {
      const entry = this.index.get(id);
      if (!entry || !this.summariser) return undefined;
      const rec = await this.load(id);
      if (!rec) return undefined;
      let summary: StoredSummary | undefined;
      try {
        summary = this.summaryFor(rec);
      } catch (e) {
        console.error(`Case ${id}: its summary could not be worked out: ${(e as Error).message}`);
        return undefined;
      }
      const next = { ...entry, ...(summary ? { summary } : {}) };
      this.putEntry(id, next);
      this.writeEntry(next);
      return summary;
    });
  }

  async refreshSummaries(ids: string[]): Promise<Map<string, StoredSummary>> {
    const out = new Map<string, StoredSummary>();
    for (let i = 0; i < ids.length; i += REFRESH_BATCH) {
      const batch = ids.slice(i, i + REFRESH_BATCH);
      const made = await Promise.all(batch.map((id) => this.resummarise(id)));
      batch.forEach((id, k) => {
        if (made[k]) out.set(id, made[k]);
      });
    }
    return out;
  }

  refreshStale(): Promise<number> {
    if (this.refreshing) return this.refreshing;
    const run = async () => {
      let total = 0;
      const s = this.summariser;
      if (!s) return 0;
      const stale = [...this.index.values()]
        .filter((e) => !e.closed && !isFresh(e.summary, s.today(), s.fingerprint()))
        .map((e) => e.id);
      for (let i = 0; i < stale.length && !this.closing; i += REFRESH_BATCH) {
        const today = s.today();
        const fp = s.fingerprint();
        const batch = stale
          .slice(i, i + REFRESH_BATCH)
          .filter((id) => !isFresh(this.index.get(id)?.summary, today, fp));
        total += (await this.refreshSummaries(batch)).size;
        // Not every read is kept: the refresh should not push the cases people are using out of the cache.
        await new Promise((r) => setImmediate(r));
      }
      return total;
    };
    this.refreshing = run().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.backupTimer);
    clearInterval(this.dayTimer);
    await this.refreshing?.catch(() => {});
    await this.queue.idle();
    await this.backups.idle();
    await this.indexQueue;
    releaseLock(this.lockPath);
  }
}

/** What the lock file records: the holder's PID and, where the system says (Linux), when that process started. */
interface LockHolder {
  pid: number;
  started?: string;
}

/**
 * When process `pid` started, in clock ticks after boot: field 22 of /proc/<pid>/stat. With the PID it names one
 * process, so a PID reused by another process after a crash is not mistaken for the holder. Undefined where
 * there is no /proc (not Linux) or the process is gone.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command name) is in parentheses and may itself hold spaces or ")": count from the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const started = fields[22 - 3];
    return started && /^\d+$/.test(started) ? started : undefined;
  } catch {
    return undefined;
  }
}

function lockText(): string {
  const started = processStartTime(process.pid);
  return `${JSON.stringify({ pid: process.pid, ...(started ? { started } : {}) })}\n`;
}

/** The holder a lock file names; a lock written by an older Pathway holds just the PID. */
export function readLockHolder(text: string): LockHolder | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return { pid: Number(t) };
  try {
    const j = JSON.parse(t) as { pid?: unknown; started?: unknown };
    if (typeof j.pid === "number" && Number.isInteger(j.pid) && j.pid > 0)
      return { pid: j.pid, ...(typeof j.started === "string" ? { started: j.started } : {}) };
  } catch {
    /* unreadable: treated as no holder */
  }
  return undefined;
}

/** Whether the process a lock names is still running: same PID alive and, where both are known, same start time. */
function holderAlive(h: LockHolder): boolean {
  if (!isAlive(h.pid)) return false;
  if (h.started === undefined) return true; // PID only (older lock, or no /proc): trust the PID
  const now = processStartTime(h.pid);
  return now === undefined || now === h.started;
}

function acquireLock(path: string, dataDir: string) {
  const text = lockText();
  let fd: number | undefined;
  try {
    fd = openSync(path, "wx");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw explainStartupError(e, dataDir, `creating ${path}`);
  }
  if (fd !== undefined) {
    try {
      writeSync(fd, text);
      closeSync(fd);
      return;
    } catch (e) {
      closeSync(fd);
      try {
        unlinkSync(path); // leave no empty lock behind
      } catch {
        /* best effort */
      }
      throw explainStartupError(e, dataDir, `writing ${path}`);
    }
  }
  let holder: LockHolder | undefined;
  try {
    holder = readLockHolder(readFileSync(path, "utf8"));
  } catch (e) {
    throw explainStartupError(e, dataDir, `reading ${path}`);
  }
  if (holder && holder.pid !== process.pid && holderAlive(holder)) {
    throw new StorageError(
      `Another Pathway (process ${holder.pid}) is using this DATA_DIR (${path}). Only one may write to it; stop the other one or use another DATA_DIR.`,
    );
  }
  // A lock left by a process that died (or whose PID now belongs to another process): take it over.
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw explainStartupError(e, dataDir, `writing ${path}`);
  }
}

function releaseLock(path: string) {
  try {
    if (existsSync(path) && readLockHolder(readFileSync(path, "utf8"))?.pid === process.pid) unlinkSync(path);
  } catch {
    /* best effort on shutdown */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
