/**
 * Case store benchmark: N cases × 50 events in the file store (a DATA_DIR) and in PostgreSQL (a throwaway cluster,
 * or BENCH_DATABASE_URL), each served by the real server (`server/main.ts` in its own process, as `npm start` runs
 * it) over HTTP on loopback: start-up, memory (RSS of the server process), the case list (filters and sorts, p50 /
 * p95), the case page, and an acknowledged update (committed / fsync'd before the answer).
 *
 * 2,000 cases always; 50,000 with BENCH_LARGE=1 (npm run bench:large). The data is written straight to the store's
 * format (files, or rows with their summaries) — making it is not what is measured. A fifth of the cases are closed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContext } from "../../server/bootstrap.js";
import { summariseCase } from "../../server/cases/summary.js";
import { addDays, londonToday } from "../../server/domain/dates.js";
import type { CaseEvent } from "../../server/domain/types.js";
import { newCaseRecord } from "../../server/store/case-ops.js";
import { PgCaseStore, summaryColumns } from "../../server/store/pg/case-store.js";
import type { CaseRecord } from "../../server/store/schema.js";
import { missingPostgres, startCluster, createDatabase } from "../pg/cluster.js";
import { ms, percentile } from "./stats.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const GUIDANCE = join(ROOT, "guidance");
const SETS = ["bolton", "darlington", "llr", "lscb-ch9", "cp-guide"];

/** Case i, as the old bench made them: a strategy discussion, an ICPC making a plan, visits and core groups. */
function makeCase(i: number, today: string, eventsPerCase: number): CaseRecord {
  const start = addDays(today, -400 + (i % 150));
  const at = new Date(Date.parse(`${addDays(today, -(i % 300))}T10:00:00Z`)).toISOString();
  const rec = newCaseRecord(
    `bench${i.toString(36).padStart(6, "0")}`,
    {
      reference: `BENCH-${i}`,
      procedures: SETS[i % SETS.length]!,
      versions: {},
      children: [
        { id: "A", dateOfBirth: "2016-04-01" },
        { id: "B", dateOfBirth: "2022-09-30" },
      ],
    },
    "bench",
    at,
  );
  const events: CaseEvent[] = [
    { type: "strategy_discussion", date: start },
    { type: "icpc_held", date: addDays(start, 18), outcome: "plan" },
  ];
  for (let k = 2; k < eventsPerCase; k++)
    events.push({ type: k % 4 === 0 ? "core_group_held" : "cp_visit", date: addDays(start, 20 + k * 3) });
  rec.events = events
    .filter((e) => e.date <= today)
    .map((e, n) => ({ ...e, id: `e${n}`, recordedAt: at, recordedBy: "bench" }));
  rec.audit.push({ at, by: "bench", change: "events added", after: { events: rec.events.length } });
  rec.closed = i % 5 === 4;
  return rec;
}

interface Server {
  child: ChildProcess;
  url: string;
  /** From spawning the process to its first line (Node, TypeScript loading, and then the below). */
  processMs: number;
  /** What the server reports: opening the store, loading the guidance and rules, building the search index. */
  readyMs: number;
  exited: Promise<unknown>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const t = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, BASE_URL: "", PORT: "0", RATE_LIMIT_WRITES: "0", LOG_REQUESTS: "0", ...env },
  });
  let out = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    out += d;
  });
  const exited = new Promise((r) => child.on("exit", r));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)\/ \(ready in (\d+) ms/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve(`${m[1]!} ${m[2]!}`);
      }
    }, 10);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`server exited: ${out}`));
    });
  });
  const [base, ready] = url.split(" ");
  return { child, url: base!, processMs: performance.now() - t, readyMs: Number(ready), exited };
}

async function stopServer(s: Server) {
  s.child.kill("SIGTERM");
  await s.exited;
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
};

