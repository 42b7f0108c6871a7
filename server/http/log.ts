/**
 * The request log: one line a request — method, path, status, milliseconds — on stdout. Never a body, and never
 * the query string (searches and conversation ids may hold personal data): the path only.
 * Lines are gathered and written once per turn of the event loop (one write for many requests under load), and
 * whatever is still gathered is written when the process exits.
 */
import { writeSync } from "node:fs";
import type { MiddlewareHandler } from "hono";

/** On unless NODE_ENV=test (quiet test runs); LOG_REQUESTS=1 turns it on anyway, LOG_REQUESTS=0 off. */
export const requestLogWanted = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.LOG_REQUESTS === "1" || (env.LOG_REQUESTS !== "0" && env.NODE_ENV !== "test");

let pending = "";
let scheduled = false;
let exitHook = false;

function flush() {
  scheduled = false;
  if (!pending) return;
  const out = pending;
  pending = "";
  process.stdout.write(out);
}

/** Writes a line to stdout with the others of this turn of the event loop: one write for many requests under load. */
export function batchedStdout(line: string) {
  pending += `${line}\n`;
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      if (pending) writeSync(1, pending);
      pending = "";
    });
  }
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

export function requestLog(write: (line: string) => void = batchedStdout): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    write(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  };
}
