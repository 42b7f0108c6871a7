/**
 * The production build (`npm run build`, scripts/build.mjs) and `npm start` (scripts/start.mjs): compiled once into
 * dist/, rebuilt only when a source changes, and run in one process that serves pages, the API and the assets.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run build and npm start", () => {
  it("builds when needed, then serves from dist/ in one process", async () => {
    const built = spawnSync(process.execPath, ["scripts/build.mjs", "--if-needed"], { cwd: ROOT, encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(join(ROOT, "dist/server/main.js"))).toBe(true);
    // Up to date now: a second run does nothing.
    const again = spawnSync(process.execPath, ["scripts/build.mjs", "--if-needed"], { cwd: ROOT, encoding: "utf8" });
    expect(again.stdout).toBe("");

    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: ROOT,
      // vitest sets BASE_URL=/ (Vite's base path) in its environment: not Pathway's setting.
      env: {
        ...process.env,
        BASE_URL: "",
        PORT: "0",
        LOG_REQUESTS: "0",
        DATA_DIR: mkdtempSync(join(tmpdir(), "pathway-")),
      },
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /running at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]!);
          }
        }, 50);
        child.on("exit", () => {
          clearInterval(timer);
          reject(new Error(`exited: ${out}`));
        });
      });
      const health = await fetch(`${url}healthz`);
      expect(health.status).toBe(200);
      expect(health.headers.get("content-security-policy")).toContain("default-src 'self'");
      const page = await (await fetch(`${url}cases/new`)).text();
      const css = /href="(\/assets\/app\.[a-f0-9]{10}\.css)"/.exec(page)?.[1];
      expect(css).toBeDefined();
      const asset = await fetch(`${url}${css!.slice(1)}`);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toContain("{");
      // The compiled server reads the shipped guidance from the project folder.
      expect((await fetch(`${url}api/procedures`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }, 120_000);
});
