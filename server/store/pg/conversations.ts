/**
 * Conversations in PostgreSQL (`conversations`: id, last active, the state as JSONB), shared by every instance on
 * the database, so a user's next message may reach any of them. Same limits as the file store: expiry after the
 * idle time (purged on a timer and at start-up), at most `maxConversations` (the longest idle go first), each at
 * most `maxTurns` turns and `maxBytes` (the oldest turns go first). Saves of one conversation queue; different
 * conversations save side by side.
 */
import type pg from "pg";
import {
  type ConversationLimits,
  type Conversations,
  DEFAULT_CONVERSATION_LIMITS,
  fitConversation,
} from "../../assistant/conversations.js";
import { type ConversationState, emptyState } from "../../assistant/state.js";
import { KeyedQueue, newId } from "../case-ops.js";
import { explainDbError } from "./pool.js";

export class PgConversationStore implements Conversations {
  readonly limits: ConversationLimits;
  private readonly queue = new KeyedQueue();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
    limits: Partial<ConversationLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CONVERSATION_LIMITS, ...limits };
    void Promise.resolve(this.purge()).catch((e) => console.error(`Purging conversations failed: ${e.message}`));
    this.timer = setInterval(
      () =>
        void Promise.resolve(this.purge()).catch((e) => console.error(`Purging conversations failed: ${e.message}`)),
      this.limits.purgeEveryMs,
    );
    this.timer.unref();
  }

  private cutoff(): string {
    return new Date(this.now().getTime() - this.ttlMs).toISOString();
  }

  async get(id: string): Promise<ConversationState | undefined> {
    if (!/^[a-f0-9]{16}$/.test(id)) return undefined;
    try {
      const { rows } = await this.pool.query<{ state: ConversationState }>(
        "SELECT state FROM conversations WHERE id = $1 AND updated_at >= $2",
        [id, this.cutoff()],
      );
      return rows[0]?.state;
    } catch (e) {
      throw explainDbError(e, "read the conversation");
    }
  }

  create(): ConversationState {
    return emptyState(newId(), this.now().toISOString());
  }

  save(c: ConversationState): Promise<void> {
    return this.queue.run(c.id, async () => {
      const draft = structuredClone(c);
      draft.updatedAt = this.now().toISOString();
      const text = fitConversation(draft, this.limits);
      try {
        const { rows } = await this.pool.query<{ inserted: boolean }>(
          `INSERT INTO conversations (id, updated_at, state) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at, state = excluded.state
           RETURNING (xmax = 0) AS inserted`,
          [draft.id, draft.updatedAt, text],
        );
        if (rows[0]?.inserted) await this.cap();
      } catch (e) {
        throw explainDbError(e, "save the conversation");
      }
      // The conversation in memory changes only once it is saved (as the file store).
      Object.assign(c, draft);
    });
  }

  /** The longest idle go while there are more than maxConversations. */
  private async cap(): Promise<number> {
    const r = await this.pool.query(
      `DELETE FROM conversations WHERE id IN (
         SELECT id FROM conversations ORDER BY updated_at DESC, id DESC OFFSET $1)`,
      [this.limits.maxConversations],
    );
    return r.rowCount ?? 0;
  }

  async purge(): Promise<number> {
    try {
      const r = await this.pool.query("DELETE FROM conversations WHERE updated_at < $1", [this.cutoff()]);
      return (r.rowCount ?? 0) + (await this.cap());
    } catch (e) {
      throw explainDbError(e, "purge expired conversations");
    }
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM conversations");
    return rows[0]!.n;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.queue.idle();
  }
}
