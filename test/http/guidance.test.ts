import { describe, expect, it } from "vitest";
import { FIXTURE_GUIDANCE, htmx, makeApp } from "../helpers.js";

const { app } = await makeApp();
const fx = (await makeApp(FIXTURE_GUIDANCE, "2026-11-23")).app;
const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe("GET /api/procedures", () => {
  it("lists every set with its documents exactly in the contract's shape", async () => {
    const res = await get("/api/procedures");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      procedures: { id: string; name: string; area: string; documents: Record<string, unknown>[] }[];
    };
    expect(body.procedures.map((p) => p.id).sort()).toEqual(["bolton", "cp-guide", "darlington", "llr", "lscb-ch9"]);
    const llr = body.procedures.find((p) => p.id === "llr")!;
    expect(llr.documents[0]).toMatchObject({
      id: "practice-standards",
      version: "2020-02",
      approved: "2020-02",
      reviewDue: "2021-07-30",
      url: "/guidance/llr/practice-standards/v/2020-02",
    });
    for (const p of body.procedures)
      for (const d of p.documents)
        expect(Object.keys(d)).toEqual(expect.arrayContaining(["id", "title", "version", "url"]));
  });
});

describe("GET /api/search", () => {
  it("answers in the contract's shape, best first", async () => {
    const res = await get(`/api/search?q=${encodeURIComponent("s47 deadline")}&limit=3`);
    const body = (await res.json()) as { query: string; results: Record<string, unknown>[] };
    expect(body.query).toBe("s47 deadline");
    expect(body.results).toHaveLength(3);
    expect(Object.keys(body.results[0]!)).toEqual(
      expect.arrayContaining([
        "procedures",
        "document",
        "documentTitle",
        "version",
        "section",
        "heading",
        "text",
        "url",
        "score",
      ]),
    );
    const scores = body.results.map((r) => r.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.results[0]!.text).toContain("deadline for the enquiry’s completion is day 10");
  });

  it.each([
    ["/api/search", 400, "q"],
    ["/api/search?q=%20%20", 400, "q"],
    [`/api/search?q=${"a".repeat(501)}`, 400, "500 characters"],
    ["/api/search?q=icpc&limit=0", 400, "limit"],
    ["/api/search?q=icpc&limit=abc", 400, "limit"],
    ["/api/search?q=icpc&procedures=atlantis", 404, "atlantis"],
  ])("%s → %i naming the problem", async (path, status, words) => {
    const res = await get(path);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toContain(words);
  });

  it("accepts procedures comma-separated or repeated", async () => {
    for (const qs of ["procedures=llr,bolton", "procedures=llr&procedures=bolton"]) {
      const body = (await (await get(`/api/search?q=core+group&limit=30&${qs}`)).json()) as {
        results: { procedures: string }[];
      };
      expect(new Set(body.results.map((r) => r.procedures))).toEqual(new Set(["llr", "bolton"]));
    }
  });
});

describe("guidance pages", () => {
  it("lists the sets, with a past-review tag on LLR", async () => {
    const html = await (await get("/guidance")).text();
    for (const name of ["Bolton", "Darlington", "Leicester, Leicestershire and Rutland"]) expect(html).toContain(name);
    expect(html).toContain("Past review date (30 July 2021)");
  });

  it("shows a document with contents, anchored sections, copy links and its version", async () => {
    const res = await get("/guidance/lscb-ch9/core-group-chapter-9");
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('id="9.2.4"');
    expect(html).toContain('id="9.2.4-p1"');
    expect(html).toMatch(/<a class="copy-link" href="#9.2.4" data-copy-link="true">/);
    expect(html).not.toContain('id="introduction"');
    expect(html).toContain('<nav class="toc"');
    expect(html).toContain("Undated (current)");
  });

  it("warns on a version past its review date", async () => {
    const html = await (await get("/guidance/llr/practice-standards")).text();
    expect(html).toContain("Past its review date.");
    expect(html).toContain("Friday 30 July 2021".replace("Friday ", ""));
  });

  it.each([
    "/guidance/atlantis",
    "/guidance/llr/nothing",
    "/guidance/llr/practice-standards/v/1999",
    "/guidance/llr/practice-standards/v/..%2F..%2Fpackage.json",
    "/guidance/..%2F..%2Fetc/passwd",
    "/guidance/llr/practice-standards/v/2020-02/source/../../../package.json",
  ])("%s → 404 page, nothing leaked", async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/"name": "pathway"|root:x|at .*\.ts:\d+/);
  });

  it("resolves a section or paragraph id on the server, and 404s an unknown one", async () => {
    const res = await get("/guidance/lscb-ch9/core-group-chapter-9/s/9.2.4");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/guidance/lscb-ch9/core-group-chapter-9/v/1#9.2.4");
    const pinned = await get("/guidance/bolton/child-protection-conferences/v/1/s/1-timing-p3");
    expect(pinned.headers.get("location")).toBe("/guidance/bolton/child-protection-conferences/v/1#1-timing-p3");
    const missing = await get("/guidance/lscb-ch9/core-group-chapter-9/s/9.9.9");
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("no section or paragraph “9.9.9”");
  });

  it("renders a glossary page", async () => {
    const html = await (await get("/glossary")).text();
    expect(html).toContain("Review child protection conference");
    expect(html).toContain('id="rcpc"');
  });
});

