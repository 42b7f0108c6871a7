/**
 * The production build (`npm run build`, server/tools/build.mjs) and `npm start` (server/tools/start.mjs): compiled once into
 * dist/, rebuilt only when a source changes, and run in one process that serves pages, the API and the assets.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run build and npm start", () => {
  it("builds when needed, then serves from dist/ in one process", async () => {
    const built = spawnSync(process.execPath, ["server/tools/build.mjs", "--if-needed"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(join(ROOT, "dist/server/main.js"))).toBe(true);
    // Up to date now: a second run does nothing.
    const again = spawnSync(process.execPath, ["server/tools/build.mjs", "--if-needed"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(again.stdout).toBe("");

    const child = spawn(process.execPath, ["server/tools/start.mjs"], {
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
      // The compiled server reads what ships from the project folder: guidance, rules, vocabulary, scenarios.
      for (const path of ["api/procedures", "guidance", "rules", "training", "compare", "glossary", "chat", "cases"])
        expect((await fetch(`${url}${path}`)).status, path).toBe(200);
      expect(
        await (await fetch(`${url}search?q=${encodeURIComponent("when is the review conference")}`)).text(),
      ).toMatch(/Review/);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }, 120_000);
});

describe("compiled code", () => {
  it("finds shipped files from the project folder, never from where a module sits (server/paths.ts)", () => {
    // A path made from import.meta.url points into dist/ once compiled (or bundled into one file) and is not found.
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const rel = join(dir, e.name);
        if (e.isDirectory()) walk(rel);
        else if (/\.tsx?$/.test(e.name) && rel !== join("server", "paths.ts")) {
          const text = readFileSync(join(ROOT, rel), "utf8");
          if (/new URL\([^)]*import\.meta\.url/.test(text)) offenders.push(rel);
        }
      }
    };
    walk("server");
    walk("views");
    expect(offenders, "use fromRoot() from server/paths.ts").toEqual([]);
  });
});
