/** The storage interface the rest of the app uses; the file store is the embedded default, a database server could replace it. */
import type { CaseRecord } from "./schema.js";

export interface NewCase {
  reference: string;
  procedures: string;
  versions: Record<string, string>;
  children: CaseRecord["children"];
  facts?: CaseRecord["facts"];
}

export interface AuditDiff {
  before?: unknown;
  after?: unknown;
}

export interface CaseStore {
  list(): CaseRecord[];
  get(id: string): CaseRecord | undefined;
  create(input: NewCase, by: string): Promise<CaseRecord>;
  /**
   * Applies `mutate` to a copy of the case, saves it, and only then makes it current. Updates to one case
   * are applied one after another, so none is lost; a failed save leaves the case as it was.
   */
  update(id: string, by: string, change: string, mutate: (draft: CaseRecord) => AuditDiff | void): Promise<CaseRecord>;
  /** A case exported as JSON, given a new id. */
  importCase(data: unknown, by: string): Promise<CaseRecord>;
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
