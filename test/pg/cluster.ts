/**
 * A throwaway PostgreSQL cluster for tests and the bench: initdb in a temp folder, started on a free port with its
 * socket in that folder (no TCP listener), stopped and removed afterwards. Debian's PostgreSQL 15 by default
 * (`apt-get install -y postgresql`; PG_BIN to use another). PostgreSQL refuses to run as root, so as root the
 * cluster runs as the `postgres` user (runuser); otherwise as whoever runs the tests.
 * No Docker, no mocks: the real server.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** PG_BIN, or the newest Debian PostgreSQL installed (/usr/lib/postgresql/<major>/bin). */
export const PG_BIN =
  process.env.PG_BIN ??
  (() => {
    const root = "/usr/lib/postgresql";
    const majors = existsSync(root)
      ? readdirSync(root)
          .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, "bin", "initdb")))
          .sort((a, b) => Number(b) - Number(a))
      : [];
    return join(root, majors[0] ?? "15", "bin");
  })();

export interface Cluster {
  /** postgresql://… for the `postgres` database (make your own with createDatabase). */
  url: string;
  dir: string;
  port: number;
  stop(): void;
}

/** Why PostgreSQL cannot be used here, or undefined when it can. */
export function missingPostgres(): string | undefined {
  if (!existsSync(join(PG_BIN, "initdb")) || !existsSync(join(PG_BIN, "pg_ctl")))
    return `PostgreSQL is not installed (no ${PG_BIN}/initdb): apt-get install -y postgresql, or set PG_BIN`;
  if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"]).status !== 0)
    return "running as root, and there is no postgres user to run PostgreSQL as";
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function run(args: string[], asPostgres: boolean, what: string) {
  const [cmd, ...rest] = asPostgres ? ["runuser", "-u", "postgres", "--", ...args] : args;
  const r = spawnSync(cmd!, rest, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

export async function startCluster(): Promise<Cluster> {
  const why = missingPostgres();
  if (why) throw new Error(why);
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "pathway-pg-"));
  const data = join(dir, "data");
  if (asPostgres) {
    const uid = Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const port = await freePort();
  run(
    [join(PG_BIN, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
    asPostgres,
    "initdb",
  );
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=''",
    "-c max_connections=200",
    "-c shared_buffers=256MB",
    // Durability stays on (fsync, synchronous_commit): the crash tests rely on what a real server does.
  ].join(" ");
  run(
    [join(PG_BIN, "pg_ctl"), "-D", data, "-l", join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"],
    asPostgres,
    "pg_ctl start",
  );
  // A run killed before its teardown (a timeout, SIGKILL) must not leave the cluster behind: a watchdog outside
  // this process stops and removes it once this process is gone (and exits at once after a normal stop).
  const pgCtlStop = `${asPostgres ? "runuser -u postgres -- " : ""}${join(PG_BIN, "pg_ctl")} -D '${data}' -m immediate stop`;
  spawn(
    "sh",
    [
      "-c",
      `while [ -d /proc/${process.pid} ] && [ -d '${data}' ]; do sleep 2; done; ${pgCtlStop} >/dev/null 2>&1; rm -rf '${dir}'`,
    ],
    { detached: true, stdio: "ignore" },
  ).unref();
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run([join(PG_BIN, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"], asPostgres, "pg_ctl stop");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgresql://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`, dir, port, stop };
}

let dbCounter = 0;

/** A new, empty database on the cluster `url` points at; returns its URL. */
export async function createDatabase(url: string, prefix = "t"): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${dbCounter++}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
