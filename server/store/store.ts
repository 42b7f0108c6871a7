/**
 * The storage interface the rest of the app uses. Two stores implement it: the embedded file store (the default,
 * server/store/file-store.ts) and PostgreSQL (server/store/pg/case-store.ts, chosen by DATABASE_URL). Everything
 * is asynchronous, and nothing the app asks of a store needs every case in memory: the case list is a query over
 * per-case summaries (summary.ts), cases are read one at a time.
 *
 * Accounts, teams and sign-in sessions have their own small interfaces beside this one (server/store/accounts.ts;
 * the file implementation is server/store/file-accounts.ts).
 */
import type { FieldProblem } from "../domain/errors.js";
import type { AuditEntry, CaseRecord, StoredEvent } from "./schema.js";
import type { ImportPlacement } from "./case-ops.js";
import type { CaseQuery, CaseQueryResult, StoredSummary, Summariser } from "./summary.js";

export interface NewCase {
  reference: string;
  procedures: string;
  versions: Record<string, string>;
  children: CaseRecord["children"];
  facts?: CaseRecord["facts"];
  /** Events the case starts with (a conversation saved as a case), written with it in one go. */
  events?: StoredEvent[];
  /** The team it belongs to and the account that owns it (issue 14); absent in single-user mode. */
  team?: string;
  owner?: string;
}

export interface AuditDiff {
  before?: unknown;
  after?: unknown;
}

export interface CaseStore {
  /** Which store this is ("file" or "postgres"), for start-up messages and the bench. */
  readonly kind: string;
  get(id: string): Promise<CaseRecord | undefined>;
  /**
   * What is wrong with a stored case whose record does not pass CaseRecord (edited on disk, say), field by field;
   * undefined for a valid one. Such a case is loaded as far as it can be listed, shown and corrected. Given the
   * record object a store returned (or its id: the one read last), it answers without reading again.
   */
  problems(idOrRecord: string | CaseRecord): FieldProblem[] | undefined;
  /** One page of the case list, filtered and sorted by the stored summaries (closed cases are never planned). */
  list(query: CaseQuery): Promise<CaseQueryResult>;
  /** Every open case, a batch at a time (the all-cases calendar): never all of them in memory at once. */
  openCases(batchSize?: number): AsyncIterable<CaseRecord[]>;
  /** How many cases there are, open and closed. */
  count(): Promise<{ open: number; closed: number }>;
  create(input: NewCase, by: string): Promise<CaseRecord>;
  /**
   * Applies `mutate` to a copy of the case, saves it with its new summary, and only then makes it current. Updates
   * to one case are applied one after another — across processes too, for a store several instances share — so
   * none is lost; a failed save leaves the case as it was.
   */
  update(id: string, by: string, change: string, mutate: (draft: CaseRecord) => AuditDiff | void): Promise<CaseRecord>;
  /**
   * A case exported as JSON, given a new id, placed in the importer's team and owned by them. Its history is kept
   * with every entry marked `imported` (case-ops `importedRecord`): an import cannot write history as made here.
   */
  importCase(data: unknown, by: string, placement?: ImportPlacement): Promise<CaseRecord>;
  /**
   * The audit entries moved out of the case to keep it under its size cap, oldest first: the first `count`
   * (`CaseRecord.auditArchived`). The audit is never truncated: a store whose `fitCase` may move entries (give it an
   * `archived` array) must keep them and implement this; one that never moves any may leave it out.
   */
  archivedAudit?(id: string, count: number): Promise<AuditEntry[]>;
  /**
   * Gives the store the summariser (the app's rules). Summaries missing altogether (a store made before
   * summaries) are made before this resolves; stale ones (another day, other rules) are remade in the background.
   */
  attach(summariser: Summariser): Promise<void>;
  /** Recomputes and saves the summaries of these cases now (a list page's stale rows); returns them by id. */
  refreshSummaries(ids: string[]): Promise<Map<string, StoredSummary>>;
  /**
   * Remakes stale summaries (another day or fingerprint) in small batches, yielding between them so requests are
   * served meanwhile; resolves with how many were remade. Started by the store on attach and on each new day.
   */
  refreshStale(): Promise<number>;
  close(): Promise<void>;
}

/** The store could not read or write its files; the message says what to do. */
export class StorageError extends Error {}

export function explainFsError(e: unknown, what: string): StorageError {
  const err = e as NodeJS.ErrnoException;
  const reason =
    err.code === "ENOSPC"
      ? "the disk is full"
      : err.code === "EACCES" || err.code === "EPERM"
        ? "Pathway is not allowed to write there"
        : err.code === "EROFS"
          ? "the disk is read-only"
          : err.code === "EDQUOT"
            ? "the disk quota is used up"
            : err.message;
  return new StorageError(
    `Could not save ${what}: ${reason}. Nothing was changed; free space or fix permissions on DATA_DIR and try again.`,
  );
}

/**
 * DATA_DIR could not be used at start-up. Each cause is named as what it is — a full disk is "the disk is
 * full", not a permissions problem — with what to do.
 */
export function explainStartupError(e: unknown, dataDir: string, doing: string): StorageError {
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? err.message;
  const where = `DATA_DIR ${dataDir}`;
  switch (err.code) {
    case "ENOSPC":
      return new StorageError(
        `${where} cannot be used: the disk is full (ENOSPC while ${doing}). Free some space on that disk, or set DATA_DIR to a folder on another disk, then start Pathway again.`,
      );
    case "EDQUOT":
      return new StorageError(
        `${where} cannot be used: the disk quota is used up (EDQUOT while ${doing}). Free some space or ask for a larger quota, then start Pathway again.`,
      );
    case "EROFS":
      return new StorageError(
        `${where} is not writable: the disk is read-only (EROFS while ${doing}). Set DATA_DIR to a folder on a writable disk.`,
      );
    case "EACCES":
    case "EPERM":
      return new StorageError(
        `${where} is not writable (${code} while ${doing}). Fix its permissions or set DATA_DIR to another folder.`,
      );
    default:
      return new StorageError(
        `${where} cannot be created or used (${code} while ${doing}). Set DATA_DIR to a folder Pathway may write to.`,
      );
  }
}
