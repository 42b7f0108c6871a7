/**
 * `npm run migrate:to-postgres`: a file store copied into PostgreSQL — cases with their whole audit (archived
 * entries too), a case needing attention, closed cases, conversations, feedback — checked by counts and a checksum
 * per case, and safe to run again.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConversationStore } from "../../server/assistant/conversations.js";
import { FileFeedbackStore } from "../../server/feedback/store.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { PgCaseStore } from "../../server/store/pg/case-store.js";
import { createPool } from "../../server/store/pg/pool.js";
import { caseChecksum, migrateToPostgres } from "../../server/tools/migrate-to-postgres.js";
import { PG_SKIP, PG_URL, freshDatabase } from "../pg/db.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const quiet = { log: () => {} };

async function fileStoreWithEverything() {
  const dir = mkdtempSync(join(tmpdir(), "pathway-migrate-src-"));
  const s = await FileCaseStore.open(dir, { limits: { maxCaseBytes: 16 * 1024 } });
  const ids: string[] = [];
  for (let i = 0; i < 12; i++) {
    const c = await s.create({ reference: `MIG-${i}`, procedures: "bolton", versions: {}, children: [] }, "sw");
    await s.update(c.id, "sw", "event added", (d) => {
      d.events.push({
        id: `e${i}`,
        type: "strategy_discussion",
        date: "2026-11-02",
        recordedAt: "x",
        recordedBy: "sw",
      });
    });
    ids.push(c.id);
  }
  await s.update(ids[0]!, "sw", "case closed", (d) => {
    d.closed = true;
  });
  // A long history: the oldest entries move to the case's archive, and must come along.
  for (let i = 0; i < 40; i++)
    await s.update(ids[1]!, "sw", "answer changed", () => ({ before: { note: "n".repeat(400) }, after: i }));
  expect((await s.get(ids[1]!))!.auditArchived).toBeGreaterThan(0);
  await s.close();
  // A case edited on disk into one that needs attention (an event date in the future): copied as it is.
  mkdirSync(join(dir, "cases"), { recursive: true });
  writeFileSync(
    join(dir, "cases", "attn00001.json"),
    JSON.stringify({
      schemaVersion: 2,
      id: "attn00001",
      reference: "NEEDS-ATTENTION",
      procedures: "bolton",
      versions: {},
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      closed: false,
      children: [],
      facts: {},
      events: [{ id: "x1", type: "icpc_held", date: "20260-01-01", recordedAt: "x", recordedBy: "x" }],
      done: [],
      audit: [],
    }),
  );
  const conv = new ConversationStore(dir, 3_600_000);
  const c = conv.create();
  c.set = "bolton";
  await conv.save(c);
  conv.close();
  const fb = new FileFeedbackStore(dir);
  await fb.add({ kind: "search", signal: "no", query: "who chairs", sets: ["bolton"] } as never);
  await fb.resolve({ key: "k", how: "dismissed" } as never);
  await fb.close();
  return { dir, ids, conversation: c.id };
}

describe.skipIf(!PG_URL)(`npm run migrate:to-postgres${PG_SKIP}`, () => {
  it("copies every case, conversation and feedback line, checks each case's checksum, and is safe to run again", async () => {
    const { dir, ids, conversation } = await fileStoreWithEverything();
    const url = await freshDatabase("mig");
    const first = await migrateToPostgres(dir, url, quiet);
    expect(first.ok).toBe(true);
    expect(first.cases).toMatchObject({ inFiles: 13, copied: 13, alreadyThere: 0, differing: [], verified: 13 });
    expect(first.conversations).toEqual({ inFiles: 1, copied: 1 });
    expect(first.feedback).toMatchObject({ inFile: 2, copied: 2 });

    const db = await PgCaseStore.open(url);
    const files = await FileCaseStore.open(dir);
    try {
      expect(await db.count()).toEqual({ open: 12, closed: 1 });
      // Whole audit trails, archived entries included, and the same record.
      for (const id of [...ids, "attn00001"]) {
        const a = (await files.get(id))!;
        const b = (await db.get(id))!;
        const aArch = a.auditArchived ? await files.archivedAudit(id, a.auditArchived) : [];
        const bArch = b.auditArchived ? await db.archivedAudit(id, b.auditArchived) : [];
        expect(caseChecksum(b, bArch)).toBe(caseChecksum(a, aArch));
        expect(b).toEqual(a);
      }
      expect(db.problems((await db.get("attn00001"))!)).toBeDefined();
      // The list reads the copied summaries: the case needing attention first.
      const { rows } = await db.list({ today: "2026-11-23", sort: "next", offset: 0, limit: 50 });
      expect(rows).toHaveLength(12);
      expect(rows[0]!.id).toBe("attn00001");
      expect(rows[0]!.summary!.attention).toBeDefined();
      for (const r of rows.slice(1)) expect(r.summary!.next).not.toBeNull();
    } finally {
      await files.close();
    }
    const pool = createPool(url);
    try {
      expect((await pool.query("SELECT id FROM conversations")).rows).toEqual([{ id: conversation }]);
      expect((await pool.query("SELECT count(*)::int AS n FROM feedback")).rows[0].n).toBe(2);

      // Again: nothing copied twice, still checks out.
      const again = await migrateToPostgres(dir, url, quiet);
      expect(again.ok).toBe(true);
      expect(again.cases).toMatchObject({ copied: 0, alreadyThere: 13, verified: 13, differing: [] });
      expect(again.conversations.copied).toBe(0);
      expect((await pool.query("SELECT count(*)::int AS n FROM feedback")).rows[0].n).toBe(2);
      expect(await db.count()).toEqual({ open: 12, closed: 1 });

      // A case changed in the database since: named, left as the database has it, and the check fails.
      await db.update(ids[2]!, "db user", "event removed", (d) => {
        d.events = [];
      });
      const third = await migrateToPostgres(dir, url, quiet);
      expect(third.ok).toBe(false);
      expect(third.cases.differing).toEqual([ids[2]]);
      expect((await db.get(ids[2]!))!.events).toEqual([]);
    } finally {
      await pool.end();
      await db.close();
    }
  }, 120_000);

  it("runs as npm run migrate:to-postgres, refusing a DATA_DIR in use and saying what it did", async () => {
    const { dir } = await fileStoreWithEverything();
    const url = await freshDatabase("migcli");
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: url };
    const run = () =>
      spawnSync(process.execPath, ["--import", "tsx", "server/tools/migrate-to-postgres.ts"], {
        cwd: ROOT,
        env,
        encoding: "utf8",
      });
    const ok = run();
    expect(ok.stdout).toContain("13 of 13 read back with the same checksum");
    expect(ok.stdout).toContain("The copy checks out.");
    expect(ok.status).toBe(0);
    const inUse = await FileCaseStore.open(dir);
    try {
      const refused = run();
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/Another Pathway .* is using this DATA_DIR/);
    } finally {
      await inUse.close();
    }
  }, 120_000);
});
