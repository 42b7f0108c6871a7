/**
 * The audit trail is never truncated (issue 14): entries that would take a case file past its size cap (or past
 * MAX_AUDIT) move to the case's archive, oldest first, and the whole trail reads back in order — on the history
 * page, in the export, and again after a restart. An archive line the case file never confirmed is ignored.
 */
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileCaseStore } from "../../server/store/file-store.js";

const NEW = {
  reference: "ARCH-1",
  procedures: "bolton",
  versions: {},
  children: [{ id: "AB", dateOfBirth: "2017-05-01" }],
};

describe("the audit archive", () => {
  it("moves the oldest entries out of a full case file and keeps every one, in order, across a restart", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pathway-archive-"));
    let store = await FileCaseStore.open(dataDir, { limits: { maxCaseBytes: 16 * 1024 } });
    const rec = await store.create(NEW, "Pat North");
    const n = 300;
    for (let i = 0; i < n; i++)
      await store.update(rec.id, "Pat North", `change ${i}`, () => ({ after: { note: `a note of some length ${i}` } }));
    const now = (await store.get(rec.id))!;
    expect(now.audit.length).toBeLessThan(n);
    expect(now.auditArchived).toBe(n + 1 - now.audit.length);
    const archived = await store.archivedAudit(rec.id, now.auditArchived!);
    const all = [...archived, ...now.audit];
    expect(all.map((e) => e.change)).toEqual(["case created", ...Array.from({ length: n }, (_, i) => `change ${i}`)]);
    expect(readFileSync(join(dataDir, "cases", `${rec.id}.json`)).length).toBeLessThanOrEqual(16 * 1024);

    // A line appended by a write whose case file never landed is not part of the trail, and is cut off next time.
    appendFileSync(
      join(dataDir, "audit", `${rec.id}.jsonl`),
      `${JSON.stringify({ at: "x", by: "ghost", change: "never" })}\n`,
    );
    await store.close();
    store = await FileCaseStore.open(dataDir, { limits: { maxCaseBytes: 16 * 1024 } });
    const again = (await store.get(rec.id))!;
    expect((await store.archivedAudit(rec.id, again.auditArchived!)).map((e) => e.by)).not.toContain("ghost");
    for (let i = 0; i < 50; i++)
      await store.update(rec.id, "Sam", `later ${i}`, () => ({ after: { note: `more text ${i}` } }));
    const last = (await store.get(rec.id))!;
    const trail = [...(await store.archivedAudit(rec.id, last.auditArchived!)), ...last.audit];
    expect(trail.length).toBe(n + 1 + 50);
    expect(trail.map((e) => e.by)).not.toContain("ghost");
    expect(trail.at(-1)!.change).toBe("later 49");
    await store.close();
  });
});
