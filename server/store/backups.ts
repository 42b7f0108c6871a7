/** Rotating daily backups: DATA_DIR/backups/YYYY-MM-DD/ holds a copy of every case file; the newest N days are kept. */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

export function runBackups(dataDir: string, now: Date, keep: number): string | undefined {
  const day = now.toISOString().slice(0, 10);
  const root = join(dataDir, "backups");
  const target = join(root, day);
  const cases = join(dataDir, "cases");
  let made: string | undefined;
  // A backup cut short by a crash (any day's) is never finished: remove it.
  if (existsSync(root))
    for (const d of readdirSync(root).filter((x) => x.endsWith(".partial")))
      rmSync(join(root, d), { recursive: true, force: true });
  if (!existsSync(target) && existsSync(cases)) {
    mkdirSync(root, { recursive: true });
    const tmp = `${target}.partial`;
    cpSync(cases, tmp, { recursive: true, filter: (src) => !src.endsWith(".tmp") });
    renameSync(tmp, target); // a half-made backup is never mistaken for a whole one
    made = target;
  }
  const days = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
        .sort()
    : [];
  for (const old of days.slice(0, Math.max(0, days.length - keep)))
    rmSync(join(root, old), { recursive: true, force: true });
  return made;
}
