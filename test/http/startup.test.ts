/** The real entry point, as `npm start` runs it: prints its address, and explains a taken port without a stack trace. */
import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    // vitest sets BASE_URL=/ (Vite's base path) in its environment: not Pathway's setting.
    env: { ...process.env, BASE_URL: "", DATA_DIR: mkdtempSync(join(tmpdir(), "pathway-")), ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const printed = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        if (re.test(out)) {
          clearInterval(timer);
          resolve(out);
        }
      }, 50);
      void exited.then(() => {
        clearInterval(timer);
        re.test(out) ? resolve(out) : reject(new Error(`exited: ${out}`));
      });
    });
  return { child, exited, printed, output: () => out };
}

describe("npm start", () => {
  it("starts with embedded defaults and prints its URL", async () => {
    const app = start({ PORT: "0" });
    try {
      const out = await app.printed(/running at (http:\/\/127\.0\.0\.1:\d+\/)/);
      const url = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
      const res = await fetch(new URL("/api/procedures", url));
      expect(res.status).toBe(200);
    } finally {
      app.child.kill("SIGTERM");
      await app.exited;
    }
  });

  it("says plainly when the port is taken", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const app = start({ PORT: String(port) });
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(app.output()).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it("refuses a nonsense PORT with a message", async () => {
    const app = start({ PORT: "eighty" });
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain("PORT must be a whole number");
  });
});
