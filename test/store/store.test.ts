import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { caseIds } from "../case-ids.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { StorageError } from "../../server/store/store.js";
import { SCHEMA_VERSION } from "../../server/store/schema.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), "pathway-store-"));
const open: FileCaseStore[] = [];
async function openStore(dir: string, opts = {}) {
  const s = await FileCaseStore.open(dir, opts);
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const event = (i: number) => ({
  id: `e${i}`,
  type: "cp_visit" as const,
  date: "2026-12-01",
  recordedAt: "2026-12-01T10:00:00Z",
  recordedBy: "t",
});

describe("file store", () => {
  it("creates DATA_DIR and a case file per case (the rest of the promises: contract.test.ts)", async () => {
    const dir = join(tmp(), "nested", "data");
    const s = await openStore(dir);
    const c = await s.create({ reference: "REF-1", procedures: "llr", versions: {}, children: [] }, "sw1");
    const onDisk = JSON.parse(readFileSync(join(dir, "cases", `${c.id}.json`), "utf8"));
    expect(onDisk).toMatchObject({ id: c.id, reference: "REF-1", schemaVersion: SCHEMA_VERSION });
  });

  it("reads only the index at start-up, then what changed on disk since; cases are read when asked for", async () => {
    const dir = tmp();
    const s = await openStore(dir);
    const made = [];
    for (let i = 0; i < 20; i++)
      made.push(await s.create({ reference: `IDX-${i}`, procedures: "bolton", versions: {}, children: [] }, "t"));
    await s.close();
    open.pop();
    // Changed on disk while Pathway was stopped (a restore, an edit): read again at start-up.
    const file = join(dir, "cases", `${made[3]!.id}.json`);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), reference: "EDITED" }));
    const again = await openStore(dir);
    expect((again as unknown as { cache: Map<string, unknown> }).cache.size).toBe(0);
    const { rows, total } = await again.list({ today: "2026-11-23", sort: "reference", offset: 0, limit: 50 });
    expect(total).toBe(20);
    expect(rows[0]!.reference).toBe("EDITED");
    expect((again as unknown as { cache: Map<string, unknown> }).cache.size).toBe(0);
    expect((await again.get(made[5]!.id))!.reference).toBe("IDX-5");
    // An index that is lost is rebuilt from the files.
    await again.close();
    open.pop();
    writeFileSync(join(dir, "index.jsonl"), "not json\n");
    const third = await openStore(dir);
    expect((await third.count()).open).toBe(20);
  });

  it("refuses a second writer on the same DATA_DIR", async () => {
    const dir = tmp();
    await openStore(dir);
    writeFileSync(join(dir, "pathway.lock"), String(process.ppid)); // a live process that is not us
    await expect(FileCaseStore.open(dir)).rejects.toThrow(/Another Pathway .* is using this DATA_DIR/);
  });

  it("stops on a corrupt case file with a clear message and never overwrites it", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "cases"), { recursive: true });
    const bad = join(dir, "cases", "abcdef12.json");
    writeFileSync(bad, '{"schemaVersion": 2, "id": "abcdef12", "refer');
    await expect(FileCaseStore.open(dir)).rejects.toThrow(/abcdef12\.json is not readable JSON.*has not been changed/);
    expect(readFileSync(bad, "utf8")).toBe('{"schemaVersion": 2, "id": "abcdef12", "refer');
    writeFileSync(bad, JSON.stringify({ schemaVersion: 2, id: "abcdef12", reference: "" }));
    await expect(FileCaseStore.open(dir)).rejects.toThrow(/does not hold a valid case/);
    expect(existsSync(join(dir, "pathway.lock"))).toBe(false);
  });

  it("migrates a version 1 file on load", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "cases"), { recursive: true });
    const v1 = {
      id: "abcdef12",
      reference: "OLD",
      procedures: "bolton",
      versions: {},
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-02T00:00:00Z",
      children: [],
      facts: {},
      events: [],
      doneActions: ["bolton.icpc@2024-12-01"],
      audit: [],
    };
    writeFileSync(join(dir, "cases", "abcdef12.json"), JSON.stringify(v1));
    const s = await openStore(dir);
    expect((await s.get("abcdef12"))!.done).toEqual([
      { actionId: "bolton.icpc@2024-12-01", at: "2025-01-02T00:00:00Z", by: "migration" },
    ]);
  });

  it("backs up what changed each day over a rolling base, in the background, keeping 7 days", async () => {
    const dir = tmp();
    let day = new Date("2026-11-01T09:00:00Z");
    let first = "";
    for (let i = 0; i < 10; i++) {
      const s = await FileCaseStore.open(dir, { backupsToKeep: 7, now: () => day });
      if (i === 0)
        first = (await s.create({ reference: "B", procedures: "bolton", versions: {}, children: [] }, "t")).id;
      if (i === 2) await s.create({ reference: "C", procedures: "bolton", versions: {}, children: [] }, "t");
      if (i === 5)
        await s.update(first, "t", "x", (d) => {
          d.reference = "B2";
        });
      await s.close();
      day = new Date(day.getTime() + 86_400_000);
    }
    const root = join(dir, "backups");
    const days = readdirSync(root)
      .filter((d) => /^\d{4}-/.test(d))
      .sort();
    expect(days).toEqual([
      "2026-11-04",
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
      "2026-11-08",
      "2026-11-09",
      "2026-11-10",
    ]);
    // Day folders hold only what changed since the day before; an unchanged day holds nothing.
    expect(readdirSync(join(root, "2026-11-07"))).toEqual([`${first}.json`]);
    expect(readdirSync(join(root, "2026-11-10"))).toEqual([]);
    // Base plus the day folders up to a day is every case as it was that day; base holds the first as it was
    // before its change, the second (made on day 3) is in that day's folder.
    expect(readdirSync(join(root, "base"))).toEqual([`${first}.json`]);
    expect(readdirSync(join(root, "2026-11-04"))).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(root, "base", `${first}.json`), "utf8")).reference).toBe("B");
    expect(JSON.parse(readFileSync(join(root, "2026-11-07", `${first}.json`), "utf8")).reference).toBe("B2");
  });
});

