/**
 * A case's archived audit entries (issue 14: the audit trail is never truncated). When a case file would pass its
 * size cap or MAX_AUDIT entries, its oldest entries move here, DATA_DIR/audit/<case id>.jsonl, one JSON line each,
 * oldest first — appended and fsync'd before the case file that counts them (`auditArchived`) is written. Lines
 * past that count (an append whose case write then failed) are ignored when read and cut off before the next append.
 */
import { mkdirSync } from "node:fs";
import { open, readFile, truncate } from "node:fs/promises";
import { join } from "node:path";
import type { AuditEntry } from "./schema.js";

export class AuditArchive {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private path(id: string) {
    return join(this.dir, `${id}.jsonl`);
  }

  /** The first `count` archived entries of the case (all it has, when fewer). */
  async read(id: string, count: number): Promise<AuditEntry[]> {
    if (count <= 0) return [];
    let text: string;
    try {
      text = await readFile(this.path(id), "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw e;
    }
    const out: AuditEntry[] = [];
    for (const line of text.split("\n")) {
      if (out.length >= count) break;
      if (line) out.push(JSON.parse(line) as AuditEntry);
    }
    return out;
  }

  /** Appends `entries` after the first `already` lines (dropping any unconfirmed ones), and syncs the file. */
  async append(id: string, already: number, entries: AuditEntry[]): Promise<void> {
    const path = this.path(id);
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    let keep = 0;
    let lines = 0;
    while (lines < already) {
      const end = text.indexOf("\n", keep);
      if (end < 0) break;
      keep = end + 1;
      lines++;
    }
    if (keep < text.length) await truncate(path, Buffer.byteLength(text.slice(0, keep)));
    const fh = await open(path, "a", 0o600);
    try {
      await fh.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}
