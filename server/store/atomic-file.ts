/**
 * A lowdb adapter whose writes survive a crash: write a temp file, fsync it, rename it over the old one,
 * fsync the directory. A reader therefore sees the old file or the new one, never half of either.
 * (lowdb's own JSONFile renames but does not fsync.)
 */
import { readdirSync, unlinkSync } from "node:fs";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";

/** The temp files writeFileAtomic makes: `.<name>.<pid>.<ms>.tmp` beside the file they replace. */
export const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/;

/**
 * Removes temp files a crash left in `dir` (a write interrupted before its rename). Call only while holding
 * DATA_DIR's lock, so no other process is writing there. Returns the names removed.
 */
export function removeOrphanTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => TEMP_FILE.test(n))) {
    try {
      unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove: it does no harm */
    }
  }
  return removed;
}

/**
 * Replaces `path` with `text`: a reader sees the old file or the new one. `durable: false` leaves out the fsyncs —
 * still never half a file, but a crash may lose the latest write (for what is cheap to lose: a chat transcript).
 */
export async function writeFileAtomic(path: string, text: string, opts: { durable?: boolean } = {}): Promise<void> {
  const durable = opts.durable ?? true;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fh = await open(tmp, "w", 0o600);
  try {
    await fh.writeFile(text, "utf8");
    if (durable) await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  if (!durable) return;
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

export class AtomicJsonFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    return JSON.parse(text) as T;
  }

  /** The text written to disk (and exported): JSON with one-space indentation. */
  static format(data: unknown): string {
    return JSON.stringify(data, null, 1);
  }

  async write(data: T): Promise<void> {
    await this.writeText(AtomicJsonFile.format(data));
  }

  /** Writes text already made by `format` (so a caller that measured it need not serialise twice). */
  async writeText(text: string): Promise<void> {
    await writeFileAtomic(this.path, text);
  }
}
