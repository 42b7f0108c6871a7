/**
 * `npm run migrate:to-postgres`: copies a file store (DATA_DIR) into the PostgreSQL database DATABASE_URL names —
 * every case with its whole audit trail (archived entries too), the conversations and the feedback — then checks
 * the copy: the counts, and a checksum of every case read back from the database against its file.
 *
 * Safe to run again: a case already in the database is not copied twice (one that differs from its file is named,
 * and left as the database has it); conversations already there are kept; feedback is copied only into an empty
 * table. Stop Pathway first: the copy holds DATA_DIR's lock, so it refuses a DATA_DIR in use. The file store is
 * only read. Exit status 0 when the copy checks out, 1 otherwise.
 *
 *   DATA_DIR=./data DATABASE_URL=postgresql://pathway@db/pathway npm run migrate:to-postgres
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ConversationState } from "../assistant/state.js";
import { buildContext } from "../bootstrap.js";
import { PROJECT_ROOT } from "../config.js";
import { FEEDBACK_FILE } from "../feedback/store.js";
import { FileCaseStore } from "../store/file-store.js";
import { PgCaseStore } from "../store/pg/case-store.js";
import { createPool, describeUrl } from "../store/pg/pool.js";
import type { AuditEntry, CaseRecord } from "../store/schema.js";
import type { CaseStore } from "../store/store.js";

/** JSON with every object's keys sorted: the same record gives the same text whichever store it came from. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

/** A case's checksum: the record, its audit trail whole (archived entries first), canonical JSON, SHA-256. */
export function caseChecksum(rec: CaseRecord, archived: AuditEntry[]): string {
  const { audit, auditArchived: _n, ...rest } = rec;
  return createHash("sha256")
    .update(canonical({ ...rest, audit: [...archived, ...audit] }))
    .digest("hex");
}

async function wholeCase(store: CaseStore, id: string) {
  const rec = await store.get(id);
  if (!rec) return undefined;
  const archived = rec.auditArchived && store.archivedAudit ? await store.archivedAudit(id, rec.auditArchived) : [];
  return { rec, archived };
}

