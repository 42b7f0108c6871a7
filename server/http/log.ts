/**
 * The request log: one line a request — method, path, status, milliseconds — on stdout. Never a body, and never
 * the query string (searches and conversation ids may hold personal data): the path only.
 */
import type { MiddlewareHandler } from "hono";

/** On unless NODE_ENV=test (quiet test runs); LOG_REQUESTS=1 turns it on anyway, LOG_REQUESTS=0 off. */
export const requestLogWanted = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.LOG_REQUESTS === "1" || (env.LOG_REQUESTS !== "0" && env.NODE_ENV !== "test");

export function requestLog(write: (line: string) => void = (line) => console.log(line)): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    write(`${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  };
}