async function timed(url: string, init?: RequestInit): Promise<number> {
  const t = performance.now();
  const r = await fetch(url, init);
  await r.arrayBuffer();
  if (r.status >= 400) throw new Error(`${url}: HTTP ${r.status}`);
  return performance.now() - t;
}

const LISTS = [
  "/cases",
  "/cases?sort=overdue",
  "/cases?sort=reference",
  "/cases?sort=updated",
  "/cases?show=overdue",
  "/cases?show=week",
  "/cases?set=bolton&sort=next",
  "/cases?q=BENCH-12",
  "/cases?page=20",
  "/cases?show=closed",
];

interface Row {
  store: string;
  cases: number;
  firstStart?: number;
  start: number;
  processStart: number;
  rssStart: number;
  rssEnd: number;
  list: number[];
  page: number[];
  update: number[];
}

async function measure(store: string, cases: number, env: Record<string, string>, ids: string[]): Promise<Row> {
  let firstStart: number | undefined;
  if (store === "file") {
    // The first start after the files appear builds the index and works out every summary once.
    const first = await startServer(env);
    firstStart = first.readyMs;
    await stopServer(first);
  }
  const s = await startServer(env);
  try {
    const rssStart = rssMb(s.child.pid!);
    const list: number[] = [];
    for (let round = 0; round < 6; round++) for (const path of LISTS) list.push(await timed(`${s.url}${path}`));
    const page: number[] = [];
    for (let i = 0; i < 200; i++) page.push(await timed(`${s.url}/cases/${ids[(i * 7919) % ids.length]}`));
    const update: number[] = [];
    const today = londonToday();
    for (let i = 0; i < 200; i++)
      update.push(
        await timed(`${s.url}/api/cases/${ids[(i * 104_729) % ids.length]}/events`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ event: { type: "cp_visit", date: today } }),
        }),
      );
    return {
      store,
      cases,
      firstStart,
      start: s.readyMs,
      processStart: s.processMs,
      rssStart,
      rssEnd: rssMb(s.child.pid!),
      list,
      page,
      update,
    };
  } finally {
    await stopServer(s);
  }
}

/** Writes the case files (as the file store writes them), without an index: the store builds it. */
export function writeFileStore(dir: string, count: number, eventsPerCase: number, today: string): string[] {
  mkdirSync(join(dir, "cases"), { recursive: true });
  const open: string[] = [];
  for (let i = 0; i < count; i++) {
    const rec = makeCase(i, today, eventsPerCase);
    writeFileSync(join(dir, "cases", `${rec.id}.json`), JSON.stringify(rec, null, 1));
    if (!rec.closed) open.push(rec.id);
  }
  return open;
}

