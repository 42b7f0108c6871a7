/**
 * Accounts from the command line and at start-up (issue 14): `npm run user:add` makes the first administrator; a
 * HOST beyond loopback without any account is refused with one line; with an account, sign-in is required; the
 * command refuses to touch a DATA_DIR a running Pathway holds.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// vitest sets BASE_URL=/ (Vite's base path) in its environment: not Pathway's setting.
const ENV = { ...process.env, BASE_URL: "" };

function run(script: string, args: string[], env: Record<string, string>, input?: string) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, env: { ...ENV, ...env } });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  if (input !== undefined) child.stdin.end(input);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const printed = async (re: RegExp) => {
    for (let i = 0; i < 2400 && !re.test(out); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!re.test(out)) throw new Error(`not printed ${re}: ${out}`);
    return out;
  };
  return { child, exited, printed, output: () => out };
}

const addAdmin = (dataDir: string) =>
  run(
    "server/tools/user-add.ts",
    ["--admin", "--username", "ada@example.org", "--name", "Ada Admin", "--password-stdin"],
    { DATA_DIR: dataDir },
    "a long admin password\n",
  );

describe("accounts at start-up", () => {
  it("refuses a HOST beyond loopback while there are no accounts, in one line", async () => {
    const app = run("server/main.ts", [], {
      HOST: "0.0.0.0",
      PORT: "0",
      DATA_DIR: mkdtempSync(join(tmpdir(), "pathway-")),
    });
    expect(await app.exited).toBe(1);
    const lines = app
      .output()
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("npm warn"));
    expect(lines).toEqual([
      "Pathway could not start: HOST 0.0.0.0 reaches beyond this computer, and there are no accounts yet, so anyone who reached it could read every case. Create an administrator first (npm run user:add -- --admin), or run on 127.0.0.1.",
    ]);
  }, 120_000);

  it("makes the first administrator with npm run user:add; then everyone signs in, and the command waits for Pathway to stop", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pathway-"));
    const add = addAdmin(dataDir);
    expect(await add.exited, add.output()).toBe(0);
    expect(add.output()).toContain("Added Ada Admin (ada@example.org), administrator");
    const again = addAdmin(dataDir);
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain("There is already an account ada@example.org");

    const app = run("server/main.ts", [], { PORT: "0", DATA_DIR: dataDir });
    try {
      const out = await app.printed(/running at (http:\/\/127\.0\.0\.1:\d+\/)/);
      const url = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
      expect((await fetch(new URL("/api/cases", url))).status).toBe(401);
      const res = await fetch(new URL("/api/session", url), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ username: "ada@example.org", password: "a long admin password" }),
      });
      expect(res.status).toBe(201);
      const busy = run(
        "server/tools/user-add.ts",
        ["--username", "x@example.org", "--name", "X", "--role", "agency", "--password-stdin"],
        { DATA_DIR: dataDir },
        "another long password\n",
      );
      expect(await busy.exited).toBe(1);
      expect(busy.output()).toMatch(/Pathway \(process \d+\) is using DATA_DIR/);
    } finally {
      app.child.kill("SIGTERM");
      await app.exited;
    }
  }, 180_000); // four processes started in turn: slow on a busy machine
});
