/**
 * Issue 9: the Host allow-list, links from BASE_URL, per-client rate limits, case and event caps, the name
 * recorded with a change, and importing any case Pathway can hold.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type AppOptions, createApp } from "../../server/app.js";
import { buildContext } from "../../server/bootstrap.js";
import { allowedHosts, defaultBaseUrl, normalizeHost, readConfig } from "../../server/config.js";
import { MAX_BODY_BYTES, MAX_IMPORT_BYTES } from "../../server/http/body.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import type { CaseLimits } from "../../server/store/limits.js";
import { SCHEMA_VERSION } from "../../server/store/schema.js";
import { addDays, londonToday } from "../../server/domain/dates.js";
import { SHIPPED_GUIDANCE, TEST_RATE_LIMITS, caseIds, makeApp } from "../helpers.js";

const TODAY = "2026-12-10";

async function appWith(opts: Partial<AppOptions> = {}, limits: Partial<CaseLimits> = {}, dataDir?: string) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "pathway-limits-"));
  const store = await FileCaseStore.open(dir, { limits });
  const ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir: dir, today: () => TODAY });
  return {
    store,
    app: createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE, rateLimits: TEST_RATE_LIMITS, ...opts }),
  };
}

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const newCase = { reference: "LIM-1", procedures: "bolton" };
const visit = (date = "2026-12-01") => ({ event: { type: "cp_visit", date } });

describe("Host allow-list", async () => {
  const { app, store } = await makeApp(undefined, TODAY);

  it("refuses a request addressed to another host name, even with a matching Origin (DNS rebinding)", async () => {
    const before = (await caseIds(store)).length;
    const create = await app.request(
      "/api/cases",
      post(newCase, { Host: "attacker.example:3000", Origin: "http://attacker.example:3000" }),
    );
    expect(create.status).toBe(421);
    expect(await create.json()).toEqual({
      error: { code: "misdirected_request", message: expect.stringContaining("ALLOWED_HOSTS") },
    });
    expect(await caseIds(store)).toHaveLength(before);
    const list = await app.request("/api/cases", { headers: { Host: "attacker.example" } });
    expect(list.status).toBe(421);
    const page = await app.request("/cases", { headers: { Host: "attacker.example" } });
    expect(page.status).toBe(421);
    expect(page.headers.get("Content-Type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("<h1>Wrong address</h1>");
    expect(html).not.toContain("attacker");
    expect(page.headers.getSetCookie()).toEqual([]); // refused before the CSRF cookie is made
  });

  it("answers to the loopback names on any port", async () => {
    for (const host of ["localhost", "localhost:3000", "127.0.0.1:49152", "[::1]:3000", "LOCALHOST.", "127.0.0.1"]) {
      const res = await app.request("/api/procedures", { headers: { Host: host } });
      expect(res.status, host).toBe(200);
    }
    for (const host of ["127.0.0.2", "localhost.attacker.example", "[::2]", "", "a b"]) {
      const res = await app.request("/api/procedures", { headers: { Host: host } });
      expect(res.status, host).toBe(421);
    }
  });

  it("answers to HOST, BASE_URL's host and ALLOWED_HOSTS when configured", async () => {
    const config = readConfig({
      HOST: "0.0.0.0",
      BASE_URL: "https://pathway.council.example",
      ALLOWED_HOSTS: " Pathway.Local:8080 , 192.168.1.20,::1 ",
    });
    expect(config.extraHosts).toEqual(["pathway.local", "192.168.1.20", "[::1]"]);
    const names = allowedHosts(config);
    expect(names).toEqual(
      expect.arrayContaining([
        "localhost",
        "127.0.0.1",
        "[::1]",
        "0.0.0.0",
        "pathway.council.example",
        "pathway.local",
        "192.168.1.20",
      ]),
    );
    const { app: configured } = await appWith({ allowedHosts: names, baseUrl: config.baseUrl });
    for (const host of ["pathway.local:3000", "192.168.1.20", "pathway.council.example", "localhost"])
      expect((await configured.request("/api/procedures", { headers: { Host: host } })).status, host).toBe(200);
    expect((await configured.request("/api/procedures", { headers: { Host: "evil.example" } })).status).toBe(421);
  });

  it("reads the settings and refuses nonsense", () => {
    const d = readConfig({});
    expect(d.baseUrl).toBeUndefined();
    expect(defaultBaseUrl(d.host, d.port)).toBe("http://127.0.0.1:3000");
    expect(defaultBaseUrl("0.0.0.0", 8080)).toBe("http://127.0.0.1:8080");
    expect(defaultBaseUrl("10.1.2.3", 8080)).toBe("http://10.1.2.3:8080");
    expect(defaultBaseUrl("::1", 8080)).toBe("http://127.0.0.1:8080");
    expect(readConfig({ BASE_URL: "https://pathway.example.org/" }).baseUrl).toBe("https://pathway.example.org");
    expect(() => readConfig({ BASE_URL: "pathway.example.org" })).toThrow(/BASE_URL must be a web address/);
    expect(() => readConfig({ BASE_URL: "https://x.example/app" })).toThrow(/nothing after it/);
    expect(() => readConfig({ ALLOWED_HOSTS: "good.example,bad host" })).toThrow(/ALLOWED_HOSTS: "bad host"/);
    expect(() => readConfig({ RATE_LIMIT_WRITES: "-1" })).toThrow(/RATE_LIMIT_WRITES must be a whole number/);
    expect(readConfig({ RATE_LIMIT_ASKS: "0" }).rateLimitAsks).toBe(0);
    expect(() => readConfig({ MAX_CASES: "lots" })).toThrow(/MAX_CASES/);
    expect(normalizeHost("[::1]:3000")).toBe("[::1]");
    expect(normalizeHost("Example.ORG.:80")).toBe("example.org");
  });
});

describe("absolute links come from BASE_URL, never from Host", () => {
  it("uses the configured base URL in .ics URL lines whatever Host says", async () => {
    const { app } = await appWith({
      baseUrl: "https://pathway.council.example",
      allowedHosts: ["localhost", "pathway.council.example"],
    });
    const created = await app.request("/api/cases", post(newCase));
    const { case: c } = (await created.json()) as { case: { id: string } };
    await app.request(`/api/cases/${c.id}/events`, post({ event: { type: "strategy_discussion", date: TODAY } }));
    for (const path of [`/cases/${c.id}/calendar.ics`, "/cases/calendar.ics"]) {
      const ics = await (await app.request(path, { headers: { Host: "localhost:9999" } })).text();
      expect(ics).toContain(`URL:https://pathway.council.example/cases/${c.id}`);
      expect(ics).not.toContain("localhost");
    }
  });

  it("defaults to http://127.0.0.1:3000", async () => {
    const { app } = await makeApp(undefined, TODAY);
    const { case: c } = (await (await app.request("/api/cases", post(newCase))).json()) as { case: { id: string } };
    await app.request(`/api/cases/${c.id}/events`, post({ event: { type: "strategy_discussion", date: TODAY } }));
    const ics = await (
      await app.request(`/cases/${c.id}/calendar.ics`, { headers: { Host: "localhost:4000" } })
    ).text();
    expect(ics).toContain(`URL:http://127.0.0.1:3000/cases/${c.id}`);
    expect(ics).not.toContain("localhost:4000");
  });
});

describe("per-client rate limits", () => {
  /** app.request with the client address a socket would give. */
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

  it("answers 429 with Retry-After past the write limit; reads, and other clients, are not held up", async () => {
    const { app } = await appWith({ rateLimits: { writes: 3, asks: 2 } });
    for (let i = 0; i < 3; i++) {
      const res = await app.request("/api/plan", post({ procedures: "bolton" }), from("10.0.0.1"));
      expect(res.status).toBe(200);
    }
    const over = await app.request("/api/cases", post(newCase), from("10.0.0.1"));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(over.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/^Too many changes from this computer: at most 3 a minute\. Wait \d+ seconds?/);
    // A page form gets a plain message.
    const form = await app.request(
      "/cases",
      { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "reference=x" },
      from("10.0.0.1"),
    );
    expect(form.status).toBe(429);
    expect(form.headers.get("Content-Type")).toContain("text/plain");
    expect(await form.text()).toContain("Too many changes");
    const htmxForm = await app.request(
      "/cases",
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true" },
        body: "reference=x",
      },
      from("10.0.0.1"),
    );
    expect(htmxForm.status).toBe(429);
    expect(htmxForm.headers.get("HX-Retarget")).toBe("#main");
    expect(await htmxForm.text()).toMatch(
      /^<div id="error-page" role="alert"><h1>Too many requests<\/h1><p>Too many changes/,
    );
    // Reads go on; another address has its own budget; questions have their own budget.
    expect((await app.request("/api/cases", {}, from("10.0.0.1"))).status).toBe(200);
    expect((await app.request("/api/cases", post(newCase), from("10.0.0.2"))).status).toBe(201);
    const ask = (addr: string) => app.request("/api/ask", post({ message: "What is an ICPC?" }), from(addr));
    expect((await ask("10.0.0.1")).status).toBe(200);
    expect((await ask("10.0.0.1")).status).toBe(200);
    const tooMany = await ask("10.0.0.1");
    expect(tooMany.status).toBe(429);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain("Too many questions");
    expect(tooMany.headers.get("Retry-After")).toMatch(/^\d+$/);
  });

  it("lets requests through again once the window has passed", async () => {
    const { app } = await appWith({ rateLimits: { writes: 1, asks: 1, windowMs: 300 } });
    expect((await app.request("/api/plan", post({ procedures: "bolton" }))).status).toBe(200);
    expect((await app.request("/api/plan", post({ procedures: "bolton" }))).status).toBe(429);
    await new Promise((r) => setTimeout(r, 400));
    expect((await app.request("/api/plan", post({ procedures: "bolton" }))).status).toBe(200);
  });

  it("0 turns a limit off", async () => {
    const { app } = await appWith({ rateLimits: { writes: 0, asks: 0 } });
    for (let i = 0; i < 150; i++)
      expect((await app.request("/api/plan", post({ procedures: "bolton" }))).status).toBe(200);
  });
});