/** Inserts the cases with their audit and summaries, 500 rows a statement. */
export async function loadDatabase(
  url: string,
  count: number,
  eventsPerCase: number,
  today: string,
): Promise<string[]> {
  const store = await PgCaseStore.open(url, { poolSize: 2 });
  const scratch = mkdtempSync(join(tmpdir(), "pathway-bench-ctx-"));
  const ctx = buildContext({ guidanceDir: GUIDANCE, store, dataDir: scratch, today: () => today });
  await ctx.storeReady;
  const fp = (await import("../../server/cases/summary.js")).planFingerprint(ctx);
  const open: string[] = [];
  try {
    for (let from = 0; from < count; from += 500) {
      const rows = [];
      for (let i = from; i < Math.min(count, from + 500); i++) {
        const rec = makeCase(i, today, eventsPerCase);
        if (!rec.closed) open.push(rec.id);
        const summary = rec.closed
          ? { next: null, dues: [], for: today, fp }
          : { ...summariseCase(ctx, rec, today), for: today, fp };
        rows.push({ ...rec, ...summaryColumns(summary) });
      }
      await store.pool.query(
        `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id text, "schemaVersion" int, reference text,
           procedures text, versions jsonb, "createdAt" text, "updatedAt" text, closed boolean, children jsonb,
           facts jsonb, events jsonb, done jsonb, audit jsonb, next_due text, list_due text, next_action text,
           dues text[], attention text, summary_for text, summary_fp text, overdue int, due_soon int)),
         c AS (INSERT INTO cases (id, schema_version, reference, procedures, versions, created_at, updated_at, closed,
           children, facts, events, done, audit_seq, next_due, list_due, next_action, dues, attention, summary_for,
           summary_fp, overdue, due_soon)
           SELECT id, "schemaVersion", reference, procedures, versions, "createdAt", "updatedAt", closed, children, facts,
             events, done, jsonb_array_length(audit), next_due::date, list_due::date, next_action::jsonb, dues::date[],
             attention::jsonb, summary_for::date, summary_fp, overdue, due_soon FROM r)
         INSERT INTO case_audit (case_id, seq, entry)
           SELECT r.id, t.n, t.e FROM r, jsonb_array_elements(r.audit) WITH ORDINALITY AS t(e, n)`,
        [JSON.stringify(rows)],
      );
    }
    await store.pool.query("VACUUM ANALYZE cases");
    await store.pool.query("VACUUM ANALYZE case_audit");
  } finally {
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return open;
}

function print(rows: Row[]) {
  console.log(
    "\n  | store | cases | start-up (server's own; whole process) | RSS after start / after the requests | case list p50 / p95 | case page p50 / p95 | update p50 / p95 |",
  );
  console.log("  |---|---|---|---|---|---|---|");
  for (const r of rows) {
    const start = `${ms(r.start)}; ${ms(r.processStart)}${r.firstStart !== undefined ? ` (first start, building the index: ${ms(r.firstStart)})` : ""}`;
    const pair = (x: number[]) => `${ms(percentile(x, 50))} / ${ms(percentile(x, 95))}`;
    console.log(
      `  | ${r.store} | ${r.cases.toLocaleString("en-GB")} | ${start} | ${r.rssStart} / ${r.rssEnd} MB | ${pair(r.list)} | ${pair(r.page)} | ${pair(r.update)} |`,
    );
  }
}

export async function benchCases(
  sizes = process.env.BENCH_LARGE === "1" ? [2000, 50_000] : [2000],
  eventsPerCase = 50,
) {
  console.log(
    `\nCase stores (${sizes.map((n) => n.toLocaleString("en-GB")).join(" and ")} cases × ${eventsPerCase} events, a fifth closed; the real server in its own process, over HTTP)`,
  );
  const today = londonToday();
  const rows: Row[] = [];
  const why = process.env.BENCH_DATABASE_URL ? undefined : missingPostgres();
  const cluster = why ? undefined : process.env.BENCH_DATABASE_URL ? undefined : await startCluster();
  if (why) console.log(`  PostgreSQL skipped: ${why}`);
  try {
    for (const n of sizes) {
      const dir = mkdtempSync(join(tmpdir(), "pathway-bench-"));
      try {
        let t = performance.now();
        const fileIds = writeFileStore(dir, n, eventsPerCase, today);
        console.log(`  file store: ${n} case files written in ${ms(performance.now() - t)}`);
        rows.push(await measure("file", n, { DATA_DIR: dir }, fileIds));
        print(rows.slice(-1));
        if (!why) {
          const url = process.env.BENCH_DATABASE_URL ?? (await createDatabase(cluster!.url, "bench"));
          t = performance.now();
          const dbIds = await loadDatabase(url, n, eventsPerCase, today);
          console.log(`  PostgreSQL: ${n} cases loaded in ${ms(performance.now() - t)}`);
          rows.push(
            await measure("PostgreSQL", n, { DATABASE_URL: url, DATA_DIR: mkdtempSync(join(tmpdir(), "pb-")) }, dbIds),
          );
          print(rows.slice(-1));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    cluster?.stop();
  }
  print(rows);
}
