/**
 * Start-up: from running the command to the first HTTP 200 (GET /healthz), on a fresh DATA_DIR, for `npm start` (the
 * compiled server, built beforehand) and, paired with it run for run, the source run through tsx as `npm start` did
 * before (`npx tsx server/main.ts`). Paired runs alternate, so a busy machine slows both alike; medians reported.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Milliseconds from spawning `cmd` to the first 200 from /healthz. */
async function firstAnswer(cmd: string, args: string[]): Promise<number> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "pathway-start-"));
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_REQUESTS: "0", BASE_URL: "" },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        /* not listening yet */
      }
      if (performance.now() - started > 60_000) throw new Error(`${cmd} ${args.join(" ")} did not answer in 60 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((r) => child.once("exit", r));
    // npm exits before the server under it has finished stopping (writing its last backup into DATA_DIR): wait until
    // nothing of the group is left, then remove the folder.
    for (let waited = 0; waited < 10_000; waited += 50) {
      try {
        process.kill(-child.pid!, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchStartup(pairs = Number(process.env.BENCH_START_RUNS ?? 7)) {
  console.log(`\nStart-up: command to first HTTP 200, fresh DATA_DIR, ${pairs} paired runs`);
  execFileSync(process.execPath, [join(ROOT, "server/tools/build.mjs"), "--if-needed"], { stdio: "inherit" });
  const built: number[] = [];
  const source: number[] = [];
  for (let i = 0; i < pairs; i++) {
    built.push(await firstAnswer("npm", ["start", "--silent"]));
    source.push(await firstAnswer("npx", ["tsx", "server/main.ts"]));
  }
  const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
  console.log(`  npm start (compiled, dist/)      median ${median(built).toFixed(0)} ms   (${list(built)})`);
  console.log(`  npx tsx server/main.ts (before)  median ${median(source).toFixed(0)} ms   (${list(source)})`);
}
