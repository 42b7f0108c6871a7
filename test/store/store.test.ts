import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
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
  it("creates DATA_DIR, saves a case, and reads it back after a restart", async () => {
    const dir = join(tmp(), "nested", "data");
    const s = await openStore(dir);
    const c = await s.create(
      {
        reference: "REF-1 / AB",
        procedures: "llr",
        versions: { "practice-standards": "2020-02" },
        children: [{ id: "AB", dateOfBirth: "2019-01-01" }],
      },
      "sw1",
    );
    await s.update(c.id, "sw1", "event added", (d) => {
      d.events.push(event(1));
    });
    await s.close();
    open.pop();
    const again = await openStore(dir);
    const back = again.get(c.id)!;
    expect(back.reference).toBe("REF-1 / AB");
    expect(back.events.map((e) => e.id)).toEqual(["e1"]);
    expect(back.audit.map((a) => a.change)).toEqual(["case created", "event added"]);
    expect(back.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("loses nothing under 200 concurrent updates to one case and to many", async () => {
    const s = await openStore(tmp());
    const one = await s.create({ reference: "ONE", procedures: "bolton", versions: {}, children: [] }, "t");
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.create({ reference: `M${i}`, procedures: "bolton", versions: {}, children: [] }, "t"),
      ),
    );
    await Promise.all([
      ...Array.from({ length: 200 }, (_, i) =>
        s.update(one.id, "t", "event added", (d) => {
          d.events.push(event(i));
        }),
      ),
      ...Array.from({ length: 200 }, (_, i) =>
        s.update(many[i % 20]!.id, "t", "event added", (d) => {
          d.events.push(event(i));
        }),
      ),
    ]);
    expect(s.get(one.id)!.events).toHaveLength(200);
    expect(new Set(s.get(one.id)!.events.map((e) => e.id)).size).toBe(200);
    for (const m of many) expect(s.get(m.id)!.events).toHaveLength(10);
    // And on disk, not just in memory.
    const onDisk = JSON.parse(readFileSync(join(s.dataDir, "cases", `${one.id}.json`), "utf8"));
    expect(onDisk.events).toHaveLength(200);
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
    expect(s.get("abcdef12")!.done).toEqual([
      { actionId: "bolton.icpc@2024-12-01", at: "2025-01-02T00:00:00Z", by: "migration" },
    ]);
  });

  it("keeps rotating daily backups", async () => {
    const dir = tmp();
    let day = new Date("2026-11-01T09:00:00Z");
    for (let i = 0; i < 10; i++) {
      const s = await FileCaseStore.open(dir, { backupsToKeep: 7, now: () => day });
      if (i === 0) await s.create({ reference: "B", procedures: "bolton", versions: {}, children: [] }, "t");
      await s.close();
      day = new Date(day.getTime() + 86_400_000);
    }
    const days = readdirSync(join(dir, "backups")).sort();
    expect(days).toEqual([
      "2026-11-04",
      "2026-11-05",
      "2026-11-06",
      "2026-11-07",
      "2026-11-08",
      "2026-11-09",
      "2026-11-10",
    ]);
    expect(readdirSync(join(dir, "backups", "2026-11-10"))).toHaveLength(1);
  });

  it("exports and imports a case as JSON under a new id", async () => {
    const s = await openStore(tmp());
    const c = await s.create({ reference: "EXP", procedures: "cp-guide", versions: {}, children: [] }, "t");
    const copy = await s.importCase(JSON.parse(JSON.stringify(s.get(c.id))), "t2");
    expect(copy.id).not.toBe(c.id);
    expect(copy.reference).toBe("EXP");
    expect(copy.audit.at(-1)!.change).toContain(`was case ${c.id}`);
    await expect(s.importCase({ nonsense: true }, "t")).rejects.toThrow();
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
      const ids = new Set(s.list()[0]!.events.map((e) => e.id));
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
        expect(s.get(c.id)!.events).toHaveLength(ok);
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
