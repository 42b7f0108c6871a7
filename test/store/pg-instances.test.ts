/**
 * Several Pathway instances on one PostgreSQL database, as `npm start` runs them (DATABASE_URL set): two app
 * processes take 200 concurrent updates to the same cases between them and lose none; one killed with SIGKILL in
 * the middle of its writes loses no change it acknowledged, and the other carries on with the same case.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PgCaseStore } from "../../server/store/pg/case-store.js";
import { PG_SKIP, PG_URL, freshDatabase } from "../pg/db.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Instance {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      BASE_URL: "",
      PORT: "0",
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), "pathway-instance-")),
      RATE_LIMIT_WRITES: "0",
      LOG_REQUESTS: "0",
    },
  });
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`instance exited: ${out}`));
    });
  });
  return { child, url, exited };
}

async function stop(i: Instance) {
  if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill("SIGTERM");
  await i.exited;
}

/** Adds a visit whose time tags it ("HH:MM" from n), so an acknowledged change can be found again. */
const tag = (n: number) => `${String(Math.floor(n / 60)).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}`;
async function addVisit(base: string, id: string, n: number, date: string): Promise<number> {
  const res = await fetch(`${base}/api/cases/${id}/events`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-User": `writer ${n}` },
    body: JSON.stringify({ event: { type: "cp_visit", date, time: tag(n) } }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe.skipIf(!PG_URL)(`several instances on one PostgreSQL database${PG_SKIP}`, () => {
  it("two app processes, 200 concurrent updates across them to the same cases: none lost", async () => {
    const db = await freshDatabase("inst");
    const store = await PgCaseStore.open(db);
    const cases = await Promise.all(
      [0, 1].map((i) =>
        store.create({ reference: `SHARED-${i}`, procedures: "bolton", versions: {}, children: [] }, "t"),
      ),
    );
    const [a, b] = await Promise.all([startInstance(db), startInstance(db)]);
    try {
      // 200 at once: every other one to the other process; most to one case, the rest to a second.
      const statuses = await Promise.all(
        Array.from({ length: 200 }, (_, n) =>
          addVisit(n % 2 ? a.url : b.url, cases[n % 5 === 0 ? 1 : 0]!.id, n, "2026-11-02"),
        ),
      );
      expect(statuses.filter((s) => s !== 201)).toEqual([]);
      const one = (await store.get(cases[0]!.id))!;
      const two = (await store.get(cases[1]!.id))!;
      expect(one.events).toHaveLength(160);
      expect(two.events).toHaveLength(40);
      const times = new Set([...one.events, ...two.events].map((e) => e.time));
      expect(times.size).toBe(200);
      expect(one.audit.filter((x) => x.change === "event added")).toHaveLength(160);
      // Both instances read what the other wrote.
      for (const i of [a, b]) {
        const res = (await (await fetch(`${i.url}/api/cases/${cases[0]!.id}`)).json()) as {
          case: { events: unknown[] };
        };
        expect(res.case.events).toHaveLength(160);
      }
    } finally {
      await Promise.all([stop(a), stop(b)]);
      await store.close();
    }
  }, 120_000);

  it("an instance killed (SIGKILL) mid-write loses no acknowledged change; the other carries on", async () => {
    const db = await freshDatabase("kill");
    const store = await PgCaseStore.open(db);
    const c = await store.create({ reference: "KILLED", procedures: "bolton", versions: {}, children: [] }, "t");
    const [a, b] = await Promise.all([startInstance(db), startInstance(db)]);
    const acked = new Set<string>();
    try {
      // Both write to the same case as fast as they answer; B is killed once it has acknowledged 60.
      let n = 0;
      let bAcks = 0;
      let killed = false;
      const writer = async (i: Instance, isB: boolean) => {
        while (n < 1200) {
          const mine = n++;
          let status: number;
          try {
            status = await addVisit(i.url, c.id, mine, "2026-11-03");
          } catch {
            return; // the connection died with the process: not acknowledged
          }
          if (status !== 201) {
            if (isB && killed) return;
            throw new Error(`status ${status}`);
          }
          acked.add(tag(mine));
          if (isB && ++bAcks === 60) {
            killed = true;
            b.child.kill("SIGKILL");
          }
          if (!isB && killed && mine > 300) return;
        }
      };
      await Promise.all([
        ...Array.from({ length: 4 }, () => writer(b, true)),
        ...Array.from({ length: 4 }, () => writer(a, false)),
      ]);
      expect(killed).toBe(true);
      expect(await b.exited).toBeNull(); // killed by the signal
      const rec = (await store.get(c.id))!;
      const stored = new Set(rec.events.map((e) => e.time));
      for (const t of acked) expect(stored.has(t), `acknowledged ${t} lost`).toBe(true);
      expect(rec.events.length).toBe(stored.size); // nothing twice
      expect(acked.size).toBeGreaterThan(100);
      // The surviving instance still changes the case (the killed one's lock went with its connection).
      expect(await addVisit(a.url, c.id, 1300, "2026-11-04")).toBe(201);
    } finally {
      await Promise.all([stop(a), stop(b)]);
      await store.close();
    }
  }, 180_000);
});
