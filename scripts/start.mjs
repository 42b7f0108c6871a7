#!/usr/bin/env node
/** `npm start`: builds when a source changed since the last build (scripts/build.mjs), then runs the compiled server in this process. */
import { ensureBuilt } from "./build.mjs";

await ensureBuilt();
await import("../dist/server/main.js");
