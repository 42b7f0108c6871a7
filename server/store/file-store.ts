/**
 * The embedded store: lowdb, one JSON file per case in DATA_DIR/cases, all cases held in memory.
 * One file per case (not one file for everything) because a whole-store rewrite on every change grew
 * with the caseload: 2,000 cases × 50 events is ~25 MB to fsync per update; one case is ~15 KB.
 * One writer: a lock file keeps a second Pathway process off the same DATA_DIR.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Low } from "lowdb";
import { AtomicJsonFile, writeFileAtomic } from "./atomic-file.js";
import { migrate } from "./migrations.js";
import { CaseRecord, SCHEMA_VERSION } from "./schema.js";
import { type AuditDiff, type CaseStore, type NewCase, StorageError, explainFsError } from "./store.js";
import { runBackups } from "./backups.js";

export const newId = (bytes = 8) =>
  randomBytes(bytes)
    .toString("hex")
    .slice(0, bytes * 2);

const MAX_AUDIT = 5000;

export interface FileStoreOptions {
  backupsToKeep?: number;
  now?: () => Date;
}

export class FileCaseStore implements CaseStore {
  private readonly dbs = new Map<string, Low<CaseRecord>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private backupTimer?: NodeJS.Timeout;

  private constructor(
    readonly dataDir: string,
    private readonly lockPath: string,
    private readonly now: () => Date,
  ) {}

  static async open(dataDir: string, opts: FileStoreOptions = {}): Promise<FileCaseStore> {
    const casesDir = join(dataDir, "cases");
    try {
      mkdirSync(casesDir, { recursive: true });
    } catch (e) {
      throw new StorageError(
        `DATA_DIR ${dataDir} cannot be created or used (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Set DATA_DIR to a folder Pathway may write to.`,
      );
    }
    const lockPath = join(dataDir, "pathway.lock");
    acquireLock(lockPath);
    const store = new FileCaseStore(dataDir, lockPath, opts.now ?? (() => new Date()));
    try {
      await writeFileAtomic(join(dataDir, ".write-check"), "ok");
      unlinkSync(join(dataDir, ".write-check"));
      await store.loadAll(casesDir);
      runBackups(dataDir, store.now(), opts.backupsToKeep ?? 7);
    } catch (e) {
      releaseLock(lockPath);
      if (e instanceof StorageError) throw e;
      throw new StorageError(
        `DATA_DIR ${dataDir} is not writable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}). Fix its permissions or set DATA_DIR to another folder.`,
      );
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

  private async save(record: CaseRecord, what: string): Promise<CaseRecord> {
    const valid = CaseRecord.parse(record);
    let db = this.dbs.get(valid.id);
    const adapter = db?.adapter ?? new AtomicJsonFile<CaseRecord>(join(this.dataDir, "cases", `${valid.id}.json`));
    try {
      await adapter.write(valid);
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

  create(input: NewCase, by: string): Promise<CaseRecord> {
    const id = newId();
    return this.serialize(id, () => {
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
    });
  }

  update(id: string, by: string, change: string, mutate: (draft: CaseRecord) => AuditDiff | void): Promise<CaseRecord> {
    return this.serialize(id, async () => {
      const current = this.dbs.get(id)?.data;
      if (!current) throw new StorageError(`No case ${id}.`);
      const draft = structuredClone(current);
      const diff = mutate(draft) ?? {};
      const at = this.now().toISOString();
      draft.updatedAt = at;
      draft.audit.push({ at, by, change, ...diff });
      if (draft.audit.length > MAX_AUDIT) draft.audit.splice(0, draft.audit.length - MAX_AUDIT);
      return this.save(draft, `the change to case ${current.reference}`);
    });
  }

  importCase(data: unknown, by: string): Promise<CaseRecord> {
    const parsed = CaseRecord.safeParse(migrate(data));
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      return Promise.reject(new ImportError(`${i.path.join(".") || "(file)"}: ${i.message}`));
    }
    const id = newId();
    return this.serialize(id, () => {
      const at = this.now().toISOString();
      const record = {
        ...parsed.data,
        id,
        updatedAt: at,
        audit: [...parsed.data.audit, { at, by, change: `imported (was case ${parsed.data.id})` }],
      };
      return this.save(record, `the imported case ${record.reference}`);
    });
  }

  async close(): Promise<void> {
    clearInterval(this.backupTimer);
    await Promise.all([...this.queues.values()]);
    releaseLock(this.lockPath);
  }
}

export class ImportError extends Error {}

function acquireLock(path: string) {
  try {
    writeFileSync(path, String(process.pid), { flag: "wx" });
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EEXIST")
      throw new StorageError(
        `DATA_DIR is not writable: cannot create ${path} (${code}). Fix its permissions or set DATA_DIR to another folder.`,
      );
  }
  const pid = Number(readFileSync(path, "utf8"));
  if (pid && pid !== process.pid && isAlive(pid)) {
    throw new StorageError(
      `Another Pathway (process ${pid}) is using this DATA_DIR (${path}). Only one may write to it; stop the other one or use another DATA_DIR.`,
    );
  }
  // A lock left by a process that died: take it over.
  writeFileSync(path, String(process.pid));
}

function releaseLock(path: string) {
  try {
    if (existsSync(path) && Number(readFileSync(path, "utf8")) === process.pid) unlinkSync(path);
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
