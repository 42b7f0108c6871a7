/**
 * What a case needs besides its checklist, over HTTP: undo a "Mark done", close and reopen, add or correct a
 * child, the history of changes, the recorder's name; and the page saying what a change did, in place (htmx)
 * and after a plain form post.
 */
import { describe, expect, it } from "vitest";
import { htmx, makeApp } from "../helpers.js";

const { app, store } = await makeApp(undefined, "2026-12-21");

function session() {
  let cookie = "";
  const request = async (path: string, init: RequestInit = {}) => {
    const res = await app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), Cookie: cookie },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const name = pair!.split("=")[0]!;
      cookie = [...cookie.split("; ").filter((x) => x && !x.startsWith(`${name}=`)), pair].join("; ");
    }
    return res;
  };
  const page = async (path: string) => (await request(path)).text();
  const post = async (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
    const html = await page(path.startsWith("/cases/") ? `/cases/${path.split("/")[2]}` : "/cases/new");
    const body = new URLSearchParams({ _csrf: /name="_csrf" value="([a-f0-9]+)"/.exec(html)![1]!, ...fields });
    return request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body,
    });
  };
  return { request, page, post };
}

async function newCase(fields: Record<string, string> = {}) {
  const s = session();
  const res = await s.post("/cases", {
    reference: "CP-2026-0142",
    procedures: "bolton",
    "child1-label": "AB",
    "child1-dob": "14/02/2015",
    "child1-lookedAfter": "no",
    by: "SW1",
    ...fields,
  });
  expect(res.status).toBe(303);
  return { s, id: res.headers.get("location")!.split("/").pop()! };
}

const rec = async (id: string) => (await store.get(id))!;
const actionIds = (html: string) => [...html.matchAll(/name="actionId" value="([^"]+)"/g)].map((m) => m[1]!);

describe("a new case", () => {
  it("opens with its first step and what that sets off, not a wall of waiting", async () => {
    const { s, id } = await newCase();
    const html = await s.page(`/cases/${id}`);
    expect(html).toContain("Record the strategy discussion to start the clock");
    expect(html).toMatch(
      /Initial child protection conference \(ICPC\)<\/strong> — due 15 working days after the strategy discussion/,
    );
    // Without JavaScript the link opens the form with the event chosen.
    const chosen = await s.page(`/cases/${id}?record=strategy_discussion`);
    expect(chosen).toMatch(/<option value="strategy_discussion" selected="">/);
    // A short way to the form for the keyboard: a skip link and a link at the top.
    expect(html).toContain('<a class="skip-link" href="#record">Skip to Record what happened</a>');
    expect(html).toContain('<h2 id="record" tabindex="-1">Record what happened</h2>');
  });
});