describe("file store: crashes and bad disks", () => {
  it("a process killed in the middle of writing leaves a readable store with every acknowledged change", async () => {
    for (const after of [5, 40, 120]) {
      const dir = tmp();
      const child = spawn(process.execPath, ["--import", "tsx", "test/store/writer-child.ts", dir], { cwd: ROOT });
      let out = "";
      const acked = await new Promise<number>((resolve) => {
        child.stdout.on("data", (d) => {
          out += d;
          const acks = out.match(/ack (\d+)/g) ?? [];
          if (acks.length >= after) {
            child.kill("SIGKILL");
          }
        });
        child.on("exit", () => resolve((out.match(/ack (\d+)/g) ?? []).length));
      });
      expect(acked).toBeGreaterThanOrEqual(after);
      const s = await openStore(dir);
      const ids = new Set((await s.get((await caseIds(s))[0]!))!.events.map((e) => e.id));
      for (let i = 0; i < acked; i++) expect(ids.has(`e${i}`), `ack ${i} lost`).toBe(true);
      expect(readdirSync(join(dir, "cases")).filter((f) => f.endsWith(".json"))).toHaveLength(1);
    }
  }, 60_000);

  // Real full and read-only disks need a small tmpfs, which needs root (as in CI); elsewhere these two are skipped.
  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(join(tmpdir(), "probe-"));
    const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]).status === 0;
    if (ok) spawnSync("umount", [probe]);
    return ok;
  })();

  it.runIf(canMount)(
    "a full DATA_DIR gives a clear error, keeps the last good copy and loses no acknowledged change",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "full-"));
      expect(spawnSync("mount", ["-t", "tmpfs", "-o", "size=96k", "tmpfs", dir]).status).toBe(0);
      try {
        const s = await openStore(dir);
        const c = await s.create({ reference: "FULL", procedures: "bolton", versions: {}, children: [] }, "t");
        let ok = 0;
        let failure: unknown;
        for (let i = 0; i < 2000 && !failure; i++) {
          try {
            await s.update(c.id, "t", "event added", (d) => {
              d.events.push({ ...event(i), recordedBy: "x".repeat(200) });
            });
            ok++;
          } catch (e) {
            failure = e;
          }
        }
        expect(failure).toBeInstanceOf(StorageError);
        expect((failure as Error).message).toMatch(/Could not save .*the disk is full/);
        expect((await s.get(c.id))!.events).toHaveLength(ok);
        const onDisk = JSON.parse(readFileSync(join(dir, "cases", `${c.id}.json`), "utf8"));
        expect(onDisk.events).toHaveLength(ok);
        expect(readdirSync(join(dir, "cases")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
      } finally {
        await Promise.all(open.splice(0).map((x) => x.close()));
        spawnSync("umount", [dir]);
      }
    },
  );

  it.runIf(canMount)("a read-only DATA_DIR stops startup with a clear message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ro-"));
    expect(spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", dir]).status).toBe(0);
    try {
      await expect(FileCaseStore.open(dir)).rejects.toThrow(/DATA_DIR .* (cannot be created or used|is not writable)/);
    } finally {
      spawnSync("umount", [dir]);
    }
  });
});
