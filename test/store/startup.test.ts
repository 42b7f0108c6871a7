/**
 * Store start-up after a crash or on a bad disk: orphaned temp files cleared, a lock held by a reused PID taken
 * over (the lock records PID and process start time), a full disk named as such.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { caseIds } from "../case-ids.js";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStore } from "../../server/assistant/conversations.js";
import { FileCaseStore, processStartTime, readLockHolder } from "../../server/store/file-store.js";
import { StorageError, explainStartupError } from "../../server/store/store.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), "pathway-startup-"));
const open: FileCaseStore[] = [];
async function openStore(dir: string) {
  const s = await FileCaseStore.open(dir);
  open.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
const linux = existsSync(`/proc/${process.pid}/stat`);

describe("start-up clears what a crash left", () => {
  it("removes orphaned temp files of the atomic writer, and nothing else", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "cases"));
    mkdirSync(join(dir, "conversations"));
    const first = await openStore(dir);
    const c = await first.create({ reference: "KEEP", procedures: "bolton", versions: {}, children: [] }, "t");
    await first.close();
    open.pop();
    const orphans = [
      join(dir, "cases", `.${c.id}.json.4242.1764000000000.tmp`),
      join(dir, "cases", ".abcdef12.json.1.2.tmp"),
      join(dir, "..write-check.4242.1764000000000.tmp"),
      join(dir, "conversations", ".0123456789abcdef.json.4242.1764000000000.tmp"),
    ];
    for (const f of orphans) writeFileSync(f, '{"half": ');
    const kept = [join(dir, "cases", "notes.tmp"), join(dir, "readme.txt")];
    for (const f of kept) writeFileSync(f, "mine");
    mkdirSync(join(dir, "backups", "2026-01-01.partial"), { recursive: true });

    const s = await openStore(dir);
    new ConversationStore(dir, 3_600_000).close();
    for (const f of orphans) expect(existsSync(f), f).toBe(false);
    for (const f of kept) expect(readFileSync(f, "utf8")).toBe("mine");
    expect(existsSync(join(dir, "backups", "2026-01-01.partial"))).toBe(false);
    expect((await s.get(c.id))!.reference).toBe("KEEP");
  });

  it("after a writer is killed mid-write, the next start leaves no temp file behind", async () => {
    const dir = tmp();
    const child = spawn(process.execPath, ["--import", "tsx", "test/store/writer-child.ts", dir], { cwd: ROOT });
    await new Promise<void>((resolve) => {
      let acks = 0;
      child.stdout.on("data", (d: Buffer) => {
        acks += (d.toString().match(/ack/g) ?? []).length;
        if (acks >= 20) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    // Whether or not the kill landed mid-write, simulate the worst case as well.
    writeFileSync(join(dir, "cases", `.${readdirSync(join(dir, "cases"))[0]}.${child.pid}.1.tmp`), "{");
    await openStore(dir);
    expect(readdirSync(join(dir, "cases")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  }, 30_000);
});

describe("the lock records PID and process start time", () => {
  it.runIf(linux)("reads a process's start time from /proc/<pid>/stat field 22", () => {
    const mine = processStartTime(process.pid)!;
    expect(mine).toMatch(/^\d+$/);
    const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
    expect(child.status).toBe(0);
    expect(processStartTime(2 ** 22 + 1)).toBeUndefined(); // no such process
    const parent = processStartTime(process.ppid)!;
    expect(Number(parent)).toBeLessThanOrEqual(Number(mine));
  });

  it("writes its PID and start time, and removes the lock on close", async () => {
    const dir = tmp();
    const s = await openStore(dir);
    const holder = readLockHolder(readFileSync(join(dir, "pathway.lock"), "utf8"))!;
    expect(holder.pid).toBe(process.pid);
    if (linux) expect(holder.started).toBe(processStartTime(process.pid));
    await s.close();
    open.pop();
    expect(existsSync(join(dir, "pathway.lock"))).toBe(false);
  });

  it("refuses a lock held by a live process that is still the one that took it", async () => {
    const dir = tmp();
    const started = processStartTime(process.ppid);
    writeFileSync(join(dir, "pathway.lock"), JSON.stringify({ pid: process.ppid, started }));
    await expect(FileCaseStore.open(dir)).rejects.toThrow(
      new RegExp(`Another Pathway \\(process ${process.ppid}\\) is using this DATA_DIR`),
    );
    // An older Pathway's lock holds only the PID: a live PID is trusted.
    writeFileSync(join(dir, "pathway.lock"), String(process.ppid));
    await expect(FileCaseStore.open(dir)).rejects.toThrow(/Another Pathway/);
  });

  it.runIf(linux)("takes over a lock whose PID now belongs to a different process (start time differs)", async () => {
    const dir = tmp();
    const real = processStartTime(process.ppid)!;
    // The PID is alive (our parent), but the process that wrote the lock started at another time: PID reuse.
    writeFileSync(join(dir, "pathway.lock"), JSON.stringify({ pid: process.ppid, started: String(Number(real) + 1) }));
    const s = await openStore(dir);
    expect(readLockHolder(readFileSync(join(dir, "pathway.lock"), "utf8"))!.pid).toBe(process.pid);
    expect(await caseIds(s)).toEqual([]);
  });

  it("takes over a lock left by a process that is gone, and ignores a lock it cannot read", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "pathway.lock"), JSON.stringify({ pid: 2 ** 22 + 1, started: "1" }));
    await (await openStore(dir)).close();
    open.pop();
    writeFileSync(join(dir, "pathway.lock"), "garbage");
    await openStore(dir);
    expect(readLockHolder(readFileSync(join(dir, "pathway.lock"), "utf8"))!.pid).toBe(process.pid);
  });

  it("reads the lock formats", () => {
    expect(readLockHolder("1234\n")).toEqual({ pid: 1234 });
    expect(readLockHolder('{"pid":1234,"started":"98765"}\n')).toEqual({ pid: 1234, started: "98765" });
    expect(readLockHolder('{"pid":"x"}')).toBeUndefined();
    expect(readLockHolder("")).toBeUndefined();
  });
});

describe("a full disk at start-up", () => {
  it("is named as a full disk, not a permissions problem", () => {
    const err = Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
    const e = explainStartupError(err, "/srv/pathway", "writing /srv/pathway/pathway.lock");
    expect(e).toBeInstanceOf(StorageError);
    expect(e.message).toMatch(/the disk is full/);
    expect(e.message).not.toMatch(/permission/i);
    const denied = explainStartupError(Object.assign(new Error("x"), { code: "EACCES" }), "/srv/p", "x");
    expect(denied.message).toMatch(/is not writable \(EACCES.*Fix its permissions/);
    const quota = explainStartupError(Object.assign(new Error("x"), { code: "EDQUOT" }), "/srv/p", "x");
    expect(quota.message).toMatch(/the disk quota is used up/);
  });

  // A real full disk needs a small tmpfs, which needs root (as in CI); elsewhere these are skipped.
  const canMount = (() => {
    if (process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(join(tmpdir(), "probe-"));
    const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]).status === 0;
    if (ok) spawnSync("umount", [probe]);
    return ok;
  })();
  const fullDisk = () => {
    const dir = mkdtempSync(join(tmpdir(), "full-start-"));
    expect(spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]).status).toBe(0);
    expect(() => writeFileSync(join(dir, "filler"), Buffer.alloc(1024 * 1024))).toThrow(/ENOSPC/);
    return dir;
  };

  it.runIf(canMount)("FileCaseStore.open says the disk is full and leaves no lock behind", async () => {
    const dir = fullDisk();
    try {
      const e = await FileCaseStore.open(join(dir, "data")).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StorageError);
      expect((e as Error).message).toMatch(/DATA_DIR .*data cannot be used: the disk is full \(ENOSPC/);
      expect((e as Error).message).not.toMatch(/permission/i);
      expect(existsSync(join(dir, "data", "pathway.lock"))).toBe(false);
    } finally {
      spawnSync("umount", [dir]);
    }
  });

  it.runIf(canMount)(
    "npm start prints it as one line and stops",
    async () => {
      const dir = fullDisk();
      try {
        const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
          cwd: ROOT,
          env: { ...process.env, BASE_URL: "", DATA_DIR: join(dir, "data"), PORT: "0" }, // vitest sets BASE_URL=/
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        const code = await new Promise<number | null>((r) => child.on("exit", r));
        expect(code).toBe(1);
        expect(out).toMatch(/Pathway could not start: DATA_DIR .* the disk is full/);
        expect(out).not.toMatch(/permission|\n\s+at /i);
      } finally {
        spawnSync("umount", [dir]);
      }
    },
    30_000,
  );
});
