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
