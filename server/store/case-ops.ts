/**
 * What every case store does the same way, whatever it writes to: making a new case, applying a change (the event
 * cap, the audit entry), checking a record before it is written (CaseRecord, or CaseEnvelope for a case already
 * needing attention), keeping a case under its size cap, reading a stored record back and importing one.
 * The file store and the PostgreSQL store both go through here, so the two behave alike to the byte.
 */
import { randomBytes } from "node:crypto";
import { type FieldProblem, InvalidInput } from "../domain/errors.js";
import { fieldName, invalidInput, zodProblems } from "../domain/input.js";
import { AtomicJsonFile } from "./atomic-file.js";
import { type CaseLimits, LimitReached, cleanName } from "./limits.js";
import { migrate } from "./migrations.js";
import { type AuditEntry, CaseEnvelope, CaseRecord, SCHEMA_VERSION } from "./schema.js";
import { type AuditDiff, type NewCase, StorageError } from "./store.js";

export const newId = (bytes = 8) =>
  randomBytes(bytes)
    .toString("hex")
    .slice(0, bytes * 2);

/** Audit entries kept in a case file; older ones are moved to the case's archive (never dropped). */
export const MAX_AUDIT = 5000;

export const n = (x: number) => x.toLocaleString("en-GB");

/** A file that is not a case Pathway can import: InvalidInput (400), every problem named by its field. */
export class ImportError extends InvalidInput {
  static of(problems: FieldProblem[]): ImportError {
    const first = problems[0]!;
    return new ImportError(first.field, `The file is not a Pathway case: ${first.field}: ${first.message}`, problems);
  }
}

export function newCaseRecord(id: string, input: NewCase, by: string, at: string): CaseRecord {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    reference: input.reference,
    procedures: input.procedures,
    versions: input.versions,
    createdAt: at,
    updatedAt: at,
    closed: false,
    ...(input.team ? { team: input.team } : {}),
    ...(input.owner ? { owner: input.owner } : {}),
    children: input.children,
    facts: input.facts ?? {},
    events: input.events ?? [],
    done: [],
    audit: [
      {
        at,
        by: cleanName(by),
        change: "case created",
        after: {
          reference: input.reference,
          procedures: input.procedures,
          children: input.children,
          ...(input.events?.length ? { events: input.events } : {}),
        },
      },
    ],
  };
}

/** The case after `mutate` and its audit entry; refuses growth past the event cap (other changes still work). */
export function applyChange(
  current: CaseRecord,
  by: string,
  change: string,
  mutate: (draft: CaseRecord) => AuditDiff | void,
  at: string,
  limits: CaseLimits,
): CaseRecord {
  const draft = structuredClone(current);
  const diff = mutate(draft) ?? {};
  const max = limits.maxEventsPerCase;
  if (draft.events.length > max && draft.events.length > current.events.length)
    throw new LimitReached(
      "events per case",
      max,
      `Case ${current.reference} has ${n(current.events.length)} event${current.events.length === 1 ? "" : "s"}; a case may hold at most ${n(max)} (MAX_EVENTS_PER_CASE). Nothing was added. Start a new case for what follows, or ask whoever runs Pathway to raise the limit.`,
    );
  draft.updatedAt = at;
  // The entry is the store's to write: a mutation's diff cannot mark it imported or name someone else.
  draft.audit.push({
    at,
    by: cleanName(by),
    change,
    ...(diff.before === undefined ? {} : { before: diff.before }),
    ...(diff.after === undefined ? {} : { after: diff.after }),
  });
  return draft;
}

/**
 * A record as it may be written: one that passes CaseRecord; with `lenient` (a change to a case already needing
 * attention) one that still only passes CaseEnvelope too, with its problems, so a correction can be saved while
 * other problems remain. Anything else is InvalidInput and nothing is written.
 */
export function checkForSave(record: CaseRecord, lenient: boolean): { valid: CaseRecord; problems?: FieldProblem[] } {
  const parsed = CaseRecord.safeParse(record);
  if (parsed.success) return { valid: parsed.data };
  if (!lenient) throw invalidInput(parsed.error);
  const envelope = CaseEnvelope.safeParse(record);
  if (!envelope.success) throw invalidInput(envelope.error);
  return { valid: envelope.data as unknown as CaseRecord, problems: zodProblems(parsed.error) };
}

/**
 * The case's JSON text (as a case file holds it), under maxCaseBytes and MAX_AUDIT entries: the oldest audit entries
 * are moved out of `record.audit` into `archived` (and counted in `record.auditArchived`); a case still too big
 * without them is refused. The audit is never truncated: a store must write `archived` to the case's archive
 * before the case (see `CaseStore.archivedAudit`); a caller that passes no `archived` array gets a refusal instead
 * of a trim.
 */
