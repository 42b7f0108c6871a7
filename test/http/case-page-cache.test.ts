/**
 * The case page is made once per version of the case (server/cases/page-cache.ts): the same page again costs no
 * rendering, but no browser ever gets another's CSRF token, and no change, new day or filled-in form is missed.
 */
import { describe, expect, it } from "vitest";
import { htmx, makeApp } from "../helpers.js";

const json = { "Content-Type": "application/json" };

async function setUp() {
  const made = await makeApp(undefined, "2026-12-10");
  const res = await made.app.request("/api/cases", {
    method: "POST",
    headers: json,
    body: JSON.stringify({
      reference: "PC-1",
      procedures: "bolton",
      children: [{ id: "A", dateOfBirth: "2017-05-01" }],
    }),
  });
  const id = ((await res.json()) as { case: { id: string } }).case.id;
  return { ...made, id };
}

const tokenIn = (html: string) => /name="_csrf" value="([a-f0-9]{32})"/.exec(html)?.[1];

describe("the case page, made once per version of the case", () => {
  it("gives each browser its own token in an otherwise identical page", async () => {
    const { app, id } = await setUp();
    const a = await app.request(`/cases/${id}`);
    const b = await app.request(`/cases/${id}`);
    const [ha, hb] = [await a.text(), await b.text()];
    const [ta, tb] = [tokenIn(ha), tokenIn(hb)];
    expect(ta).toBeDefined();
    expect(tb).toBeDefined();
    expect(ta).not.toBe(tb);
    expect(a.headers.get("set-cookie")).toContain(`pathway_csrf=${ta}`);
    expect(ha.replaceAll(ta!, "T")).toBe(hb.replaceAll(tb!, "T"));
    expect(ha).not.toContain("placeholder");
    // Every form on the page carries the browser's own token.
    const forms = ha.match(/name="_csrf" value="[a-f0-9]{32}"/g) ?? [];
    expect(forms.length).toBeGreaterThan(1);
    for (const f of forms) expect(f).toContain(ta!);
    // With its cookie, a browser keeps its token.
    const again = await app.request(`/cases/${id}`, { headers: { Cookie: `pathway_csrf=${ta}` } });
    expect(tokenIn(await again.text())).toBe(ta);
  });

  it("shows a change at once, on the page and in the part htmx swaps", async () => {
    const { app, id } = await setUp();
    const before = await (await app.request(`/cases/${id}`)).text();
    await (await app.request(`/cases/${id}`, { headers: htmx })).text();
    expect(before).not.toContain("Strategy discussion on");
    const added = await app.request(`/api/cases/${id}/events`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ event: { type: "strategy_discussion", date: "2026-12-08" } }),
    });
    expect(added.status).toBe(201);
    const page = await (await app.request(`/cases/${id}`)).text();
    const part = await (await app.request(`/cases/${id}`, { headers: htmx })).text();
    for (const html of [page, part]) {
      expect(html).not.toBe(before);
      expect(html).toMatch(/8 December 2026/);
    }
    expect(page).toContain("<html");
    expect(part).not.toContain("<html");
  });

  it("works the page out again on a new day", async () => {
    const { app, ctx, id } = await setUp();
    const first = await (await app.request(`/cases/${id}`)).text();
    ctx.today = () => "2027-03-01";
    const later = await (await app.request(`/cases/${id}`)).text();
    expect(later.replaceAll(tokenIn(later)!, "T")).not.toBe(first.replaceAll(tokenIn(first)!, "T"));
    ctx.today = () => "2026-12-10";
    const back = await (await app.request(`/cases/${id}`)).text();
    expect(back.replaceAll(tokenIn(back)!, "T")).toBe(first.replaceAll(tokenIn(first)!, "T"));
  });

  it("does not keep a page with a form filled in, nor serve it to the next request", async () => {
    const { app, id } = await setUp();
    const plain = await (await app.request(`/cases/${id}`)).text();
    const chosen = await (await app.request(`/cases/${id}?record=icpc_held`)).text();
    expect(chosen.replaceAll(tokenIn(chosen)!, "T")).not.toBe(plain.replaceAll(tokenIn(plain)!, "T"));
    const again = await (await app.request(`/cases/${id}`)).text();
    expect(again.replaceAll(tokenIn(again)!, "T")).toBe(plain.replaceAll(tokenIn(plain)!, "T"));
  });
});
