/** Conversations on disk (DATA_DIR/conversations/<id>.json, written atomically) so a reload keeps them; they expire. */
import { mkdirSync, readFileSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../store/atomic-file.js";
import { newId } from "../store/file-store.js";
import { explainFsError } from "../store/store.js";
import { emptyState, type ConversationState } from "./state.js";

export class ConversationStore {
  private readonly items = new Map<string, ConversationState>();
  private readonly dir: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dir = join(dataDir, "conversations");
    mkdirSync(this.dir, { recursive: true });
    for (const f of readdirSync(this.dir).filter((x) => x.endsWith(".json"))) {
      try {
        const c = JSON.parse(readFileSync(join(this.dir, f), "utf8")) as ConversationState;
        if (c && typeof c.id === "string" && Array.isArray(c.history)) this.items.set(c.id, c);
      } catch {
        // A damaged conversation is not worth stopping for: it is only a chat transcript; it expires like the rest.
      }
    }
    this.purge();
  }

  private expired(c: ConversationState) {
    return this.now().getTime() - Date.parse(c.updatedAt) > this.ttlMs;
  }

  purge() {
    for (const c of this.items.values())
      if (this.expired(c)) {
        this.items.delete(c.id);
        try {
          unlinkSync(join(this.dir, `${c.id}.json`));
        } catch {
          /* already gone */
        }
      }
  }

  get(id: string): ConversationState | undefined {
    const c = /^[a-f0-9]{16}$/.test(id) ? this.items.get(id) : undefined;
    if (c && this.expired(c)) {
      this.purge();
      return undefined;
    }
    return c;
  }

  create(): ConversationState {
    const c = emptyState(newId(), this.now().toISOString());
    this.items.set(c.id, c);
    return c;
  }

  /** Saved one at a time (one writer); the conversation in memory changes only once it is on disk. */
  save(c: ConversationState): Promise<void> {
    const next = this.queue.then(async () => {
      c.updatedAt = this.now().toISOString();
      try {
        await writeFileAtomic(join(this.dir, `${c.id}.json`), JSON.stringify(c));
      } catch (e) {
        throw explainFsError(e, "the conversation");
      }
      this.items.set(c.id, c);
    });
    this.queue = next.catch(() => {});
    return next;
  }
}