export function fitCase(record: CaseRecord, maxBytes: number, archived?: AuditEntry[]): string {
  const move = (n: number) => {
    if (!archived) return;
    archived.push(...record.audit.splice(0, n));
    record.auditArchived = (record.auditArchived ?? 0) + n;
  };
  if (record.audit.length > MAX_AUDIT) move(record.audit.length - MAX_AUDIT);
  let text = AtomicJsonFile.format(record);
  let size = Buffer.byteLength(text);
  while (archived && size > maxBytes && record.audit.length > 1) {
    move(Math.min(record.audit.length - 1, Math.max(1, Math.ceil((record.audit.length * (size - maxBytes)) / size))));
    text = AtomicJsonFile.format(record);
    size = Buffer.byteLength(text);
  }
  if (size > maxBytes)
    throw new LimitReached(
      "case size",
      maxBytes,
      `A case file may take at most ${maxBytes >= 1024 * 1024 ? `${n(maxBytes / 1024 / 1024)} MB` : `${n(Math.round(maxBytes / 1024))} KB`}, and this change would make case ${record.reference} larger. Nothing was changed.`,
    );
  return text;
}

/**
 * A stored record read back: migrated to the current schema and checked. One that passes CaseRecord is returned as
 * is; one that only passes CaseEnvelope comes with its problems (it is shown as needing attention); anything else
 * is a StorageError naming `where` and what to do (`restore` says where good copies are).
 */
export function readStored(
  raw: unknown,
  where: string,
  restore: string,
): { data: CaseRecord; problems?: FieldProblem[] } {
  let migrated: unknown;
  try {
    migrated = migrate(raw);
  } catch (e) {
    throw new StorageError(`${where}: ${(e as Error).message}. It has not been changed.`);
  }
  const parsed = CaseRecord.safeParse(migrated);
  if (parsed.success) return { data: parsed.data };
  // Not a valid case, but one that can be listed, shown and corrected: loaded as needing attention.
  const envelope = CaseEnvelope.safeParse(migrated);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    throw new StorageError(
      `${where} does not hold a valid case (${fieldName(issue.path) || "(file)"}: ${issue.message}). It has not been changed. ${restore}`,
    );
  }
  return { data: envelope.data as unknown as CaseRecord, problems: zodProblems(parsed.error) };
}

/** A case file to import, checked and migrated; refused (ImportError, LimitReached) before anything is written. */
export function parseImport(data: unknown, limits: CaseLimits): CaseRecord {
  let parsed: ReturnType<typeof CaseRecord.safeParse>;
  try {
    parsed = CaseRecord.safeParse(migrate(data));
  } catch (e) {
    throw e instanceof InvalidInput ? ImportError.of(e.details as FieldProblem[]) : e;
  }
  if (!parsed.success) throw ImportError.of(zodProblems(parsed.error));
  const max = limits.maxEventsPerCase;
  if (parsed.data.events.length > max)
    throw new LimitReached(
      "events per case",
      max,
      `The file holds ${n(parsed.data.events.length)} events; a case may hold at most ${n(max)} (MAX_EVENTS_PER_CASE). Nothing was imported.`,
    );
  return parsed.data;
}

/** Where an imported case goes: the importer's team, owned by the importer (an import cannot choose either). */
export interface ImportPlacement {
  team?: string;
  owner?: string;
}

/**
 * The imported case under its new id, with the import audited. The file's history is kept, every entry marked
 * `imported` (it was written elsewhere: its names are what the file says); its team, owner, assignments and
 * archive count are the file's own business and are dropped — the case goes to `placement`.
 */
export function importedRecord(
  parsed: CaseRecord,
  id: string,
  by: string,
  at: string,
  placement: ImportPlacement = {},
): CaseRecord {
  const { team: _t, owner: _o, assigned: _a, auditArchived: _n, ...rest } = parsed;
  return {
    ...rest,
    id,
    updatedAt: at,
    ...(placement.team ? { team: placement.team } : {}),
    ...(placement.owner ? { owner: placement.owner } : {}),
    audit: [
      ...parsed.audit.map((e) => ({ ...e, imported: true as const })),
      { at, by: cleanName(by), change: `imported (was case ${parsed.id})` },
    ],
  };
}

export function tooManyCases(max: number): LimitReached {
  return new LimitReached(
    "cases",
    max,
    `Pathway holds at most ${n(max)} cases (MAX_CASES) and has reached that. No case was created. Ask whoever runs Pathway to move closed cases out of DATA_DIR or to raise MAX_CASES.`,
  );
}

/** Runs tasks for one key one after another (a per-case queue); different keys run side by side. */
export class KeyedQueue {
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => {});
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()]);
  }
}
