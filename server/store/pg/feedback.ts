/**
 * Feedback in PostgreSQL (`feedback`: one row a record, in the order made), shared by every instance on the
 * database. Same limit as the file: at most `maxLines`; when full, the oldest tenth is let go.
 */
import type pg from "pg";
import { MAX_FEEDBACK_LINES, type FeedbackStore } from "../../feedback/store.js";
import type { FeedbackItem, FeedbackLine, NewFeedback, NewResolution, Resolution } from "../../feedback/model.js";
import { newId } from "../case-ops.js";
import { explainDbError } from "./pool.js";

export class PgFeedbackStore implements FeedbackStore {
  private pending = new Set<Promise<unknown>>();
  private readonly maxLines: number;
  private readonly now: () => Date;

  constructor(
    private readonly pool: pg.Pool,
    opts: { maxLines?: number; now?: () => Date } = {},
  ) {
    this.maxLines = opts.maxLines ?? MAX_FEEDBACK_LINES;
    this.now = opts.now ?? (() => new Date());
  }

  add(item: NewFeedback): Promise<FeedbackItem> {
    return this.append({ ...item, type: "feedback", id: newId(), at: this.now().toISOString() });
  }

  resolve(r: NewResolution): Promise<Resolution> {
    return this.append({ ...r, type: "resolved", at: this.now().toISOString() });
  }

  async lines(): Promise<readonly FeedbackLine[]> {
    try {
      const { rows } = await this.pool.query<{ line: FeedbackLine }>("SELECT line FROM feedback ORDER BY seq");
      return rows.map((r) => r.line);
    } catch (e) {
      throw explainDbError(e, "read the feedback");
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private append<T extends FeedbackLine>(line: T): Promise<T> {
    const run = (async () => {
      try {
        await this.pool.query("INSERT INTO feedback (line) VALUES ($1)", [JSON.stringify(line)]);
        // Trimmed only once over the limit (as the file store), to nine tenths of it.
        await this.pool.query(
          `WITH kept AS (SELECT count(*)::int AS n FROM feedback)
           DELETE FROM feedback WHERE (SELECT n FROM kept) > $1::int AND seq IN (
             SELECT seq FROM feedback ORDER BY seq LIMIT greatest(0, (SELECT n FROM kept) - $2::int))`,
          [this.maxLines, Math.floor(this.maxLines * 0.9)],
        );
      } catch (e) {
        throw explainDbError(e, "save the feedback");
      }
      return line;
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run)).catch(() => {});
    return run;
  }
}