describe("case and event caps", () => {
  it("refuses a case past MAX_CASES with a 409 naming the limit, on the API and the page", async () => {
    const { app, store } = await appWith({}, { maxCases: 2 });
    expect((await app.request("/api/cases", post(newCase))).status).toBe(201);
    expect((await app.request("/api/cases", post(newCase))).status).toBe(201);
    const third = await app.request("/api/cases", post(newCase));
    expect(third.status).toBe(409);
    const err = ((await third.json()) as { error: { code: string; message: string; details: unknown } }).error;
    expect(err.code).toBe("limit_reached");
    expect(err.message).toMatch(/at most 2 cases \(MAX_CASES\).*No case was created/);
    expect(err.details).toEqual({ limit: "cases", max: 2 });
    const exported = await (await app.request(`/api/cases/${(await caseIds(store))[0]!}/export`)).text();
    const imported = await app.request("/api/cases/import", { ...post(null), body: exported });
    expect(imported.status).toBe(409);
    const page = await app.request("/cases/new");
    const cookie = page.headers
      .getSetCookie()
      .map((x) => x.split(";")[0])
      .join("; ");
    const csrf = /name="_csrf" value="([a-f0-9]+)"/.exec(await page.text())![1]!;
    const form = await app.request("/cases", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body: new URLSearchParams({
        _csrf: csrf,
        reference: "FORM",
        procedures: "bolton",
        "child1-label": "AB",
        "child1-dob": "01/05/2017",
      }),
    });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain("Pathway holds at most 2 cases (MAX_CASES)");
    expect(await caseIds(store)).toHaveLength(2);
  });

  it("refuses an event past MAX_EVENTS_PER_CASE, but removing events still works", async () => {
    const { app, store } = await appWith({}, { maxEventsPerCase: 3 });
    const { case: c } = (await (await app.request("/api/cases", post(newCase))).json()) as { case: { id: string } };
    for (let i = 1; i <= 3; i++)
      expect((await app.request(`/api/cases/${c.id}/events`, post(visit(`2026-12-0${i}`)))).status).toBe(201);
    const over = await app.request(`/api/cases/${c.id}/events`, post(visit("2026-12-04")));
    expect(over.status).toBe(409);
    const err = ((await over.json()) as { error: { message: string } }).error;
    expect(err.message).toMatch(
      /LIM-1 has 3 events; a case may hold at most 3 \(MAX_EVENTS_PER_CASE\)\. Nothing was added/,
    );
    expect((await store.get(c.id))!.events).toHaveLength(3);
    const page = await app.request(`/cases/${c.id}`);
    const cookie = page.headers
      .getSetCookie()
      .map((x) => x.split(";")[0])
      .join("; ");
    const csrf = /name="_csrf" value="([a-f0-9]+)"/.exec(await page.text())![1]!;
    // The case page's form, sent by htmx: the message takes the place of the page content, not a blank checklist.
    const viaHtmx = await app.request(`/cases/${c.id}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, "HX-Request": "true" },
      body: new URLSearchParams({ _csrf: csrf, type: "cp_visit", date: "04/12/2026" }),
    });
    expect(viaHtmx.status).toBe(409);
    expect(viaHtmx.headers.get("HX-Retarget")).toBe("#main");
    expect(viaHtmx.headers.get("HX-Reselect")).toBe("#error-page");
    const fragment = await viaHtmx.text();
    expect(fragment).toMatch(/^<div id="error-page"><h1>There is a problem<\/h1><p>Case LIM-1 has 3 events/);
    const del = await app.request(`/api/cases/${c.id}/events/${(await store.get(c.id))!.events[0]!.id}`, {
      method: "DELETE",
      headers: { Cookie: cookie, "X-CSRF-Token": csrf },
    });
    expect(del.status).toBe(200);
    expect((await app.request(`/api/cases/${c.id}/events`, post(visit("2026-12-04")))).status).toBe(201);
  });

  it("re-imports an exported case at the event cap with a full audit trail (over 1 MB)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pathway-big-"));
    mkdirSync(join(dir, "cases"));
    const by = "N".repeat(60);
    const events = Array.from({ length: 500 }, (_, i) => ({
      id: `e${i}`,
      type: "cp_visit",
      date: "2026-12-01",
      time: "10:00",
      childSeen: true,
      recordedAt: "2026-12-01T10:00:00.000Z",
      recordedBy: by,
    }));
    const big = {
      schemaVersion: SCHEMA_VERSION,
      id: "bigcase01",
      reference: "B".repeat(80),
      procedures: "bolton",
      versions: {},
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-12-01T00:00:00.000Z",
      closed: false,
      children: [],
      facts: {},
      events,
      done: [],
      audit: Array.from({ length: 5000 }, (_, i) => ({
        at: "2026-12-01T10:00:00.000Z",
        by,
        change: "event added",
        after: events[i % 500],
      })),
    };
    writeFileSync(join(dir, "cases", "bigcase01.json"), JSON.stringify(big, null, 1));
    const { app, store } = await appWith({}, {}, dir);
    const file = await app.request("/cases/bigcase01/export.json");
    const text = await file.text();
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_BODY_BYTES);
    const res = await app.request("/api/cases/import", { ...post(null), body: text });
    expect(res.status).toBe(201);
    const { case: copy } = (await res.json()) as { case: { id: string; events: unknown[] } };
    expect(copy.events).toHaveLength(500);
    expect((await store.get(copy.id))!.audit.at(-1)!.change).toBe("imported (was case bigcase01)");
    // One event more than a case may hold is refused by name; a body past the import limit is a 413.
    const tooMany = { ...big, events: [...events, { ...events[0]!, id: "e500" }] };
    const refused = await app.request("/api/cases/import", post(tooMany));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /holds 501 events; a case may hold at most 500 \(MAX_EVENTS_PER_CASE\)\. Nothing was imported/,
    );
    const huge = await app.request("/api/cases/import", { ...post(null), body: " ".repeat(MAX_IMPORT_BYTES + 1) });
    expect(huge.status).toBe(413);
    // Other bodies keep the 1 MB limit.
    expect((await app.request("/api/cases", { ...post(null), body: " ".repeat(MAX_BODY_BYTES + 1) })).status).toBe(413);
  });
});

describe("the name recorded with a change", async () => {
  const { app, store } = await makeApp(undefined, TODAY);

  it("keeps at most 60 printable characters of the form's name, in the case and in the cookie", async () => {
    const first = await app.request("/cases/new");
    const cookie = first.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const csrf = /name="_csrf" value="([a-f0-9]+)"/.exec(await first.text())![1]!;
    const by = `Sam\r\nSet-Cookie: evil=1\u0007\u202e${"é".repeat(10_000)}`;
    const body = new URLSearchParams({
      _csrf: csrf,
      reference: "NAME-1",
      procedures: "bolton",
      "child1-label": "AB",
      "child1-dob": "01/05/2017",
      by,
    });
    const res = await app.request("/cases", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
      body,
    });
    expect(res.status).toBe(303);
    const id = res.headers.get("location")!.split("/").pop()!;
    const stored = (await store.get(id))!.audit[0]!.by;
    expect(stored).toBe(`Sam Set-Cookie: evil=1 ${"é".repeat(60 - "Sam Set-Cookie: evil=1 ".length)}`);
    expect(Array.from(stored)).toHaveLength(60);
    const userCookie = res.headers.getSetCookie().find((c) => c.startsWith("pathway_user="))!;
    expect(decodeURIComponent(userCookie.split(";")[0]!.slice("pathway_user=".length))).toBe(stored);
    expect(userCookie.length).toBeLessThan(1000);
  });

  it("cleans X-User and the API's by field the same way", async () => {
    const { case: c } = (await (
      await app.request("/api/cases", post(newCase, { "X-User": `${"x".repeat(100)}\u0001` }))
    ).json()) as { case: { id: string } };
    expect((await store.get(c.id))!.audit[0]!.by).toBe("x".repeat(60));
    await app.request(`/api/cases/${c.id}/events`, post({ ...visit(), by: "\u0007Jo\u0000 Bloggs\t" }));
    const rec = (await store.get(c.id))!;
    expect(rec.audit.at(-1)!.by).toBe("Jo Bloggs");
    expect(rec.events[0]!.recordedBy).toBe("Jo Bloggs");
  });
});

describe("npm start", () => {
  /** A raw request, so the Host header can be anything (fetch sets its own). */
  const raw = (url: string, path: string, host: string, method = "GET", body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const u = new URL(url);
      const req = httpRequest(
        {
          host: u.hostname,
          port: u.port,
          path,
          method,
          headers: { Host: host, ...(body ? { "Content-Type": "application/json" } : {}) },
        },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  it("checks Host and links from the address it listens on (PORT=0), or from BASE_URL", async () => {
    for (const baseUrl of ["", "https://pathway.council.example"]) {
      const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
        // vitest sets BASE_URL=/ (Vite's base path) in its environment: not Pathway's setting.
        env: {
          ...process.env,
          BASE_URL: baseUrl,
          PORT: "0",
          ALLOWED_HOSTS: "pathway.local",
          DATA_DIR: mkdtempSync(join(tmpdir(), "pathway-")),
        },
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = "";
          child.stdout.on("data", (d) => {
            out += d;
            const m = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
            if (m) resolve(m[1]!);
          });
          child.stderr.on("data", (d) => (out += d));
          child.on("exit", () => reject(new Error(out)));
        });
        const port = new URL(url).port;
        expect((await raw(url, "/api/procedures", "attacker.example")).status).toBe(421);
        expect((await raw(url, "/api/procedures", `127.0.0.1:${port}`)).status).toBe(200);
        expect((await raw(url, "/api/procedures", "pathway.local")).status).toBe(200);
        const created = await raw(url, "/api/cases", `localhost:${port}`, "POST", JSON.stringify(newCase));
        expect(created.status).toBe(201);
        const id = (JSON.parse(created.text) as { case: { id: string } }).case.id;
        await raw(
          url,
          `/api/cases/${id}/events`,
          "localhost",
          "POST",
          // Held events are not after today (the real one, here): a strategy discussion a few days ago.
          JSON.stringify({ event: { type: "strategy_discussion", date: addDays(londonToday(), -3) } }),
        );
        const ics = await raw(url, `/cases/${id}/calendar.ics`, "pathway.local:8080");
        expect(ics.text).toContain(`URL:${baseUrl || url}/cases/${id}`);
        expect(ics.text).not.toContain("pathway.local");
      } finally {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
    }
  }, 30_000);
});