describe("saying what a change did, where it was made", () => {
  it("after a plain form post the page comes back naming the event, what it dated, and takes focus there", async () => {
    const { s, id } = await newCase();
    const res = await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "18/12/2026" });
    expect(res.status).toBe(303);
    const back = res.headers.get("location")!;
    expect(back).toMatch(new RegExp(`^/cases/${id}\\?did=event&id=`));
    const html = await s.page(back);
    expect(html).toMatch(
      /<div class="flash" id="event-recorded" tabindex="-1" data-focus="" autofocus="" data-announce="Recorded: Strategy discussion held on Friday 18 December 2026\./,
    );
    // 15 working days after Fri 18 Dec 2026, skipping the bank holidays.
    expect(html).toContain("Initial child protection conference (ICPC)</a>: now due Wednesday 13 January 2027");
    // The name typed when the case was created is remembered and shown with what is recorded.
    expect(html).toContain("recorded by SW1");
    expect(html).toContain('id="by" name="by" value="SW1"');
  });

  it("a typed name is remembered for the next change; no name is never shown as 'not given'", async () => {
    const { s, id } = await newCase({ by: "" });
    await s.post(`/cases/${id}/events`, { type: "referral", date: "17/12/2026" });
    let html = await s.page(`/cases/${id}`);
    expect(html).not.toContain("not given");
    await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "18/12/2026", by: "Jo Bloggs" });
    html = await s.page(`/cases/${id}`);
    expect(html).toContain("recorded by Jo Bloggs");
    expect(html).toContain('value="Jo Bloggs"');
    const [doneId] = actionIds(html);
    await s.post(`/cases/${id}/done`, { actionId: doneId! });
    expect((await rec(id)).done[0]!.by).toBe("Jo Bloggs");
  });

  it("a mistyped date: the error summary is in the form it belongs to and takes focus", async () => {
    const { s, id } = await newCase();
    const res = await s.post(`/cases/${id}/events`, { type: "cp_visit", date: "31/02/2026" });
    expect(res.status).toBe(400);
    const html = await res.text();
    const form = html.slice(html.indexOf(`action="/cases/${id}/events"`));
    expect(form.indexOf('class="error-summary"')).toBeGreaterThan(-1);
    expect(form.indexOf('class="error-summary"')).toBeLessThan(form.indexOf('id="type"'));
    expect(html).toMatch(
      /class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" autofocus/,
    );
  });

  it("marks an action done in its place, with Undo there; Undo puts it back and says so", async () => {
    const { s, id } = await newCase();
    await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "18/12/2026" });
    const page = await s.page(`/cases/${id}`);
    const icpc = actionIds(page).find((x) => x.startsWith("bolton.icpc@"))!;
    const res = await s.post(`/cases/${id}/done`, { actionId: icpc }, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    const anchor = `action-${icpc.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    expect(html).toContain(`<li class="action action-flash" id="${anchor}" tabindex="-1" data-focus=""`);
    expect(html).toContain("Marked done:</strong> Initial child protection conference (ICPC). It has moved to Done.");
    expect(html).toMatch(
      /Undo “Mark done”<span class="visually-hidden">: Initial child protection conference \(ICPC\)/,
    );
    // The timeline names the action, never its rule id.
    expect(html).toContain("marked done — Initial child protection conference (ICPC)");
    expect(html.replace(/<[^>]+>/g, " ")).not.toMatch(/bolton\.[a-z-]+/);

    const undone = await s.post(`/cases/${id}/done/undo`, { actionId: icpc });
    expect(undone.status).toBe(303);
    expect(undone.headers.get("location")).toContain("did=undone");
    expect((await rec(id)).done).toEqual([]);
    const again = await s.page(undone.headers.get("location")!);
    expect(again).toContain(`<li class="action action-flash" id="${anchor}" tabindex="-1" data-focus="" autofocus=""`);
    expect(again).toContain("No longer marked done.");
    expect((await rec(id)).audit.at(-1)).toMatchObject({ change: "mark done undone" });
    // Nothing to undo is a 404 with a plain message.
    const nothing = await s.post(`/cases/${id}/done/undo`, { actionId: icpc });
    expect(nothing.status).toBe(404);
  });

  it("a saved answer is said where the question was, with what it changed", async () => {
    const { s, id } = await newCase({ "child1-lookedAfter": "" });
    const res = await s.post(`/cases/${id}/answers`, { question: "child:AB:lookedAfter", answer: "yes" }, htmx);
    const html = await res.text();
    expect(html).toMatch(/<div class="flash" id="answer-saved" tabindex="-1" data-focus=""/);
    expect(html).toContain("Answer saved:</strong> Is AB looked after: Yes.");
  });

  it("removing an event says what was removed", async () => {
    const { s, id } = await newCase();
    await s.post(`/cases/${id}/events`, { type: "referral", date: "17/12/2026" });
    const eventId = (await rec(id)).events[0]!.id;
    const res = await s.post(`/cases/${id}/events/${eventId}/delete`, {});
    const html = await s.page(res.headers.get("location")!);
    expect(html).toContain("<strong>Removed:</strong> Referral received on Thursday 17 December 2026.");
  });
});

describe("closing and reopening a case", () => {
  it("a closed case leaves the list and the calendar of all cases, keeps its record, refuses changes until reopened", async () => {
    const { s, id } = await newCase({ reference: "CLOSE-ME-1" });
    await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "18/12/2026" });
    expect(await s.page("/cases")).toContain("CLOSE-ME-1");
    expect(await (await s.request("/cases/calendar.ics")).text()).toContain("CLOSE-ME-1");

    const res = await s.post(`/cases/${id}/close`, { reason: "plan ended" });
    expect(res.status).toBe(303);
    const page = await s.page(res.headers.get("location")!);
    expect(page).toContain("This case is closed");
    expect(page).toContain("Reason: plan ended");
    expect(page).toContain("Reopen this case");
    expect(page).not.toContain(`action="/cases/${id}/events"`);
    expect(await s.page("/cases")).not.toContain("CLOSE-ME-1");
    expect(await (await s.request("/cases/calendar.ics")).text()).not.toContain("CLOSE-ME-1");
    const closedList = await s.page("/cases?show=closed");
    expect(closedList).toContain("CLOSE-ME-1");
    expect(await s.page("/cases")).toMatch(/Closed cases \(\d+\)/);
    // Its record is kept, and nothing can be added to it.
    expect((await rec(id)).events).toHaveLength(1);
    const refused = await s.post(`/cases/${id}/events`, { type: "referral", date: "17/12/2026" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("is closed, so nothing was changed");

    const reopened = await s.post(`/cases/${id}/reopen`, {});
    expect(reopened.status).toBe(303);
    expect(await s.page(reopened.headers.get("location")!)).toContain("Case reopened.");
    expect(await s.page("/cases")).toContain("CLOSE-ME-1");
    const history = await s.page(`/cases/${id}/history`);
    expect(history).toContain("Closed the case — plan ended");
    expect(history).toContain("Reopened the case");
  });

  it("the API closes, reopens and undoes a Mark done", async () => {
    const json = { "Content-Type": "application/json", "X-User": "api" };
    const created = await app.request("/api/cases", {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        reference: "API-CLOSE",
        procedures: "bolton",
        children: [{ id: "A", dateOfBirth: "2016-01-01" }],
      }),
    });
    const id = ((await created.json()) as { case: { id: string } }).case.id;
    await app.request(`/api/cases/${id}/events`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ event: { type: "strategy_discussion", date: "2026-12-18" } }),
    });
    const plan = (
      (await (await app.request(`/api/cases/${id}`)).json()) as { plan: { actions: { id: string; rule: string }[] } }
    ).plan;
    const icpc = plan.actions.find((a) => a.rule === "bolton.icpc")!.id;
    await app.request(`/api/cases/${id}/done`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ actionId: icpc }),
    });
    const undo = await app.request(`/api/cases/${id}/done/${encodeURIComponent(icpc)}`, {
      method: "DELETE",
      headers: json,
    });
    expect(undo.status).toBe(200);
    expect(((await undo.json()) as { case: { done: unknown[] } }).case.done).toEqual([]);
    const closed = await app.request(`/api/cases/${id}/close`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ reason: "moved" }),
    });
    expect(((await closed.json()) as { case: { closed: boolean } }).case.closed).toBe(true);
    const again = await app.request(`/api/cases/${id}/close`, { method: "POST", headers: json, body: "{}" });
    expect(again.status).toBe(409);
    const reopened = await app.request(`/api/cases/${id}/reopen`, { method: "POST", headers: json, body: "{}" });
    expect(((await reopened.json()) as { case: { closed: boolean } }).case.closed).toBe(false);
  });
});

describe("children after the case was created", () => {
  it("adds a child and corrects one; a corrected label keeps its Mark done", async () => {
    const { s, id } = await newCase();
    const add = await s.post(`/cases/${id}/children`, { "child1-label": "CD", "child1-dob": "01/03/2019" });
    expect(add.status).toBe(303);
    expect(await s.page(add.headers.get("location")!)).toContain("Saved: CD (born Friday 1 March 2019).");
    expect((await rec(id)).children.map((c) => c.id)).toEqual(["AB", "CD"]);

    // A mistake is shown beside the field, with what was typed kept.
    const bad = await s.post(`/cases/${id}/children`, { "child1-label": "AB", "child1-dob": "31/02/2019" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("There is a problem");
    expect(badHtml).toContain('value="31/02/2019"');

    await s.post(`/cases/${id}/events`, { type: "icpc_held", date: "18/12/2026", outcome: "plan" });
    const perChild = actionIds(await s.page(`/cases/${id}`)).find((x) => x.includes(":CD@"));
    expect(perChild).toBeDefined();
    await s.post(`/cases/${id}/done`, { actionId: perChild! });
    const form = await s.page(`/cases/${id}/children?child=CD`);
    expect(form).toContain("Correct CD’s details");
    expect(form).toContain('value="01/03/2019"');
    const fix = await s.post(`/cases/${id}/children`, {
      original: "CD",
      "child1-label": "CE",
      "child1-dob": "02/03/2019",
    });
    expect(fix.status).toBe(303);
    const after = await rec(id);
    expect(after.children.find((c) => c.id === "CE")).toMatchObject({ dateOfBirth: "2019-03-02" });
    expect(after.done.map((d) => d.actionId)).toContain(perChild!.replace(":CD@", ":CE@"));
    const history = await s.page(`/cases/${id}/history`);
    expect(history).toContain("Added a child: CD (born Friday 1 March 2019)");
    expect(history).toContain(
      "Corrected a child: CD (born Friday 1 March 2019) is now CE (born Saturday 2 March 2019)",
    );
  });
});

describe("the history of changes", () => {
  it("lists every change in words, newest first, with who and when; the case page shows the latest", async () => {
    const { s, id } = await newCase();
    await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "18/12/2026" });
    const page = await s.page(`/cases/${id}`);
    expect(page).toContain("History of changes");
    expect(page).toContain("Recorded: Strategy discussion held on Friday 18 December 2026");
    const html = await s.page(`/cases/${id}/history`);
    const created = html.indexOf("Created the case");
    const recorded = html.indexOf("Recorded: Strategy discussion held");
    expect(recorded).toBeGreaterThan(-1);
    expect(created).toBeGreaterThan(recorded);
    expect(html).toContain("SW1");
  });
});

describe("overdue dates", () => {
  it("say by how many working days, on the case page, the list and the print view", async () => {
    const { s, id } = await newCase({ reference: "LATE-1" });
    // A strategy discussion on 18 Nov 2026: the ICPC was due 15 working days later, Wed 9 Dec; today is Mon 21 Dec.
    await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "18/11/2026" });
    const page = await s.page(`/cases/${id}`);
    expect(page).toContain("Overdue by 8 working days");
    expect(await s.page("/cases")).toMatch(/Overdue by \d+ working days?/);
    expect(await s.page(`/cases/${id}/print`)).toContain("Overdue by 8 working days");
  });
});
