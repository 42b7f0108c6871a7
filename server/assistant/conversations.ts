/**
 * Where conversations are kept so a reload keeps them; they expire. The app uses the `Conversations` interface:
 * the file store here (DATA_DIR/conversations/<id>.json, written atomically) is the default; with DATABASE_URL it
 * is PostgreSQL (server/store/pg/conversations.ts), so every instance sharing the database sees every conversation.
 * Bounded: at most `maxConversations` are kept (the longest idle is let go first), each at most `maxTurns` turns
 * and `maxBytes` (the oldest turns are let go first), and expired ones are purged on a timer as well as
 * at start-up.
 *
 * The file store holds in memory only an index (id → when last saved) and the few hundred conversations used most
 * recently; the others are read from their file when asked for, so memory does not grow with the number kept.
 * Saves of one conversation are made one after another; different conversations never wait for each other. Files
 * are replaced atomically (never half a file) but not fsync'd: a crash may cost the last turn of a chat, and no
 * reply waits on the disk. Cases, which matter, are fsync'd (server/store/file-store.ts).
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, readdirSync, unlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
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
  /** Conversations the file store holds in memory, the most recently used; the rest are read when asked for. */
  cached: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = {
  maxConversations: 5000,
  maxTurns: 200,
  maxBytes: 64 * 1024,
  purgeEveryMs: 10 * 60_000,
  cached: 200,
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
  // id and updatedAt first: the file store reads only the head of each file at start-up.
  const json = () => {
    const { id, updatedAt, ...rest } = c;
    return JSON.stringify({ id, updatedAt, ...rest });
  };
  let text = json();
  let size = Buffer.byteLength(text);
  while (size > maxBytes && c.history.length > 2) {
    const drop = Math.min(c.history.length - 2, Math.max(1, Math.ceil((c.history.length * (size - maxBytes)) / size)));
    c.history.splice(0, drop);
    text = json();
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

/** A conversation file starts with its id and when it was last saved (fitConversation): start-up reads only that. */
const HEAD_BYTES = 256;
const UPDATED_AT = /"updatedAt":"([^"]+)"/;
const ID = /^[a-f0-9]{16}$/;

export class ConversationStore implements Conversations {
  /** Every kept conversation's id and when it was last saved (ms), the one idle longest first. */
  private readonly index = new Map<string, number>();
  /** The most recently used conversations, the least recently used first; at most `limits.cached`. */
  private readonly cache = new Map<string, ConversationState>();
  /** Saves under way, per conversation. */
  private readonly saving = new Map<string, Promise<unknown>>();
  private readonly dir: string;
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
    const found: [string, number][] = [];
    for (const f of readdirSync(this.dir)) {
      const id = f.endsWith(".json") ? f.slice(0, -5) : "";
      if (ID.test(id)) found.push([id, this.savedAt(join(this.dir, f))]);
    }
    found.sort((a, b) => a[1] - b[1]);
    for (const [id, at] of found) this.index.set(id, at);
    this.purge();
    this.timer = setInterval(() => this.purge(), this.limits.purgeEveryMs);
    this.timer.unref();
  }

  /** When a conversation file was last saved, from its first bytes (for a damaged one, the file's time). */
  private savedAt(path: string): number {
    try {
      const fd = openSync(path, "r");
      try {
        const head = Buffer.alloc(HEAD_BYTES);
        const n = readSync(fd, head, 0, HEAD_BYTES, 0);
        const at = Date.parse(UPDATED_AT.exec(head.toString("utf8", 0, n))?.[1] ?? "");
        return at > 0 ? at : fstatSync(fd).mtimeMs;
      } finally {
        closeSync(fd);
      }
    } catch {
      return 0; // unreadable: it goes at the next purge
    }
  }

  /** How many conversations are kept. */
  get size(): number {
    return this.index.size;
  }

  /** How many are held in memory (at most `limits.cached`). */
  get inMemory(): number {
    return this.cache.size;
  }

  private expired(savedAt: number) {
    return this.now().getTime() - savedAt > this.ttlMs || !(savedAt > 0);
  }

  private drop(id: string) {
    this.index.delete(id);
    this.cache.delete(id);
    try {
      unlinkSync(join(this.dir, `${id}.json`));
    } catch {
      /* already gone */
    }
  }

  /** Removes expired conversations, then the longest idle while over the count limit; returns how many went. */
  purge(): number {
    let dropped = 0;
    for (const [id, at] of [...this.index])
      if (this.expired(at)) {
        this.drop(id);
        dropped++;
      }
    for (const id of this.index.keys()) {
      if (this.index.size <= this.limits.maxConversations) break;
      this.drop(id);
      dropped++;
    }
    return dropped;
  }

  /** How many conversations are kept. */
  async count(): Promise<number> {
    return this.index.size;
  }

  private remember(c: ConversationState) {
    this.cache.delete(c.id);
    this.cache.set(c.id, c);
    for (const id of this.cache.keys()) {
      if (this.cache.size <= this.limits.cached) break;
      this.cache.delete(id);
    }
  }

  /** From memory when used lately, else read from its file. */
  async get(id: string): Promise<ConversationState | undefined> {
    const at = ID.test(id) ? this.index.get(id) : undefined;
    if (at === undefined) return undefined;
    if (this.expired(at)) {
      this.purge();
      return undefined;
    }
    let c = this.cache.get(id);
    if (!c) {
      try {
        const read = JSON.parse(await readFile(join(this.dir, `${id}.json`), "utf8")) as ConversationState;
        if (!read || read.id !== id || !Array.isArray(read.history)) throw new Error("not a conversation");
        c = read;
      } catch {
        // A damaged conversation is not worth stopping for: it is only a chat transcript. It is let go.
        if (this.index.get(id) === at) this.drop(id);
        return undefined;
      }
      // Saved again while it was being read: the newer one is in the cache.
      c = this.cache.get(id) ?? c;
    }
    this.remember(c);
    return c;
  }

  /** A new conversation; it is kept (and counted) once saved. */
  create(): ConversationState {
    return emptyState(newId(), this.now().toISOString());
  }

  /** The conversation in memory changes only once it is on disk; one conversation's saves go one after another. */
  save(c: ConversationState): Promise<void> {
    const before = this.saving.get(c.id) ?? Promise.resolve();
    const done = before.then(() => this.write(c));
    const settled = done.catch(() => {});
    this.saving.set(c.id, settled);
    void settled.then(() => {
      if (this.saving.get(c.id) === settled) this.saving.delete(c.id);
    });
    return done;
  }

  private async write(c: ConversationState): Promise<void> {
    c.updatedAt = this.now().toISOString();
    const text = fitConversation(c, this.limits);
    try {
      await writeFileAtomic(join(this.dir, `${c.id}.json`), text, { durable: false });
    } catch (e) {
      throw explainFsError(e, "the conversation");
    }
    this.index.delete(c.id); // re-inserted at the end: the most recently active
    this.index.set(c.id, Date.parse(c.updatedAt));
    this.remember(c);
    for (const id of this.index.keys()) {
      if (this.index.size <= this.limits.maxConversations) break;
      this.drop(id);
    }
  }

  /** Stops the purge timer (it never keeps the process alive anyway). */
  close() {
    clearInterval(this.timer);
  }
}
