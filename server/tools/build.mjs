#!/usr/bin/env node
/**
 * `npm run build` (server/tools/build.mjs): compiles server/ and views/ once into dist/; `npm start`
 * (server/tools/start.mjs) runs dist/server/main.js. Shipped content (guidance/, checklists/, views/app.css, app.js)
 * is read from the project folder, not copied. Plain JavaScript, run by Node as it is: it builds the TypeScript.
 *
 * The compiler is esbuild's JS API (what tsx runs on; a second or two), which bundles the server and the packages it
 * uses into dist/server/main.js; if esbuild cannot be loaded, the TypeScript compiler's emit (one file per source
 * file, same entry point). Neither checks types here: `npm test` and `npm run lint` do (tsc --noEmit). Compiled code
 * finds shipped files from the project folder (server/paths.ts), never from where the compiled module sits.
 *
 * `--if-needed` (what `npm start` and `npm run bench` use) builds only when dist/ is missing or older than a source:
 * a source file newer than the last build, or a different set of source files, means a build.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

// This file is server/tools/build.mjs: the project folder is two up.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".built");
const SOURCES = ["server", "views"];
const CONFIGS = ["tsconfig.json", "tsconfig.build.json", "package-lock.json", "server/tools/build.mjs"];

function sources() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
    }
  };
  for (const d of SOURCES) walk(join(ROOT, d));
  return [...out, ...CONFIGS.map((f) => join(ROOT, f)).filter((f) => existsSync(f))].sort();
}

/** Why a build is needed, or undefined when dist/ is up to date. */
export function staleness() {
  if (!existsSync(STAMP)) return "no build yet";
  const files = sources();
  const listed = readFileSync(STAMP, "utf8");
  if (listed !== files.map((f) => relative(ROOT, f)).join("\n")) return "source files added or removed";
  const built = statSync(STAMP).mtimeMs;
  const newer = files.find((f) => statSync(f).mtimeMs > built);
  return newer ? `${relative(ROOT, newer)} changed` : undefined;
}

/**
 * One file, dist/server/main.js, with the packages it uses: Node then loads one module instead of some thousand, which
 * is most of start-up. CommonJS packages inside it get a `require` of their own (the banner). Its source map is written
 * beside it, and used when Node is started with --enable-source-maps (NODE_OPTIONS): reading a map of that size at
 * every start would cost a third of a second.
 */
async function withEsbuild() {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(ROOT, "server/main.ts")],
    outfile: join(DIST, "server/main.js"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    sourcemap: true,
    banner: {
      js: "import { createRequire as __pathwayRequire } from 'node:module'; const require = __pathwayRequire(import.meta.url);",
    },
    logLevel: "silent",
  });
}

function withTsc() {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  // tsc: 0 built, 2 built despite type errors (npm run typecheck lists them), anything else not built.
  if (r.status !== 0 && r.status !== 2) {
    process.stdout.write(r.stdout);
    throw new Error("the TypeScript compiler reported the problems above");
  }
}

/** Compiles into a fresh dist/; returns the milliseconds it took. Throws when neither compiler could build it. */
export async function build() {
  const started = performance.now();
  const files = sources();
  rmSync(DIST, { recursive: true, force: true });
  try {
    await withEsbuild();
  } catch (e) {
    console.warn(`esbuild could not build Pathway (${e.message.split("\n")[0]}); using the TypeScript compiler.`);
    try {
      rmSync(DIST, { recursive: true, force: true });
      withTsc();
    } catch (e2) {
      throw new Error(`Pathway could not be built: ${e2.message}`);
    }
  }
  // Written last, listing what it was built from: an interrupted build is never taken for a finished one.
  writeFileSync(STAMP, files.map((f) => relative(ROOT, f)).join("\n"));
  return performance.now() - started;
}

/** Builds when needed; quiet when dist/ is up to date. */
export async function ensureBuilt() {
  const why = staleness();
  if (!why) return;
  console.log(`Building Pathway (${why})…`);
  const ms = await build();
  console.log(`Built in ${(ms / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (process.argv.includes("--if-needed")) await ensureBuilt();
    else console.log(`Built in ${((await build()) / 1000).toFixed(1)} s.`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
