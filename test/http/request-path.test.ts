/**
 * The request path as a browser meets it, over a real socket (server/http/serve.ts): security headers on every
 * response, the CSRF cookie only on pages that carry a form, fingerprinted assets cached for a year with ETags,
 * and body limits read from Content-Length before a byte of the body is read.
 */
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveApp } from "../../server/http/serve.js";
import { assetUrl } from "../../server/http/assets.js";
import { makeApp } from "../helpers.js";

let base = "";
let close: () => Promise<void> = async () => {};
let made: Awaited<ReturnType<typeof makeApp>>;

beforeAll(async () => {
  made = await makeApp();
  const { app } = made;
  await new Promise<void>((resolve) => {
    const server = serveApp(app, { port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      close = () => new Promise((r) => server.close(() => r()));
      resolve();
    });
  });
});
afterAll(() => close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

describe("every response", () => {
  it.each(["/healthz", "/api/procedures", "/cases", "/nowhere", assetUrl("app.css")])(
    "%s carries the security headers",
    async (path) => {
      const res = await get(path);
      expect(res.headers.get("content-security-policy")).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
      );
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );
});

describe("the CSRF cookie", () => {
  it.each(["/healthz", "/api/procedures", "/api/search?q=core+group", assetUrl("app.js")])(
    "is never set on %s (no form)",
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toBeNull();
    },
  );

  it("is never set by the JSON API, reading or changing", async () => {
    const res = await fetch(`${base}/api/plan`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ procedures: "bolton", today: "2026-12-21" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("is set by a page with a form, once: the browser keeps it and the form carries it", async () => {
    const first = await get("/cases/new");
    const cookie = first.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^pathway_csrf=[a-f0-9]{32}; Path=\/; HttpOnly; SameSite=Strict$/);
    const token = /pathway_csrf=([a-f0-9]{32})/.exec(cookie)![1]!;
    expect(await first.text()).toContain(`name="_csrf" value="${token}"`);
    const again = await get("/cases/new", { Cookie: `pathway_csrf=${token}` });
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await again.text()).toContain(`value="${token}"`);
  });
});

describe("static assets", () => {
  it("pages link fingerprinted names, cached for a year", async () => {
    const html = await (await get("/cases/new")).text();
    for (const name of ["app.css", "app.js", "htmx.min.js"]) {
      const url = assetUrl(name);
      expect(url).toMatch(/^\/assets\/(app|htmx)\.[a-f0-9]{10}\.(css|js|min\.js)$/);
      expect(html).toContain(`"${url}"`);
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(res.headers.get("etag")).toMatch(/^"[a-f0-9]{10}"$/);
      expect(url).toContain(res.headers.get("etag")!.slice(1, -1));
    }
    expect((await get(assetUrl("app.css"))).headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("answers 304 to a browser holding the same content, and 404 to a name that is not an asset", async () => {
    const url = assetUrl("app.js");
    const etag = (await get(url)).headers.get("etag")!;
    const cached = await get(url, { "If-None-Match": etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe("");
    expect((await get("/assets/app.0000000000.js")).status).toBe(404);
    expect((await get("/assets/secrets.json")).status).toBe(404);
  });

  it("still answers the plain names, revalidated on each use", async () => {
    const res = await get("/assets/app.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect((await get("/assets/app.css", { "If-None-Match": res.headers.get("etag")! })).status).toBe(304);
  });
});

describe("search answers", () => {
  it("are the same when the question is asked again, and searched afresh once the guidance is reloaded", async () => {
    const q = `/api/search?q=${encodeURIComponent("who chairs the core group")}&limit=3`;
    const first = await (await get(q)).json();
    const again = await get(q);
    expect(again.headers.get("content-type")).toContain("application/json");
    expect(await again.json()).toEqual(first);
    const search = made.ctx.search;
    made.ctx.reloadGuidance();
    expect(made.ctx.search).not.toBe(search);
    expect(await (await get(q)).json()).toEqual(first);
    expect((await get("/api/search?q=%20")).status).toBe(400);
  });
});

describe("body limits", () => {
  it("refuses a declared body over 1 MB with 413 before reading it", async () => {
    // Content-Length says 2 MB but only a few bytes follow: the answer comes from the header alone.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${base}/api/plan`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: { "Content-Type": "application/json", "Content-Length": String(2 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on("error", reject);
      req.write("{}");
    });
    expect(status).toBe(413);
  });

  it("refuses a body sent without a length (chunked) once it passes 1 MB", async () => {
    const res = await fetch(`${base}/api/plan`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode(" ".repeat(100_000)));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});
