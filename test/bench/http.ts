/**
 * HTTP benchmark: the ceiling (a minimal hono app on the same @hono/node-server, test/bench/ceiling.mjs) and Pathway
 * (the compiled server, as `npm start` runs it) side by side in one run, each in its own process on loopback,
 * loaded by autocannon (10 connections, each run bounded in time). Each route is given as a share of the ceiling
 * measured in the same round, so machines, and other work on the same machine, compare: the shares are what count.
 *
 * Pathway gets 2,000 cases of 50 events, made through its own API (one case built event by event, exported, then
 * imported under other references with its dates shifted), and is restarted on them before measuring.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { addDays, londonToday } from "../../server/domain/dates.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface HttpBenchOptions {
  /** Seconds per run (BENCH_HTTP_SECONDS, default 10). */
  seconds?: number;
  connections?: number;
  /** Rounds; medians are reported (BENCH_HTTP_ROUNDS, default 3). */
  rounds?: number;
  cases?: number;
  eventsPerCase?: number;
  /** Seconds of the mixed run that RSS is measured over (BENCH_HTTP_MIXED_SECONDS, default 300; 0 leaves it out). */
  mixedSeconds?: number;
}

interface Server {
  proc: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts a node process and waits for the port it prints (`listening on N` or Pathway's start-up line). */
function start(args: string[], env: NodeJS.ProcessEnv): Promise<Server> {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "pipe" });
  let out = "";
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${args.join(" ")}: ${why}\n${out}`));
    proc.stderr!.on("data", (d) => {
      out += d;
    });
    proc.stdout!.on("data", (d) => {
      out += d;
      const m = /listening on (\d+)|running at http:\/\/[^:]+:(\d+)\//.exec(out);
      if (m) {
        proc.stdout!.removeAllListeners("data");
        proc.stdout!.resume();
        resolve({
          proc,
          port: Number(m[1] ?? m[2]),
          stop: async () => {
            proc.kill("SIGTERM");
            await exited;
          },
        });
      }
    });
    proc.once("exit", (code) => fail(`exited (${code}) before listening`));
    setTimeout(() => fail("did not start within 60 s"), 60_000).unref();
  });
}

/** CPU time a process has used (user + system), µs (Linux; clock ticks of 10 ms). */
const cpuOf = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) * 10_000;
};

/** Resident set size of a process, MB (Linux). */
const rssOf = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
};

async function call(port: number, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const SETS = ["bolton", "darlington", "llr", "lscb-ch9", "cp-guide"];

/** Makes `count` cases of `events` events each through the API; returns their ids. */
export async function makeCases(port: number, count: number, events: number): Promise<string[]> {
  const today = londonToday();
  const start = addDays(today, -230);
  const templates: Record<string, unknown>[] = [];
  for (const set of SETS) {
    const made = (await call(port, "/api/cases", {
      reference: `BENCH-${set}`,
      procedures: set,
      children: [
        { id: "A", dateOfBirth: "2016-04-01" },
        { id: "B", dateOfBirth: "2022-09-30" },
      ],
    })) as { case: { id: string } };
    const id = made.case.id;
    const add = (event: Record<string, unknown>) => call(port, `/api/cases/${id}/events`, { event });
    await add({ type: "strategy_discussion", date: start });
    await add({ type: "icpc_held", date: addDays(start, 18), outcome: "plan" });
    for (let k = 2; k < events; k++)
      await add({ type: k % 4 === 0 ? "core_group_held" : "cp_visit", date: addDays(start, 20 + k * 3) });
    templates.push((await call(port, `/api/cases/${id}/export`)) as Record<string, unknown>);
  }
  const ids: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count - SETS.length) {
      const i = next++;
      const t = templates[i % SETS.length]!;
      const shift = i % 40;
      const copy = {
        ...t,
        reference: `BENCH-${i}`,
        events: (t.events as { date: string }[]).map((e) => ({ ...e, date: addDays(e.date, shift) })),
      };
      const r = (await call(port, "/api/cases/import", copy)) as { case?: { id: string }; id?: string };
      ids.push(r.case?.id ?? r.id ?? "");
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return ids;
}

interface Route {
  name: string;
  method?: "GET" | "POST";
  /** One path, or a list taken in turn. */
  paths: string[];
  body?: (i: number) => unknown;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  /** The server's CPU time per request, µs: what the route costs, whatever else the machine is doing. */
  cpu: number;
}

function load(server: Server, route: Route, seconds: number, connections: number): Promise<Measured> {
  let i = 0;
  const port = server.port;
  const cpuBefore = cpuOf(server.proc.pid!);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        duration: seconds,
        requests: [{ method: route.method ?? "GET", setupRequest: (req) => nthRequest(req, route, i++) }],
      },
      (err, r) => {
        if (err) return reject(err);
        resolve({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          bad: r.non2xx + r.errors + r.timeouts,
          cpu: (cpuOf(server.proc.pid!) - cpuBefore) / Math.max(1, r.requests.total),
        });
      },
    );
  });
}

/** The route's n-th request: its paths in turn, and its body for that turn. */
function nthRequest(req: autocannon.Request, route: Route, n: number): autocannon.Request {
  return {
    ...req,
    path: route.paths[n % route.paths.length]!,
    ...(route.body ? { body: JSON.stringify(route.body(n)), headers: { "content-type": "application/json" } } : {}),
  };
}

/**
 * Every route at once: each connection asks them in turn (a page, an API call, a search, a question…), for `seconds`,
 * with the server's RSS read every 5 s. What memory does under a bounded, mixed load.
 */
function mixed(
  server: Server,
  routes: Route[],
  seconds: number,
  connections: number,
): Promise<{ rps: number; bad: number; rss: number[]; cpu: number }> {
  const rss: number[] = [rssOf(server.proc.pid!)];
  const cpuBefore = cpuOf(server.proc.pid!);
  const timer = setInterval(() => rss.push(rssOf(server.proc.pid!)), 5000);
  const turns = routes.map(() => 0);
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${server.port}`,
        connections,
        duration: seconds,
        requests: routes.map((route, k) => ({
          method: route.method ?? "GET",
          setupRequest: (req) => nthRequest(req, route, turns[k]!++),
        })),
      },
      (err, r) => {
        clearInterval(timer);
        if (err) return reject(err);
        rss.push(rssOf(server.proc.pid!));
        resolve({
          rps: r.requests.average,
          bad: r.non2xx + r.errors + r.timeouts,
          rss,
          cpu: (cpuOf(server.proc.pid!) - cpuBefore) / Math.max(1, r.requests.total),
        });
      },
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function benchHttp(opts: HttpBenchOptions = {}) {
  const seconds = opts.seconds ?? Number(process.env.BENCH_HTTP_SECONDS ?? 10);
  const rounds = opts.rounds ?? Number(process.env.BENCH_HTTP_ROUNDS ?? 3);
  const connections = opts.connections ?? 10;
  const count = opts.cases ?? 2000;
  const eventsPerCase = opts.eventsPerCase ?? 50;
  const mixedSeconds = opts.mixedSeconds ?? Number(process.env.BENCH_HTTP_MIXED_SECONDS ?? 300);
  console.log(
    `\nHTTP (autocannon ${seconds} s × ${connections} connections a run, loopback, ${rounds} rounds, medians; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${(await import("node:os")).cpus().length} cores)`,
  );
  // Pathway as `npm start` runs it: compiled first if the sources changed.
  execFileSync(process.execPath, [join(ROOT, "server/tools/build.mjs"), "--if-needed"], { stdio: "inherit" });
  const dataDir = mkdtempSync(join(tmpdir(), "pathway-http-"));
  const env = {
    DATA_DIR: dataDir,
    PORT: "0",
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    // The request log on, as in use (written a batch per event-loop turn).
    LOG_REQUESTS: "1",
    // On, so their middleware is measured, but high enough never to refuse the bench.
    RATE_LIMIT_WRITES: "1000000000",
    RATE_LIMIT_ASKS: "1000000000",
  };
  // BENCH_PATHWAY_NODE_ARGS: Node options for Pathway's process alone (--cpu-prof, a V8 flag to compare).
  const nodeArgs = (process.env.BENCH_PATHWAY_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const pathwayArgs = [...nodeArgs, join(ROOT, "dist/server/main.js")];
  let pathway: Server | undefined;
  let ceiling: Server | undefined;
  try {
    pathway = await start(pathwayArgs, env);
    let t = performance.now();
    await makeCases(pathway.port, count, eventsPerCase);
    console.log(
      `  ${count} cases × ${eventsPerCase} events made through the API in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    await pathway.stop();
    t = performance.now();
    pathway = await start(pathwayArgs, env);
    console.log(`  Pathway restarted on them in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    ceiling = await start([join(ROOT, "test/bench/ceiling.mjs")], { PORT: "0" });

    const listed = (await call(pathway.port, "/api/cases")) as { cases: { id: string }[] };
    const ids = listed.cases.map((c) => c.id);
    const read = (f: string) =>
      (JSON.parse(readFileSync(join(ROOT, "test/fixtures", f), "utf8")) as { q: string }[]).map((x) => x.q);
    const queries = read("search-dev.json").map((q) => `/api/search?q=${encodeURIComponent(q)}`);
    // Every question of the evaluation sets, each with limits 1 to 10: more different searches than are kept, asked
    // in turn, so none is answered from memory.
    const fresh = [
      "search-dev.json",
      "search-extra.json",
      "search-more.json",
      "probe/search-probe.json",
      "probe/search-heldout.json",
    ]
      .flatMap(read)
      .flatMap((q) => Array.from({ length: 10 }, (_, k) => `/api/search?q=${encodeURIComponent(q)}&limit=${k + 1}`));
    const questions = [
      "The ICPC is booked for 20/01/2027. When do I need to share my report with the family?",
      "Conference was held on 13/01/2027 and the child is now on a plan. When do the minutes need to be done?",
      "We had the ICPC yesterday, 18 March 2027. When does the first core group need to be held by?",
      "what does RCPC stand for?",
      "the child's 9, do they get an advocate?",
    ];
    const planBody = {
      procedures: "bolton",
      today: "2026-12-21",
      children: [{ id: "A", dateOfBirth: "2018-04-01" }],
      facts: { agencies: ["school", "gp"] },
      events: [
        { type: "strategy_discussion", date: "2026-09-01" },
        { type: "icpc_held", date: "2026-09-20", outcome: "plan" },
        { type: "core_group_held", date: "2026-09-30" },
        { type: "cp_visit", date: "2026-10-05" },
        { type: "cp_visit", date: "2026-10-19" },
        { type: "core_group_held", date: "2026-11-10" },
      ],
    };
    const routes: Route[] = [
      { name: "GET /healthz (middleware only)", paths: ["/healthz"] },
      { name: "GET /api/procedures", paths: ["/api/procedures"] },
      { name: "GET /api/search?q=… (15 questions in turn: answered again)", paths: queries },
      { name: `GET /api/search?q=… (${fresh.length} different searches in turn)`, paths: fresh },
      { name: "POST /api/plan (6 events)", method: "POST", paths: ["/api/plan"], body: () => planBody },
      {
        name: "POST /api/ask (new conversation)",
        method: "POST",
        paths: ["/api/ask"],
        body: (i) => ({ message: questions[i % questions.length], procedures: SETS[i % SETS.length] }),
      },
      // A team's caseload, viewed over and over (what the store and the page keep in memory is for), and any case.
      { name: `GET /cases/<id> (100 of ${count} cases in turn)`, paths: ids.slice(0, 100).map((id) => `/cases/${id}`) },
      { name: `GET /cases/<id> (all ${count} in turn)`, paths: ids.map((id) => `/cases/${id}`) },
      { name: `GET /cases (${count} cases)`, paths: ["/cases"] },
    ];
    // BENCH_HTTP_ROUNDS=0: only the mixed run.
    if (rounds > 0) {
      // Warm up (the JIT, the store's and the page's caches): each route for a few seconds.
      for (const r of routes) await load(pathway, r, 3, connections);
      const rssBefore = rssOf(pathway.proc.pid!);

      const results = routes.map(() => [] as (Measured & { share: number })[]);
      const ceilings: number[] = [];
      const ceilingCpu: number[] = [];
      const ceilingRoute: Route = { name: "ceiling", paths: ["/healthz"] };
      await load(ceiling, ceilingRoute, 3, connections);
      // The ceiling is measured before each route and after the last: each route's share is of the mean of the two
      // ceiling runs beside it, so work elsewhere on the machine moving up or down during a round moves both.
      const ceilingSeconds = Math.max(3, Math.round(seconds / 2));
      for (let round = 1; round <= rounds; round++) {
        const tops: number[] = [(await load(ceiling, ceilingRoute, ceilingSeconds, connections)).rps];
        const got: Measured[] = [];
        for (const r of routes) {
          got.push(await load(pathway, r, seconds, connections));
          const next = await load(ceiling, ceilingRoute, ceilingSeconds, connections);
          tops.push(next.rps);
          ceilingCpu.push(next.cpu);
        }
        ceilings.push(...tops);
        for (const [k, m] of got.entries()) results[k]!.push({ ...m, share: m.rps / ((tops[k]! + tops[k + 1]!) / 2) });
        console.log(
          `  round ${round}: ceiling ${tops.map((t) => t.toFixed(0)).join(" ")} req/s; routes ${got
            .map((m) => m.rps.toFixed(0))
            .join(", ")}`,
        );
      }
      const rssAfter = rssOf(pathway.proc.pid!);

      const row = (cells: string[]) => `  | ${cells.join(" | ")} |`;
      console.log(
        row(["route", "req/s", "share of the ceiling", "p50 ms", "p99 ms", "server CPU µs/request", "non-2xx"]),
      );
      console.log(row(["---", "---:", "---:", "---:", "---:", "---:", "---:"]));
      // The ceiling's req/s is the median of all its runs; its CPU per request likewise.
      console.log(
        row([
          "minimal hono app (the ceiling)",
          median(ceilings).toFixed(0),
          "100%",
          "",
          "",
          median(ceilingCpu).toFixed(0),
          "",
        ]),
      );
      routes.forEach((r, k) => {
        const ms = results[k]!;
        console.log(
          row([
            r.name,
            median(ms.map((m) => m.rps)).toFixed(0),
            `${(median(ms.map((m) => m.share)) * 100).toFixed(1)}%`,
            median(ms.map((m) => m.p50)).toFixed(0),
            median(ms.map((m) => m.p99)).toFixed(0),
            median(ms.map((m) => m.cpu)).toFixed(0),
            String(ms.reduce((n, m) => n + m.bad, 0)),
          ]),
        );
      });
      console.log(
        `  Pathway RSS: ${rssBefore.toFixed(0)} MB after start and a warm-up request to each route, ${rssAfter.toFixed(0)} MB after the rounds`,
      );
    }

    if (mixedSeconds > 0) {
      // Memory under a mixed load, on a fresh process: 30 s of every route at once to warm it up, then RSS over
      // `mixedSeconds` more of the same.
      await ceiling.stop();
      ceiling = undefined;
      await pathway.stop();
      pathway = await start(pathwayArgs, env);
      await mixed(pathway, routes, 30, connections);
      const m = await mixed(pathway, routes, mixedSeconds, connections);
      const first = m.rss[0]!;
      const last = m.rss.at(-1)!;
      const pct = (x: number) => `${x >= first ? "+" : ""}${(((x - first) / first) * 100).toFixed(0)}%`;
      console.log(
        `  Mixed run (every route in turn on each connection, ${mixedSeconds} s after a 30 s warm-up): ${m.rps.toFixed(0)} req/s, server CPU ${m.cpu.toFixed(0)} µs/request, ${m.bad} non-2xx; Pathway RSS ${first.toFixed(0)} MB before, ${last.toFixed(0)} MB after (${pct(last)}); lowest ${Math.min(...m.rss).toFixed(0)} MB (${pct(Math.min(...m.rss))}), highest ${Math.max(...m.rss).toFixed(0)} MB (${pct(Math.max(...m.rss))}) of ${m.rss.length} readings 5 s apart`,
      );
    }
  } finally {
    await ceiling?.stop();
    await pathway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
