/** The request log: one line a request with method, path, status and time; no query string, no body. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Hono } from "hono";
import { requestLog, requestLogWanted } from "../../server/http/log.js";
import { makeApp } from "../helpers.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("request log", () => {
  it("writes method, path, status and milliseconds, without the query string or the body", async () => {
    const lines: string[] = [];
    const app = new Hono();
    app.use(
      "*",
      requestLog((l) => lines.push(l)),
    );
    app.get("/search", (c) => c.text("ok"));
    app.post("/cases/:id/events", (c) => c.text("no", 400));
    await app.request("/search?q=Jane%20Smith%20born%2003%2F12%2F2019");
    await app.request("/cases/abc123/events", { method: "POST", body: "note=Jane+Smith" });
    await app.request("/nowhere");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^GET \/search 200 \d+ms$/);
    expect(lines[1]).toMatch(/^POST \/cases\/abc123\/events 400 \d+ms$/);
    expect(lines[2]).toMatch(/^GET \/nowhere 404 \d+ms$/);
    expect(lines.join("\n")).not.toMatch(/Jane|Smith|q=/);
  });

  it("is on by default, off under NODE_ENV=test unless LOG_REQUESTS=1, and LOG_REQUESTS=0 turns it off", () => {
    expect(requestLogWanted({})).toBe(true);
    expect(requestLogWanted({ NODE_ENV: "production" })).toBe(true);
    expect(requestLogWanted({ NODE_ENV: "test" })).toBe(false);
    expect(requestLogWanted({ NODE_ENV: "test", LOG_REQUESTS: "1" })).toBe(true);
    expect(requestLogWanted({ LOG_REQUESTS: "0" })).toBe(false);
  });

  it("the app logs each request, errors included, when LOG_REQUESTS=1 (a batch per turn of the event loop)", async () => {
    vi.stubEnv("LOG_REQUESTS", "1");
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const { app } = await makeApp();
    await app.request("/api/search?q=core+group");
    await app.request("/cases/zzzzzz");
    await new Promise((r) => setImmediate(r));
    const lines = written.join("").split("\n").filter(Boolean);
    expect(lines).toEqual([
      expect.stringMatching(/^GET \/api\/search 200 \d+ms$/),
      expect.stringMatching(/^GET \/cases\/zzzzzz 404 \d+ms$/),
    ]);
  });

  it("the app is silent in tests", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const write = vi.spyOn(process.stdout, "write");
    const { app } = await makeApp();
    await app.request("/api/search?q=core+group");
    await new Promise((r) => setImmediate(r));
    expect(log).not.toHaveBeenCalled();
    expect(write.mock.calls.filter((c) => /GET \/api\/search/.test(String(c[0])))).toEqual([]);
    expect(process.env.NODE_ENV).toBe("test");
  });
});
