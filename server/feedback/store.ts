/**
 * Where feedback is kept. The app uses the FeedbackStore interface; the file store appends one JSON line per
 * record to DATA_DIR/feedback.jsonl and keeps at most `maxLines` (the oldest tenth is dropped when full). With
 * DATABASE_URL it is PostgreSQL (server/store/pg/feedback.ts), with the same limit.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../store/atomic-file.js";
import { newId } from "../store/case-ops.js";
import { explainFsError } from "../store/store.js";
import { FeedbackLine, type FeedbackItem, type NewFeedback, type NewResolution, type Resolution } from "./model.js";

export interface FeedbackStore {
  add(item: NewFeedback): Promise<FeedbackItem>;
  /** Marks every record of a question made so far as dealt with. */
  resolve(r: NewResolution): Promise<Resolution>;
  /** Everything kept, oldest first. */
  lines(): Promise<readonly FeedbackLine[]>;
  /** Resolves once every write asked for so far has finished. */
  close(): Promise<void>;
}

export const FEEDBACK_FILE = "feedback.jsonl";
export const MAX_FEEDBACK_LINES = 20_000;

export interface FileFeedbackOptions {
  maxLines?: number;
  now?: () => Date;
}

export class FileFeedbackStore implements FeedbackStore {
  readonly path: string;
  private readonly maxLines: number;
  private readonly now: () => Date;
  private items: FeedbackLine[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string, opts: FileFeedbackOptions = {}) {
    this.path = join(dataDir, FEEDBACK_FILE);
    this.maxLines = opts.maxLines ?? MAX_FEEDBACK_LINES;
    this.now = opts.now ?? (() => new Date());
    mkdirSync(dataDir, { recursive: true });
    if (!existsSync(this.path)) return;
    let skipped = 0;
    for (const line of readFileSync(this.path, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = FeedbackLine.safeParse(JSON.parse(line));
        if (parsed.success) this.items.push(parsed.data);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    // Feedback is not worth refusing to start for: a damaged line is skipped (and dropped at the next trim).
    if (skipped) console.warn(`${this.path}: ${skipped} unreadable line(s) skipped`);
  }

  async lines(): Promise<readonly FeedbackLine[]> {
    return this.items;
  }

  /** What is kept, without waiting (the file store holds it in memory). */
  linesNow(): readonly FeedbackLine[] {
    return this.items;
  }

  add(item: NewFeedback): Promise<FeedbackItem> {
    return this.append({ ...item, type: "feedback", id: newId(), at: this.now().toISOString() });
  }

  resolve(r: NewResolution): Promise<Resolution> {
    return this.append({ ...r, type: "resolved", at: this.now().toISOString() });
  }

  close(): Promise<void> {
    return this.queue.then(() => {});
  }

  /** One write at a time; a record is in memory only once it is on disk. */
  private append<T extends FeedbackLine>(line: T): Promise<T> {
    const next = this.queue.then(async () => {
      try {
        await mkdir(join(this.path, ".."), { recursive: true });
        if (this.items.length + 1 > this.maxLines) {
          const keep = [...this.items.slice(-Math.floor(this.maxLines * 0.9) + 1), line];
          await writeFileAtomic(this.path, keep.map((l) => `${JSON.stringify(l)}\n`).join(""));
          this.items = keep;
        } else {
          await appendFile(this.path, `${JSON.stringify(line)}\n`, { encoding: "utf8", mode: 0o600 });
          this.items.push(line);
        }
      } catch (e) {
        throw explainFsError(e, "the feedback");
      }
      return line;
    });
    this.queue = next.catch(() => {});
    return next;
  }
}