async function allIds(store: CaseStore): Promise<string[]> {
  const ids: string[] = [];
  for (const closed of [false, true]) {
    const { rows } = await store.list({ today: "2000-01-01", closed, sort: "reference", offset: 0, limit: 10_000_000 });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export interface MigrationReport {
  cases: { inFiles: number; copied: number; alreadyThere: number; differing: string[]; verified: number };
  conversations: { inFiles: number; copied: number };
  feedback: { inFile: number; copied: number; skipped: string | undefined };
  ok: boolean;
}

export async function migrateToPostgres(
  dataDir: string,
  databaseUrl: string,
  opts: { guidanceDir?: string; log?: (line: string) => void } = {},
): Promise<MigrationReport> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const files = await FileCaseStore.open(dataDir);
  const pool = createPool(databaseUrl, { max: 4, applicationName: "pathway-migrate" });
  const scratch = mkdtempSync(join(tmpdir(), "pathway-migrate-"));
  let db: PgCaseStore | undefined;
  try {
    db = await PgCaseStore.open(databaseUrl, { pool });
    // The database's summaries are made with the app's rules, as the app would make them.
    const ctx = buildContext({
      guidanceDir: opts.guidanceDir ?? join(PROJECT_ROOT, "guidance"),
      store: db,
      dataDir: scratch,
    });
    await ctx.storeReady;

    const ids = await allIds(files);
    const report: MigrationReport = {
      cases: { inFiles: ids.length, copied: 0, alreadyThere: 0, differing: [], verified: 0 },
      conversations: { inFiles: 0, copied: 0 },
      feedback: { inFile: 0, copied: 0, skipped: undefined },
      ok: false,
    };
    log(`Copying ${ids.length} case(s) from ${dataDir} to ${describeUrl(databaseUrl)}`);
    const sums = new Map<string, string>();
    for (const [i, id] of ids.entries()) {
      const whole = (await wholeCase(files, id))!;
      const sum = caseChecksum(whole.rec, whole.archived);
      sums.set(id, sum);
      if (await db.copyIn(whole.rec, whole.archived, files.problems(whole.rec))) report.cases.copied++;
      else {
        report.cases.alreadyThere++;
        const there = (await wholeCase(db, id))!;
        if (caseChecksum(there.rec, there.archived) !== sum) report.cases.differing.push(id);
      }
      if ((i + 1) % 1000 === 0) log(`  ${i + 1} of ${ids.length}`);
    }

    // Conversations: each file as it is; one already in the database (by id) is kept.
    const convDir = join(dataDir, "conversations");
    const convs = existsSync(convDir) ? readdirSync(convDir).filter((f) => /^[a-f0-9]{16}\.json$/.test(f)) : [];
    report.conversations.inFiles = convs.length;
    for (const f of convs) {
      let c: ConversationState;
      try {
        c = JSON.parse(readFileSync(join(convDir, f), "utf8")) as ConversationState;
      } catch {
        continue; // a damaged transcript is not worth stopping for (the app skips it too)
      }
      const r = await pool.query(
        "INSERT INTO conversations (id, updated_at, state) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
        [c.id, c.updatedAt, JSON.stringify(c)],
      );
      report.conversations.copied += r.rowCount ?? 0;
    }

    // Feedback: the lines in order, into an empty table only (lines have no identity to merge on).
    const fbPath = join(dataDir, FEEDBACK_FILE);
    const lines = existsSync(fbPath)
      ? readFileSync(fbPath, "utf8")
          .split("\n")
          .filter((l) => {
            try {
              return !!l.trim() && !!JSON.parse(l);
            } catch {
              return false;
            }
          })
      : [];
    report.feedback.inFile = lines.length;
    const { rows: fb } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM feedback");
    if (fb[0]!.n === 0) {
      for (const l of lines) await pool.query("INSERT INTO feedback (line) VALUES ($1)", [l]);
      report.feedback.copied = lines.length;
    } else if (fb[0]!.n !== lines.length)
      report.feedback.skipped = `the database already holds ${fb[0]!.n} feedback line(s) (the file ${lines.length}); left as they are`;

    // Check: every case read back from the database against its file's checksum, and the counts.
    for (const id of ids) {
      const there = await wholeCase(db, id);
      if (there && caseChecksum(there.rec, there.archived) === sums.get(id)) report.cases.verified++;
      else if (!report.cases.differing.includes(id)) report.cases.differing.push(id);
    }
    const counts = await db.count();
    const fileCounts = await files.count();
    const countsMatch = counts.open >= fileCounts.open && counts.closed >= fileCounts.closed;
    report.ok = report.cases.verified === ids.length && countsMatch && !report.feedback.skipped;
    log(
      `Cases: ${report.cases.copied} copied, ${report.cases.alreadyThere} already there; ${report.cases.verified} of ${ids.length} read back with the same checksum.`,
    );
    log(`Open / closed: files ${fileCounts.open} / ${fileCounts.closed}, database ${counts.open} / ${counts.closed}.`);
    log(
      `Conversations: ${report.conversations.copied} of ${report.conversations.inFiles} copied (the rest were there).`,
    );
    log(
      `Feedback: ${report.feedback.skipped ?? `${report.feedback.copied} of ${report.feedback.inFile} line(s) copied`}.`,
    );
    for (const id of report.cases.differing)
      log(`  Case ${id} differs between the files and the database (left as the database has it).`);
    log(report.ok ? "The copy checks out." : "The copy does NOT check out: see above.");
    return report;
  } finally {
    await db?.close();
    await pool.end();
    await files.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "Set DATABASE_URL to the PostgreSQL database to copy into (and DATA_DIR to the files, default ./data).",
    );
    process.exit(2);
  }
  try {
    const report = await migrateToPostgres(process.env.DATA_DIR || "./data", url, {
      guidanceDir: process.env.GUIDANCE_DIR || undefined,
    });
    process.exit(report.ok ? 0 : 1);
  } catch (e) {
    console.error(`The copy stopped: ${(e as Error).message}`);
    process.exit(1);
  }
}
