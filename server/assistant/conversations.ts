/**
 * Where conversations are kept so a reload keeps them; they expire. The app uses the `Conversations` interface:
 * the file store here (DATA_DIR/conversations/<id>.json, written atomically) is the default; with DATABASE_URL it
 * is PostgreSQL (server/store/pg/conversations.ts), so every instance sharing the database sees every conversation.
 * Bounded: at most `maxConversations` are kept (the longest idle is let go first), each at most `maxTurns` turns
 * and `maxBytes` (the oldest turns are let go first), and expired ones are purged on a timer as well as
 * at start-up.
 */
import { mkdirSync, readFileSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { removeOrphanTemps, writeFileAtomic } from "../store/atomic-file.js";
import { newId } from "../store/case-ops.js";
import { LimitReached } from "../store/limits.js";
import { explainFsError, explainStartupError } from "../store/store.js";
import { emptyState, type ConversationState } from "./state.js";

export interface ConversationLimits {
  /** Conversations kept (CONVERSATION_MAX); past it the one idle longest is dropped. */
  maxConversations: number;
  /** Turns (a message or a reply) kept per conversation (CONVERSATION_MAX_TURNS). */
  maxTurns: number;
  /** Bytes per conversation file (CONVERSATION_MAX_KB × 1024). */
  maxBytes: number;
  /** How often expired conversations are purged. */
  purgeEveryMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = {
  maxConversations: 5000,
  maxTurns: 200,
  maxBytes: 64 * 1024,
  purgeEveryMs: 10 * 60_000,
};

export interface Conversations {
  readonly limits: ConversationLimits;
  /** The conversation, or undefined when there is none by that id or it has expired. */
  get(id: string): Promise<ConversationState | undefined>;
  /** A new conversation; it is kept (and counted) once saved. */
  create(): ConversationState;
  /** Saves it (its `updatedAt` becomes now); the oldest turns go first to keep it within the limits. */
  save(c: ConversationState): Promise<void>;
  /** Removes expired conversations, then the longest idle while over the count limit; returns how many went. */
  purge(): number | Promise<number>;
  /** How many are kept. */
  count(): Promise<number>;
  close(): void | Promise<void>;
}

/**
 * The oldest turns go first to keep a conversation within maxTurns and maxBytes; returns its JSON text, or refuses
 * (LimitReached) one too big even with two turns.
 */
export function fitConversation(
  c: ConversationState,
  limits: Pick<ConversationLimits, "maxTurns" | "maxBytes">,
): string {
  const { maxTurns, maxBytes } = limits;
  if (c.history.length > maxTurns) c.history.splice(0, c.history.length - maxTurns);
  let text = JSON.stringify(c);
  let size = Buffer.byteLength(text);
  while (size > maxBytes && c.history.length > 2) {
    const drop = Math.min(c.history.length - 2, Math.max(1, Math.ceil((c.history.length * (size - maxBytes)) / size)));
    c.history.splice(0, drop);
    text = JSON.stringify(c);
    size = Buffer.byteLength(text);
  }
  if (size > maxBytes)
    throw new LimitReached(
      "conversation size",
      maxBytes,
      `This conversation has grown past ${Math.round(maxBytes / 1024)} KB, the most one may keep. Start a new conversation (or save this one as a case first).`,
    );
  return text;
}

export class ConversationStore implements Conversations {
  /** Saved conversations, the one idle longest first (a save moves a conversation to the end). */
  private readonly items = new Map<string, ConversationState>();
  private readonly dir: string;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  readonly limits: ConversationLimits;

  constructor(
    dataDir: string,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
    limits: Partial<ConversationLimits> = {},
  ) {
    this.limits = { ...DEFAULT_CONVERSATION_LIMITS, ...limits };
    this.dir = join(dataDir, "conversations");
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      throw explainStartupError(e, dataDir, `creating ${this.dir}`);
    }
    removeOrphanTemps(this.dir);
    const loaded: ConversationState[] = [];
    for (const f of readdirSync(this.dir).filter((x) => x.endsWith(".json"))) {
      try {
        const c = JSON.parse(readFileSync(join(this.dir, f), "utf8")) as ConversationState;
        if (c && typeof c.id === "string" && `${c.id}.json` === f && Array.isArray(c.history)) loaded.push(c);
      } catch {
        // A damaged conversation is not worth stopping for: it is only a chat transcript; it expires like the rest.
      }
    }
    loaded.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
    for (const c of loaded) this.items.set(c.id, c);
    this.purge();
    this.timer = setInterval(() => this.purge(), this.limits.purgeEveryMs);
    this.timer.unref();
  }

  /** How many conversations are kept. */
  get size(): number {
    return this.items.size;
  }

  private expired(c: ConversationState) {
    return this.now().getTime() - Date.parse(c.updatedAt) > this.ttlMs || !(Date.parse(c.updatedAt) > 0);
  }

  private drop(id: string) {
    this.items.delete(id);
    try {
      unlinkSync(join(this.dir, `${id}.json`));
    } catch {
      /* already gone */
    }
  }

  /** Removes expired conversations, then the longest idle while over the count limit; returns how many went. */
  purge(): number {
    let dropped = 0;
    for (const c of [...this.items.values()])
      if (this.expired(c)) {
        this.drop(c.id);
        dropped++;
      }
    for (const id of this.items.keys()) {
      if (this.items.size <= this.limits.maxConversations) break;
      this.drop(id);
      dropped++;
    }
    return dropped;
  }

  /** How many conversations are kept. */
  async count(): Promise<number> {
    return this.items.size;
  }

  async get(id: string): Promise<ConversationState | undefined> {
    const c = /^[a-f0-9]{16}$/.test(id) ? this.items.get(id) : undefined;
    if (c && this.expired(c)) {
      this.purge();
      return undefined;
    }
    return c;
  }

  /** A new conversation; it is kept (and counted) once saved. */
  create(): ConversationState {
    return emptyState(newId(), this.now().toISOString());
  }

  /** Saved one at a time (one writer); the conversation in memory changes only once it is on disk. */
  save(c: ConversationState): Promise<void> {
    const next = this.queue.then(async () => {
      c.updatedAt = this.now().toISOString();
      const text = fitConversation(c, this.limits);
      try {
        await writeFileAtomic(join(this.dir, `${c.id}.json`), text);
      } catch (e) {
        throw explainFsError(e, "the conversation");
      }
      this.items.delete(c.id); // re-inserted at the end: the most recently active
      this.items.set(c.id, c);
      for (const id of this.items.keys()) {
        if (this.items.size <= this.limits.maxConversations) break;
        this.drop(id);
      }
    });
    this.queue = next.catch(() => {});
    return next;
  }

  /** Stops the purge timer (it never keeps the process alive anyway). */
  close() {
    clearInterval(this.timer);
  }
}
