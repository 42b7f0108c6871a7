/** The store's own limits: cases, events per case, bytes per case file, and the name recorded with a change. */
import { statSync } from "node:fs";
import { join } from "node:path";
import { caseIds } from "../case-ids.js";
import { describe, expect, it } from "vitest";
import { FileCaseStore } from "../../server/store/file-store.js";
import { LimitReached, cleanName } from "../../server/store/limits.js";
import { KINDS } from "./kinds.js";
const input = (reference = "CAP") => ({ reference, procedures: "bolton", versions: {}, children: [] });
const event = (i: number) => ({
  id: `e${i}`,
  type: "cp_visit" as const,
  date: "2026-12-01",
  recordedAt: "2026-12-01T10:00:00Z",
  recordedBy: "t",
});

describe.each(KINDS)("store limits: $name", (kind) => {
  const openStore = async (limits = {}) => (await kind.open({ limits })).store;
  if (kind.skip) it.skip("needs PostgreSQL", () => {});
  else {
    it("refuses cases past maxCases, counting creates still in flight", async () => {
      const s = await openStore({ maxCases: 5 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => s.create(input(`C${i}`), "t")));
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
      const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
      expect(refused).toHaveLength(3);
      for (const e of refused) {
        expect(e).toBeInstanceOf(LimitReached);
        expect(e).toMatchObject({ what: "cases", limit: 5 });
      }
      expect(await caseIds(s)).toHaveLength(5);
      await expect(s.importCase(structuredClone(await s.get((await caseIds(s))[0]!)), "t")).rejects.toBeInstanceOf(
        LimitReached,
      );
    });

    it("refuses growth past maxEventsPerCase, not other changes", async () => {
      const s = await openStore({ maxEventsPerCase: 2 });
      const c = await s.create(input(), "t");
      await s.update(c.id, "t", "event added", (d) => {
        d.events.push(event(1), event(2));
      });
      const e = await s
        .update(c.id, "t", "event added", (d) => {
          d.events.push(event(3));
        })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LimitReached);
      expect((e as Error).message).toMatch(/has 2 events; a case may hold at most 2 \(MAX_EVENTS_PER_CASE\)/);
      expect((await s.get(c.id))!.events).toHaveLength(2);
      await s.update(c.id, "t", "action marked done", (d) => {
        d.done.push({ actionId: "bolton.x@2026-12-01", at: "2026-12-01T00:00:00Z", by: "t" });
      });
      expect((await s.get(c.id))!.done).toHaveLength(1);
    });

    it("keeps a case file under maxCaseBytes by letting go of the oldest audit entries, or refuses", async () => {
      const max = 24 * 1024;
      const s = await openStore({ maxCaseBytes: max });
      const c = await s.create(input(), "t");
      for (let i = 0; i < 60; i++)
        await s.update(c.id, "someone", "answer changed", () => ({ before: { note: "n".repeat(300) }, after: i }));
      if (s instanceof FileCaseStore)
        expect(statSync(join(s.dataDir, "cases", `${c.id}.json`)).size).toBeLessThanOrEqual(max);
      else expect(Buffer.byteLength(JSON.stringify(await s.get(c.id), null, 1))).toBeLessThanOrEqual(max);
      const audit = (await s.get(c.id))!.audit;
      expect(audit.length).toBeLessThan(61);
      expect(audit.at(-1)).toMatchObject({ change: "answer changed", after: 59 });
      // A change that cannot fit even with a one-entry audit trail is refused; the case stays as it was.
      const before = await s.get(c.id);
      const e = await s
        .update(c.id, "t", "action marked done", (d) => {
          for (let i = 0; i < 200; i++)
            d.done.push({
              actionId: `bolton.x:C${i}@2026-12-01`,
              at: "2026-12-01T00:00:00Z",
              by: "t",
              note: "z".repeat(200),
            });
        })
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(LimitReached);
      expect((e as Error).message).toMatch(
        /^A case file may take at most 24 KB, and this change would make case CAP larger\. Nothing was changed\.$/,
      );
      expect(await s.get(c.id)).toEqual(before);
    });

    it("records at most 60 printable characters of who made a change", async () => {
      const s = await openStore();
      const c = await s.create(input(), `\u0000A\nB\u202e${"c".repeat(100)}`);
      expect((await s.get(c.id))!.audit[0]!.by).toBe(`A B ${"c".repeat(56)}`);
      await s.update(c.id, "   ", "x", () => {});
      expect((await s.get(c.id))!.audit.at(-1)!.by).toBe("not given");
      expect(cleanName("🙂".repeat(70))).toBe("🙂".repeat(60));
      expect(cleanName(undefined)).toBe("not given");
      expect(cleanName("\u0007", "")).toBe("");
    });
  }
});
