/**
 * The embedded store: lowdb, one JSON file per case in DATA_DIR/cases, all cases held in memory.
 * One file per case (not one file for everything) because a whole-store rewrite on every change grew
 * with the caseload: 2,000 cases × 50 events is ~25 MB to fsync per update; one case is ~15 KB.
 * One writer: a lock file (PID and process start time) keeps a second Pathway process off the same DATA_DIR.
 * Bounded: at most `maxCases` cases, `maxEventsPerCase` events and `maxCaseBytes` per case file (limits.ts).
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { Low } from "lowdb";
import { AtomicJsonFile, removeOrphanTemps, writeFileAtomic } from "./atomic-file.js";
import { migrate } from "./migrations.js";
import { CaseRecord, SCHEMA_VERSION } from "./schema.js";
import {
  type AuditDiff,
  type CaseStore,
  type NewCase,
  StorageError,
  explainFsError,
  explainStartupError,
} from "./store.js";
import { runBackups } from "./backups.js";
import { type CaseLimits, DEFAULT_CASE_LIMITS, LimitReached, cleanName } from "./limits.js";

export const newId = (bytes = 8) =>
  randomBytes(bytes)
    .toString("hex")
    .slice(0, bytes * 2);

const MAX_AUDIT = 5000;

export interface FileStoreOptions {
  backupsToKeep?: number;
  now?: () => Date;
  limits?: Partial<CaseLimits>;
}

const n = (x: number) => x.toLocaleString("en-GB");

export class FileCaseStore implements CaseStore {
  private readonly dbs = new Map<string, Low<CaseRecord>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private backupTimer?: NodeJS.Timeout;
  /** Creates and imports in flight, counted against maxCases before their file exists. */
  private creating = 0;
  readonly limits: CaseLimits;

  private constructor(
    readonly dataDir: string,
    private readonly lockPath: string,
    private readonly now: () => Date,
    limits: Partial<CaseLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CASE_LIMITS, ...limits };
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
    const store = new FileCaseStore(dataDir, lockPath, opts.now ?? (() => new Date()), opts.limits);
    let doing = "clearing temp files left by a crash";
    try {
      // Holding the lock, nobody else writes here: a temp file is what a crash left mid-write.
      for (const dir of [dataDir, casesDir]) {
        const removed = removeOrphanTemps(dir);
        if (removed.length) console.warn(`Removed ${removed.length} temp file(s) left by a crash in ${dir}.`);
      }
      doing = "checking it can write there";
      await writeFileAtomic(join(dataDir, ".write-check"), "ok");
      unlinkSync(join(dataDir, ".write-check"));
      doing = "reading the case files";
      await store.loadAll(casesDir);
      doing = "making the daily backup";
      runBackups(dataDir, store.now(), opts.backupsToKeep ?? 7);
    } catch (e) {
      releaseLock(lockPath);
      if (e instanceof StorageError) throw e;
      throw explainStartupError(e, dataDir, doing);
    }
    // A daily copy even when the server runs for weeks.
    store.backupTimer = setInterval(() => {
      try {
        runBackups(dataDir, store.now(), opts.backupsToKeep ?? 7);
      } catch (e) {
        console.error(`Backup failed: ${(e as Error).message}`);
      }
    }, 3_600_000);
    store.backupTimer.unref();
    return store;
  }

  private async loadAll(casesDir: string) {
    for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json"))) {
      const path = join(casesDir, file);
      const db = new Low<CaseRecord>(new AtomicJsonFile<CaseRecord>(path), null as unknown as CaseRecord);
      try {
        await db.read();
      } catch (e) {
        throw new StorageError(
          `Case file ${path} is not readable JSON (${(e as Error).message}). It has not been changed. Restore it from ${join(this.dataDir, "backups")} or move it out of the folder, then start Pathway again.`,
        );
      }
      let parsed: ReturnType<typeof CaseRecord.safeParse>;
      try {
        parsed = CaseRecord.safeParse(migrate(db.data));
      } catch (e) {
        throw new StorageError(`Case file ${path}: ${(e as Error).message}. It has not been changed.`);
      }
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new StorageError(
          `Case file ${path} does not hold a valid case (${issue.path.join(".")}: ${issue.message}). It has not been changed. Restore it from ${join(this.dataDir, "backups")} or move it out of the folder, then start Pathway again.`,
        );
      }
      if (`${parsed.data.id}.json` !== file)
        throw new StorageError(
          `Case file ${path} holds case ${parsed.data.id}; the file name must match. It has not been changed.`,
        );
      db.data = parsed.data;
      this.dbs.set(parsed.data.id, db);
    }
  }

  list(): CaseRecord[] {
    return [...this.dbs.values()].map((d) => d.data);
  }

  get(id: string): CaseRecord | undefined {
    return this.dbs.get(id)?.data;
  }

  private serialize<T>(id: string, task: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(id) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => {});
    this.queues.set(id, tail);
    void tail.then(() => {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    });
    return next;
  }

  /**
   * The file's text, under maxCaseBytes: the oldest audit entries are let go first (as beyond MAX_AUDIT); a
   * case still too big without them is refused.
   */
  private fitted(record: CaseRecord): string {
    const max = this.limits.maxCaseBytes;
    let text = AtomicJsonFile.format(record);
    let size = Buffer.byteLength(text);
    while (size > max && record.audit.length > 1) {
      const drop = Math.min(
        record.audit.length - 1,
        Math.max(1, Math.ceil((record.audit.length * (size - max)) / size)),
      );
      record.audit.splice(0, drop);
      text = AtomicJsonFile.format(record);
      size = Buffer.byteLength(text);
    }
    if (size > max)
      throw new LimitReached(
        "case size",
        max,
        `A case file may take at most ${max >= 1024 * 1024 ? `${n(max / 1024 / 1024)} MB` : `${n(Math.round(max / 1024))} KB`}, and this change would make case ${record.reference} larger. Nothing was changed.`,
      );
    return text;
  }

  private async save(record: CaseRecord, what: string): Promise<CaseRecord> {
    const valid = CaseRecord.parse(record);
    const text = this.fitted(valid);
    let db = this.dbs.get(valid.id);
    const adapter = (db?.adapter ??
      new AtomicJsonFile<CaseRecord>(join(this.dataDir, "cases", `${valid.id}.json`))) as AtomicJsonFile<CaseRecord>;
    try {
      await adapter.writeText(text);
    } catch (e) {
      throw explainFsError(e, what);
    }
    if (!db) {
      db = new Low<CaseRecord>(adapter, valid);
      this.dbs.set(valid.id, db);
    }
    db.data = valid;
    return valid;
  }

  /** Holds a place for a new case under maxCases until `task` settles, or refuses. */
  private reserve<T>(task: () => Promise<T>): Promise<T> {
    const max = this.limits.maxCases;
    if (this.dbs.size + this.creating >= max)
      return Promise.reject(
        new LimitReached(
          "cases",
          max,
          `Pathway holds at most ${n(max)} cases (MAX_CASES) and has reached that. No case was created. Ask whoever runs Pathway to move closed cases out of DATA_DIR or to raise MAX_CASES.`,
        ),
      );
    this.creating++;
    return task().finally(() => this.creating--);
  }

  create(input: NewCase, by: string): Promise<CaseRecord> {
    const id = newId();
    by = cleanName(by);
    return this.reserve(() =>
      this.serialize(id, () => {
        const at = this.now().toISOString();
        const record: CaseRecord = {
          schemaVersion: SCHEMA_VERSION,
          id,
          reference: input.reference,
          procedures: input.procedures,
          versions: input.versions,
          createdAt: at,
          updatedAt: at,
          closed: false,
          children: input.children,
          facts: input.facts ?? {},
          events: [],
          done: [],
          audit: [
            {
              at,
              by,
              change: "case created",
              after: { reference: input.reference, procedures: input.procedures, children: input.children },
            },
          ],
        };
        return this.save(record, `the new case ${input.reference}`);
      }),
    );
  }

  update(id: string, by: string, change: string, mutate: (draft: CaseRecord) => AuditDiff | void): Promise<CaseRecord> {
    by = cleanName(by);
    return this.serialize(id, async () => {
      const current = this.dbs.get(id)?.data;
      if (!current) throw new StorageError(`No case ${id}.`);
      const draft = structuredClone(current);
      const diff = mutate(draft) ?? {};
      const max = this.limits.maxEventsPerCase;
      // Only growth is refused: removing events or marking actions done on a case over the limit still works.
      if (draft.events.length > max && draft.events.length > current.events.length)
        throw new LimitReached(
          "events per case",
          max,
          `Case ${current.reference} has ${n(current.events.length)} event${current.events.length === 1 ? "" : "s"}; a case may hold at most ${n(max)} (MAX_EVENTS_PER_CASE). Nothing was added. Start a new case for what follows, or ask whoever runs Pathway to raise the limit.`,
        );
      const at = this.now().toISOString();
      draft.updatedAt = at;
      draft.audit.push({ at, by, change, ...diff });
      if (draft.audit.length > MAX_AUDIT) draft.audit.splice(0, draft.audit.length - MAX_AUDIT);
      return this.save(draft, `the change to case ${current.reference}`);
    });
  }

  importCase(data: unknown, by: string): Promise<CaseRecord> {
    let parsed: ReturnType<typeof CaseRecord.safeParse>;
    try {
      parsed = CaseRecord.safeParse(migrate(data));
    } catch (e) {
      return Promise.reject(new ImportError((e as Error).message));
    }
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      return Promise.reject(new ImportError(`${i.path.join(".") || "(file)"}: ${i.message}`));
    }
    const max = this.limits.maxEventsPerCase;
    if (parsed.data.events.length > max)
      return Promise.reject(
        new LimitReached(
          "events per case",
          max,
          `The file holds ${n(parsed.data.events.length)} events; a case may hold at most ${n(max)} (MAX_EVENTS_PER_CASE). Nothing was imported.`,
        ),
      );
    const id = newId();
    by = cleanName(by);
    return this.reserve(() =>
      this.serialize(id, () => {
        const at = this.now().toISOString();
        const record = {
          ...parsed.data,
          id,
          updatedAt: at,
          audit: [...parsed.data.audit, { at, by, change: `imported (was case ${parsed.data.id})` }],
        };
        return this.save(record, `the imported case ${record.reference}`);
      }),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.backupTimer);
    await Promise.all([...this.queues.values()]);
    releaseLock(this.lockPath);
  }
}

export class ImportError extends Error {}

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
