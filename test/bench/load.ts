/**
 * Load with accounts (issue 14): 20 signed-in users of two teams, mixed page reads, API reads and writes, against a
 * real server on loopback, with autocannon. Bounded: 20 seconds by default (LOAD_SECONDS), loopback only.
 *
 * Each user has two connections, as a browser does: one reading pages (case list, case page, history; 2 a second)
 * and one using the JSON API (a case read, then a recorded visit or a changed answer; 1 a second), always on their
 * own team's cases and with their own session cookie. Reported: errors (non-2xx/3xx and socket errors), and
 * p50 / p99 / max latency for pages and for the API, with the rates achieved. `npm run bench:load`, and the last
 * part of `npm run bench`.
 */
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { addDays, londonToday } from "../../server/domain/dates.js";
import { ms } from "./stats.js";

interface User {
  cookie: string;
  cases: string[];
}

const USERS = 20;

export async function benchLoad(seconds = Number(process.env.LOAD_SECONDS ?? 20)) {
  console.log(`\nLoad: ${USERS} signed-in users, mixed reads and writes, ${seconds} s on loopback (autocannon)`);
  // The server runs in its own process, as in use; autocannon here.
  const child = spawn(
    process.execPath,
    [
      // LOAD_PROFILE=<dir>: a CPU profile of the server.
      ...(process.env.LOAD_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LOAD_PROFILE}`] : []),
      "--import",
      "tsx",
      fileURLToPath(new URL("./load-server.ts", import.meta.url)),
    ],
    {
      env: { ...process.env, LOAD_USERS: String(USERS) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  try {
    const first = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        const nl = out.indexOf("\n");
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on("exit", (code) => reject(new Error(`the load server stopped (${code})`)));
    });
    const setup = JSON.parse(first) as { url: string; users: User[]; signIn: number[] };
    const users = setup.users;
    const server = { url: setup.url };
    const today = londonToday();
    {
      const sorted = [...setup.signIn].sort((a, b) => a - b);
      console.log(
        `  ${USERS} users signed in over HTTP (bcrypt cost 12): one sign-in p50 ${ms(sorted[Math.floor(USERS / 2)]!)}, max ${ms(sorted.at(-1)!)}`,
      );
      let t = 0;
      let nextPage = 0;
      let nextApi = 0;
      const pick = (u: User) => u.cases[Math.floor(Math.random() * u.cases.length)]!;
      type Ctx = { user?: User };
      const who = (context: Ctx, counter: () => number) => (context.user ??= users[counter() % USERS]!);
      const withUser = (counter: () => number, path: (u: User) => string, body?: () => unknown) => ({
        setupRequest: (req: autocannon.Request, context: object): autocannon.Request => {
          const u = who(context as Ctx, counter);
          return {
            ...req,
            ...(body ? { body: JSON.stringify(body()) } : {}),
            path: path(u),
            headers: { ...req.headers, cookie: u.cookie },
          };
        },
      });
      const pageCounter = () => nextPage++;
      const apiCounter = () => nextApi++;
      let visits = 0;
      const common = { url: server.url, duration: seconds, connections: USERS, initialContext: {} };
      t = performance.now();
      const [pages, api] = await Promise.all([
        autocannon({
          ...common,
          connectionRate: 2,
          requests: [
            { method: "GET", ...withUser(pageCounter, () => "/cases") },
            { method: "GET", ...withUser(pageCounter, (u) => `/cases/${pick(u)}`) },
            { method: "GET", ...withUser(pageCounter, (u) => `/cases/${pick(u)}`) },
            { method: "GET", ...withUser(pageCounter, (u) => `/cases/${pick(u)}/history`) },
          ],
        }),
        autocannon({
          ...common,
          connectionRate: 1,
          requests: [
            { method: "GET", ...withUser(apiCounter, (u) => `/api/cases/${pick(u)}`) },
            {
              method: "POST",
              headers: { "content-type": "application/json" },
              ...withUser(
                apiCounter,
                (u) => `/api/cases/${pick(u)}/events`,
                () => ({ event: { type: "cp_visit", date: addDays(today, -(visits++ % 30)) } }),
              ),
            },
            {
              method: "PATCH",
              headers: { "content-type": "application/json" },
              ...withUser(
                apiCounter,
                (u) => `/api/cases/${pick(u)}/facts`,
                () => ({ facts: { interpreterNeeded: visits % 2 === 0 } }),
              ),
            },
          ],
        }),
      ]);
      const elapsed = (performance.now() - t) / 1000;
      const line = (label: string, r: autocannon.Result) =>
        console.log(
          `  ${label.padEnd(34)} ${String(r.requests.total).padStart(6)} requests (${(r.requests.total / elapsed).toFixed(0)}/s)   p50 ${ms(r.latency.p50).padStart(8)}   p99 ${ms(r.latency.p99).padStart(8)}   max ${ms(r.latency.max).padStart(8)}   errors ${r.errors + r.timeouts + r.non2xx}`,
        );
      line("pages (list, case, history)", pages);
      line("API (read, record a visit, answer)", api);
      const [one] = loadavg();
      console.log(
        `  machine: ${cpus().length} cores, load average ${one!.toFixed(1)} at the end (other processes compete for the same cores; compare runs on a quiet machine)`,
      );
      const errors = pages.errors + pages.timeouts + pages.non2xx + api.errors + api.timeouts + api.non2xx;
      console.log(
        `  ${errors === 0 ? "no errors" : `${errors} ERRORS`}; page p99 ${ms(pages.latency.p99)} ${pages.latency.p99 < 100 ? "(under 100 ms)" : "(OVER 100 ms)"}`,
      );
      return { pages, api, errors };
    }
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}

if (process.argv[1]?.endsWith("load.ts")) await benchLoad();
