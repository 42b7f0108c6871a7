/** Conversation storage stays bounded: a count cap (longest idle dropped), turns and bytes per conversation, a purge timer. */
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStore } from "../../server/assistant/conversations.js";
import type { ConversationState } from "../../server/assistant/state.js";
import { LimitReached } from "../../server/store/limits.js";

const stores: ConversationStore[] = [];
const make = (dir: string, now: () => Date, limits: ConstructorParameters<typeof ConversationStore>[3] = {}) => {
  const s = new ConversationStore(dir, 3_600_000, now, limits);
  stores.push(s);
  return s;
};
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});
const tmp = () => mkdtempSync(join(tmpdir(), "pathway-conv-"));
const files = (dir: string) => readdirSync(join(dir, "conversations")).filter((f) => f.endsWith(".json"));
const turn = (text: string) => ({ from: "user" as const, text, at: "2027-01-05T10:00:00Z" });

describe("conversation storage", () => {
  it("keeps at most maxConversations, dropping the one idle longest, on disk as well", async () => {
    const dir = tmp();
    let t = Date.parse("2027-01-05T10:00:00Z");
    const now = () => new Date(t);
    const s = make(dir, now, { maxConversations: 3 });
    const made: ConversationState[] = [];
    for (let i = 0; i < 3; i++) {
      t += 1000;
      const c = s.create();
      await s.save(c);
      made.push(c);
    }
    // The first is used again, so the second is now the one idle longest.
    t += 1000;
    await s.save(made[0]!);
    const fourth = s.create();
    t += 1000;
    await s.save(fourth);
    expect(s.size).toBe(3);
    expect(await s.get(made[1]!.id)).toBeUndefined();
    expect(await s.get(made[0]!.id)).toBeDefined();
    expect(files(dir).sort()).toEqual([made[0]!.id, made[2]!.id, fourth.id].map((id) => `${id}.json`).sort());
    // An unsaved conversation is not counted (a failed question leaves nothing behind).
    s.create();
    expect(s.size).toBe(3);
    // At start-up the cap applies to what is on disk, longest idle first.
    const again = make(dir, now, { maxConversations: 2 });
    expect(again.size).toBe(2);
    expect(await again.get(made[2]!.id)).toBeUndefined();
    expect(files(dir)).toHaveLength(2);
  });

  it("many new conversations (as from anonymous /api/ask calls) leave at most maxConversations files", async () => {
    const dir = tmp();
    const s = make(dir, () => new Date(), { maxConversations: 50 });
    for (let i = 0; i < 300; i++) await s.save(s.create());
    expect(s.size).toBe(50);
    expect(files(dir)).toHaveLength(50);
  }, 30_000);

  it("keeps at most maxTurns turns and maxBytes per conversation, the oldest going first", async () => {
    const dir = tmp();
    const s = make(dir, () => new Date(), { maxTurns: 10, maxBytes: 16 * 1024 });
    const c = s.create();
    for (let i = 0; i < 25; i++) c.history.push(turn(`message ${i}`));
    await s.save(c);
    expect(c.history.map((h) => h.text)).toEqual(Array.from({ length: 10 }, (_, i) => `message ${i + 15}`));
    for (let i = 0; i < 8; i++) c.history.push(turn(`${i} ${"x".repeat(3000)}`));
    await s.save(c);
    const size = statSync(join(dir, "conversations", `${c.id}.json`)).size;
    expect(size).toBeLessThanOrEqual(16 * 1024);
    expect(c.history.at(-1)!.text).toMatch(/^7 x/);
    expect(c.history.length).toBeLessThan(10);
    // A conversation too big even without its transcript is refused, and left as it was on disk.
    c.assumptions.push("y".repeat(20 * 1024));
    await expect(s.save(c)).rejects.toBeInstanceOf(LimitReached);
    expect(statSync(join(dir, "conversations", `${c.id}.json`)).size).toBe(size);
  });

  it("purges expired conversations on a timer, not only at start-up", async () => {
    const dir = tmp();
    let t = Date.parse("2027-01-05T10:00:00Z");
    const s = make(dir, () => new Date(t), { purgeEveryMs: 50 });
    const c = s.create();
    await s.save(c);
    expect(files(dir)).toHaveLength(1);
    t += 3_600_001; // past the one-hour TTL; nobody asks for it
    await new Promise((r) => setTimeout(r, 200));
    expect(files(dir)).toHaveLength(0);
    expect(existsSync(join(dir, "conversations", `${c.id}.json`))).toBe(false);
  });

  it("holds only the most recently used in memory; the others are read from disk when asked for", async () => {
    const dir = tmp();
    const s = make(dir, () => new Date(), { cached: 2 });
    const made: ConversationState[] = [];
    for (let i = 0; i < 5; i++) {
      const c = s.create();
      c.history.push(turn(`message ${i}`));
      await s.save(c);
      made.push(c);
    }
    expect(s.size).toBe(5);
    expect(s.inMemory).toBe(2);
    const first = await s.get(made[0]!.id);
    expect(first?.history[0]?.text).toBe("message 0");
    expect(s.inMemory).toBe(2);
    // A new store on the same folder reads only each file's head to know what it holds.
    const again = make(dir, () => new Date(), { cached: 2 });
    expect(again.size).toBe(5);
    expect(again.inMemory).toBe(0);
    expect((await again.get(made[4]!.id))?.history[0]?.text).toBe("message 4");
  });

  it("saves different conversations side by side, and one conversation's saves in order", async () => {
    const dir = tmp();
    const s = make(dir, () => new Date());
    const a = s.create();
    const b = s.create();
    const order: string[] = [];
    const saves = [
      s.save(a).then(() => order.push("a1")),
      s.save(b).then(() => order.push("b1")),
      s.save(a).then(() => order.push("a2")),
    ];
    await Promise.all(saves);
    expect(order.indexOf("a1")).toBeLessThan(order.indexOf("a2"));
    expect(files(dir).sort()).toEqual([`${a.id}.json`, `${b.id}.json`].sort());
  });

  it("lets go of a damaged conversation file instead of failing", async () => {
    const dir = tmp();
    const s = make(dir, () => new Date(), { cached: 0 });
    const c = s.create();
    await s.save(c);
    writeFileSync(join(dir, "conversations", `${c.id}.json`), '{"id":"broken');
    expect(await s.get(c.id)).toBeUndefined();
    expect(s.size).toBe(0);
  });
});
