#!/usr/bin/env node
/**
 * `npm start`: builds when a source changed since the last build (server/tools/build.mjs), then runs the compiled
 * server in this process. A fresh clone has no dist/: the first start builds it (a second or two). If it cannot be
 * built here (no compiler that loads, a project folder it may not write to), the source runs through tsx instead:
 * slower to start, the same server.
 */
import { ensureBuilt } from "./build.mjs";

let built = true;
try {
  await ensureBuilt();
} catch (e) {
  built = false;
  console.warn(`${e.message.split("\n")[0]}\nStarting Pathway from its source instead (tsx).`);
}
if (built) await import("../../dist/server/main.js");
else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../main.ts");
}