describe("versions and changes (fixture guidance)", () => {
  it("gives every version its own URL and a picker, and flags older ones", async () => {
    const current = await (await fx.request("/guidance/demo/procedure")).text();
    expect(current).toContain("Third edition (no approval date given) (current)");
    expect(current).toContain('<select id="version-picker" name="v">');
    const old = await fx.request("/guidance/demo/procedure/v/1");
    const html = await old.text();
    expect(html).toContain("This is not the current version.");
    expect(html).toContain("Past its review date.");
    const picked = await fx.request("/guidance/demo/procedure/version?v=2");
    expect(picked.status).toBe(303);
    expect(picked.headers.get("location")).toBe("/guidance/demo/procedure/v/2");
  });

  it("shows sections added, removed and changed with a word-level diff", async () => {
    const html = await (await fx.request("/guidance/demo/procedure/changes?from=1&to=2")).text();
    expect(html).toContain("3 sections differ");
    expect(html).toMatch(/<del>15\s*<\/del>|<del>15<\/del>/);
    expect(html).toMatch(/<ins>10\s*<\/ins>|<ins>10<\/ins>/);
    expect(html).toContain("Added");
    expect(html).toContain("Removed");
  });

  it("rejects a bad version in the comparison with an error summary", async () => {
    const res = await fx.request("/guidance/demo/procedure/changes?from=1&to=%3Cb%3E");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain("&lt;b&gt;");
    expect(html).not.toContain("<b>");
  });

  it("never renders script from guidance content", async () => {
    const res = await fx.request("/guidance/demo/procedure/v/2");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("a bad link");
    expect(html).not.toMatch(/<script>alert|javascript:alert|onerror=/);
  });
});

describe("search page", () => {
  it("shows highlighted results linking to passages", async () => {
    const html = await (await get(`/search?q=${encodeURIComponent("first core group")}`)).text();
    expect(html).toContain("<mark>core</mark>");
    expect(html).toMatch(/href="\/guidance\/[a-z0-9-]+\/[a-z0-9-]+\/v\/[^"#]+#[^"]+"/);
  });

  it("returns only the results fragment to htmx", async () => {
    const html = await (await get("/search?q=icpc", htmx)).text();
    expect(html.startsWith('<div id="results">')).toBe(true);
    expect(html).not.toContain("<html");
  });

  it("escapes what the user typed", async () => {
    const res = await get(`/search?q=${encodeURIComponent('<script>alert("x")</script>')}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;");
  });

  it("says when it corrected the spelling, and offers suggestions when nothing matches", async () => {
    expect(await (await get("/search?q=wen+is+the+reveiw+conferance")).text()).toContain("spelling corrected");
    const none = await (await get("/search?q=zzzzqqq")).text();
    expect(none).toContain("No passages found");
    expect(none).toContain("Try fewer words");
  });

  it("shows an error summary for an empty submitted query, and an empty state while typing", async () => {
    const res = await get("/search?q=");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("There is a problem");
    const typing = await get("/search?q=", htmx);
    expect(typing.status).toBe(200);
    expect(await typing.text()).toContain("Ask the way you would ask a colleague");
  });

  it("tags results from a version past its review date", async () => {
    const html = await (await get(`/search?q=${encodeURIComponent("MAQA notification")}&procedures=llr`)).text();
    expect(html).toContain("Past review date (30 July 2021)");
  });
});
