/**
 * Incremental daily backups of the case files, made in the background (asynchronous copies, never on a request's
 * path), so the work and the disk they take grow with what changed, not with the caseload:
 *
 *   backups/base/            every case as of the oldest day kept (made once, in full; then kept up by merging)
 *   backups/YYYY-MM-DD/      the case files that changed since the previous day's backup (one folder a day)
 *
 * The newest `keep` day folders are kept; an older one is merged into base (its files moved over base's), so base
 * plus the day folders up to D, newest last, is every case as it was on day D. To restore: copy base/, then each
 * day folder up to the day wanted, in order, over DATA_DIR/cases (README, Storage). A day folder is made as
 * `<day>.partial` and renamed when whole, so a half-made one is never mistaken for a whole one.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface BackupState {
  /** Store-clock time (ms) of the last backup: cases saved after it go into the next one. */
  last: number;
}

export class IncrementalBackups {
  private running: Promise<string | undefined> = Promise.resolve(undefined);
  readonly root: string;

  constructor(
    private readonly dataDir: string,
    private readonly keep: number,
  ) {
    this.root = join(dataDir, "backups");
  }

  /** A backup cut short by a crash (any day's) is never finished: removed (only while holding DATA_DIR's lock). */
  clearPartial() {
    if (!existsSync(this.root)) return;
    for (const d of readdirSync(this.root).filter((x) => x.endsWith(".partial")))
      rmSync(join(this.root, d), { recursive: true, force: true });
  }

  private statePath() {
    return join(this.root, "state.json");
  }

  private readState(): BackupState | undefined {
    try {
      const s = JSON.parse(readFileSync(this.statePath(), "utf8")) as BackupState;
      return typeof s.last === "number" ? s : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Today's backup, if it has not been made: `changedSince(t)` names the cases saved after store-clock time t.
   * Runs after any backup still running; resolves with the folder made (or undefined).
   */
  run(now: Date, changedSince: (t: number) => string[]): Promise<string | undefined> {
    const next = this.running.then(() => this.backup(now, changedSince));
    this.running = next.catch(() => undefined);
    return next;
  }

  idle(): Promise<unknown> {
    return this.running;
  }

  private async backup(now: Date, changedSince: (t: number) => string[]): Promise<string | undefined> {
    const day = now.toISOString().slice(0, 10);
    const cases = join(this.dataDir, "cases");
    const base = join(this.root, "base");
    const target = join(this.root, day);
    let made: string | undefined;
    if (!existsSync(target) && existsSync(cases)) {
      await mkdir(this.root, { recursive: true });
      const state = this.readState();
      let ids: string[];
      if (!existsSync(base)) {
        // The first backup (or base was removed): everything, once, as the base.
        await this.copyAll(cases, `${base}.partial`);
        await rename(`${base}.partial`, base);
        ids = [];
      } else
        ids = state
          ? changedSince(state.last)
          : (await readdir(cases)).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
      const tmp = `${target}.partial`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      for (const id of ids) await copyIfThere(join(cases, `${id}.json`), join(tmp, `${id}.json`));
      await rename(tmp, target);
      await writeFile(this.statePath(), JSON.stringify({ last: now.getTime() }));
      made = target;
    }
    await this.prune(base);
    return made;
  }

  private async copyAll(from: string, to: string) {
    await rm(to, { recursive: true, force: true });
    await mkdir(to, { recursive: true });
    for (const f of await readdir(from)) if (f.endsWith(".json")) await copyIfThere(join(from, f), join(to, f));
  }

  /** Day folders past the newest `keep` are merged into base, oldest first. */
  private async prune(base: string) {
    if (!existsSync(this.root)) return;
    const days = (await readdir(this.root)).filter((d) => DAY.test(d)).sort();
    for (const old of days.slice(0, Math.max(0, days.length - this.keep))) {
      const dir = join(this.root, old);
      mkdirSync(base, { recursive: true });
      for (const f of await readdir(dir)) await rename(join(dir, f), join(base, f));
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function copyIfThere(from: string, to: string) {
  try {
    await copyFile(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
