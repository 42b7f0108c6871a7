/**
 * Where the project's own files are: the folder holding package.json, found from this module whether it runs from
 * source (server/paths.ts, under tsx or vitest) or compiled (dist/server/paths.js, `npm start`). Shipped content —
 * guidance/, checklists/, views/app.css and app.js — is read from there, never from beside the compiled code.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The project folder (no trailing slash). */
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project folder. */
export const fromRoot = (...parts: string[]) => join(ROOT, ...parts);
