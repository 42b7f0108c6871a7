import { describe, expect, it } from "vitest";
import { htmx, makeApp } from "../helpers.js";

const { app, store } = await makeApp(undefined, "2026-12-10");

/** A browser session: keeps cookies, reads the CSRF token from the page it was served. */
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
  const token = async (path: string) =>
    /name="_csrf" value="([a-f0-9]+)"/.exec(await (await request(path)).text())![1]!;
  const post = async (
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ) => {
    const csrf = await token(
      path.startsWith("/cases/") && path.split("/").length > 3 ? `/cases/${path.split("/")[2]}` : "/cases/new",
    );
    const body = new URLSearchParams();
    body.append("_csrf", csrf);
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body,
    });
  };
  return { request, post };
}

async function createCase(s = session(), fields: Record<string, string> = {}) {
  const res = await s.post("/cases", {
    reference: "CP-2026-0142",
    procedures: "cp-guide",
    "child1-label": "AB",
    "child1-dob": "01/05/2017",
    by: "SW1",
    ...fields,
  });
  expect(res.status).toBe(303);
  return { s, id: res.headers.get("location")!.split("/").pop()! };
}

describe("case pages", () => {
  it("creates a case from the short form and shows its checklist", async () => {
    const { s, id } = await createCase();
    const html = await (await s.request(`/cases/${id}`)).text();
    expect(html).toContain("<h1>CP-2026-0142</h1>");
    expect(html).toContain("AB (born Monday 1 May 2017)");
    expect(html).toContain("Waiting on");
    expect((await store.get(id))!.audit[0]).toMatchObject({ by: "SW1", change: "case created" });
  });

  it("shows errors next to the fields and keeps what was typed", async () => {
    const s = session();
    const res = await s.post("/cases", {
      reference: "<script>alert(1)</script>",
      procedures: "",
      "child1-label": "AB",
      "child1-dob": "31/02/2019",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("There is a problem");
    expect(html).toContain("Select the procedure set this case follows");
    expect(html).toContain("must be a real date, day first");
    expect(html).toContain('value="31/02/2019"');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
  });

  it("records an event typed day first (03/12/2026 is 3 December) and recomputes the checklist", async () => {
    const { s, id } = await createCase();
    const res = await s.post(`/cases/${id}/events`, { type: "icpc_held", date: "03/12/2026", outcome: "plan" });
    expect(res.status).toBe(303);
    expect((await store.get(id))!.events[0]).toMatchObject({ type: "icpc_held", date: "2026-12-03", outcome: "plan" });
    const html = await (await s.request(`/cases/${id}`)).text();
    // First core group within 10 working days of Thu 3 Dec 2026 → Thu 17 Dec 2026.
    expect(html).toContain("Thursday 17 December 2026");
  });

  it("refuses impossible and month-first dates with a message next to the field", async () => {
    const { s, id } = await createCase();
    for (const date of ["30/02/2026", "12/31/2026", "yesterday"]) {
      const res = await s.post(`/cases/${id}/events`, { type: "cp_visit", date });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('id="date-error"');
      expect(html).toContain(`value="${date}"`);
    }
    expect((await store.get(id))!.events).toEqual([]);
  });

  it("returns only the recomputed checklist to htmx", async () => {
    const { s, id } = await createCase();
    const res = await s.post(`/cases/${id}/events`, { type: "icpc_held", date: "03/12/2026", outcome: "plan" }, htmx);
    expect(res.status).toBe(200);
    const html = await res.text();
    // The container carries the htmx target, select and swap its forms inherit.
    expect(
      html.startsWith('<div id="case-main" hx-target="#case-main" hx-select="#case-main" hx-swap="outerHTML">'),
    ).toBe(true);
    expect(html).toContain("Thursday 17 December 2026");
  });

  it("asks one question at a time and takes the answer", async () => {
    const { s, id } = await createCase();
    await s.post(`/cases/${id}/events`, { type: "icpc_scheduled", date: "20/12/2026" });
    const page = await (await s.request(`/cases/${id}`)).text();
    expect(page).toContain("A question that changes the checklist");
    expect(page).toContain('name="question" value="nonResidentParent"');
    await s.post(`/cases/${id}/answers`, { question: "nonResidentParent", answer: "yes" });
    expect((await store.get(id))!.facts.nonResidentParent).toBe(true);
    const after = await (await s.request(`/cases/${id}`)).text();
    expect(after).toContain("Consider the non-resident parent’s attendance");
    const missing = await s.post(`/cases/${id}/answers`, { question: "interpreterNeeded" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Select yes or no");
  });

  it("takes a multi-choice answer (agencies) from ticked boxes", async () => {
    const { s, id } = await createCase(undefined, { procedures: "llr" });
    await s.post(`/cases/${id}/events`, { type: "strategy_discussion", date: "01/12/2026" });
    const page = await (await s.request(`/cases/${id}`)).text();
    expect(page).toContain('name="question" value="agencies"');
    await s.post(`/cases/${id}/answers`, { question: "agencies", agencies: ["school", "housing"] });
    expect((await store.get(id))!.facts.agencies).toEqual(["school", "housing"]);
    const after = await (await s.request(`/cases/${id}`)).text();
    expect(after).toContain("Invite or consider inviting the school to the ICPC");
  });

  it("has a review screen with a change link per answer", async () => {
    const { s, id } = await createCase();
    const html = await (await s.request(`/cases/${id}/answers`)).text();
    expect(html).toContain(`/cases/${id}/answers/child%3AAB%3AdateOfBirth`);
    expect(html).toContain("Monday 1 May 2017");
    const change = await (await s.request(`/cases/${id}/answers/child%3AAB%3AdateOfBirth`)).text();
    expect(change).toContain('value="01/05/2017"');
    const res = await s.post(`/cases/${id}/answers`, {
      question: "child:AB:dateOfBirth",
      answer: "02/05/2017",
      from: "review",
    });
    expect(res.headers.get("location")).toBe(`/cases/${id}/answers`);
    expect((await store.get(id))!.children[0]!.dateOfBirth).toBe("2017-05-02");
  });

  it("marks an action done with a note, and keeps it in the timeline and the audit", async () => {
    const { s, id } = await createCase();
    await s.post(`/cases/${id}/events`, { type: "icpc_held", date: "03/12/2026", outcome: "plan" });
    const actionId = "cp-guide.first-visit@2026-12-03";
    await s.post(`/cases/${id}/done`, { actionId, note: "Seen with mum" });
    const c = (await store.get(id))!;
    expect(c.done).toEqual([expect.objectContaining({ actionId, by: "SW1", note: "Seen with mum" })]);
    expect(c.audit.at(-1)!.change).toBe("action marked done");
    const html = await (await s.request(`/cases/${id}`)).text();
    expect(html).toContain("marked done");
    expect(html).toContain("Seen with mum");
  });

  it("refuses a form without the CSRF token", async () => {
    const { id } = await createCase();
    const res = await app.request(`/cases/${id}/events`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "type=cp_visit&date=01/12/2026",
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("nothing was changed");
    const cross = await app.request("/api/cases", {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      body: "{}",
    });
    expect(cross.status).toBe(403);
  });

  it("exports an .ics calendar of open due dates", async () => {
    const { s, id } = await createCase();
    await s.post(`/cases/${id}/events`, { type: "icpc_held", date: "03/12/2026", outcome: "plan" });
    const res = await s.request(`/cases/${id}/calendar.ics`);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const ics = await res.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("DTSTART;VALUE=DATE:20261217"); // first core group
    expect(ics.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const all = await (await s.request("/cases/calendar.ics")).text();
    expect(all).toContain("CP-2026-0142");
  });

  it("says when a newer version exists, links the changes, and moves the case onto it", async () => {
    const { s, id } = await createCase();
    // A case pinned to an older version (the shipped guidance has one version; an import must name a real one).
    await store.update(id, "t", "pinned to an older version", (d) => {
      d.versions = { "conference-guide-for-social-workers": "0" };
    });
    const old = id;
    const html = await (await s.request(`/cases/${old}`)).text();
    expect(html).toContain("A newer version of the procedures is available");
    expect(html).toContain("changes?from=0&amp;to=1");
    await s.post(`/cases/${old}/version`, {});
    expect((await store.get(old))!.versions).toEqual({ "conference-guide-for-social-workers": "1" });
  });

  it("lists cases with their next action and counts, filtered and sorted", async () => {
    const s = session();
    const html = await (await s.request("/cases?sort=overdue&show=&set=cp-guide")).text();
    expect(html).toContain("CP-2026-0142");
    expect(html).toContain("Due this week");
    const none = await (await s.request("/cases?q=zzzz")).text();
    expect(none).toContain("No cases match");
  });

  it("404s an unknown case", async () => {
    expect((await app.request("/cases/nothere1")).status).toBe(404);
    expect((await app.request("/api/cases/nothere1")).status).toBe(404);
  });
});

describe("case API", () => {
  const json = (path: string, method: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { "Content-Type": "application/json", "X-User": "api-test" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it("creates, reads, updates facts, adds and removes events, marks done, lists and exports", async () => {
    const created = await json("/api/cases", "POST", {
      reference: "API-1",
      procedures: "llr",
      children: [{ id: "C", dateOfBirth: "2020-01-01" }],
    });
    expect(created.status).toBe(201);
    const { case: c } = (await created.json()) as { case: { id: string } };
    const withEvent = await json(`/api/cases/${c.id}/events`, "POST", {
      event: { type: "strategy_discussion", date: "2026-12-01" },
    });
    const planned = (await withEvent.json()) as {
      case: { events: { id: string }[] };
      plan: { actions: { rule: string; due: string }[]; questions: { id: string }[] };
    };
    expect(planned.plan.actions.find((a) => a.rule === "llr.icpc")!.due).toBe("2026-12-22");
    expect(planned.plan.questions.map((q) => q.id)).toContain("agencies");
    const facts = await json(`/api/cases/${c.id}/facts`, "PATCH", { facts: { agencies: ["school"] } });
    expect(
      ((await facts.json()) as { plan: { questions: { id: string }[] } }).plan.questions.map((q) => q.id),
    ).not.toContain("agencies");
    const done = await json(`/api/cases/${c.id}/done`, "POST", { actionId: "llr.icpc@2026-12-01" });
    expect(
      ((await done.json()) as { plan: { actions: { rule: string; status: string }[] } }).plan.actions.find(
        (a) => a.rule === "llr.icpc",
      )!.status,
    ).toBe("done");
    const removed = await json(`/api/cases/${c.id}/events/${planned.case.events[0]!.id}`, "DELETE");
    expect(((await removed.json()) as { case: { events: unknown[] } }).case.events).toEqual([]);
    const list = (await (await json("/api/cases", "GET")).json()) as { cases: { id: string }[] };
    expect(list.cases.map((x) => x.id)).toContain(c.id);
    const exported = (await (await json(`/api/cases/${c.id}/export`, "GET")).json()) as { audit: { by: string }[] };
    expect(exported.audit.map((a) => a.by)).toContain("api-test");
  });

  it.each([
    [{ reference: "", procedures: "llr" }, 400, "reference"],
    [{ reference: "X", procedures: "nowhere" }, 404, "nowhere"],
    [
      { reference: "X", procedures: "llr", children: [{ id: "A", dateOfBirth: "2030-01-01" }] },
      400,
      "children[0].dateOfBirth",
    ],
    [{ reference: "X", procedures: "llr", extra: 1 }, 400, "extra"],
  ])("POST /api/cases %j → %i naming %s", async (body, status, field) => {
    const res = await json("/api/cases", "POST", body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(field);
  });

  it("names the field of a bad event and stores nothing", async () => {
    const { case: c } = (await (
      await json("/api/cases", "POST", { reference: "API-2", procedures: "bolton" })
    ).json()) as { case: { id: string } };
    const res = await json(`/api/cases/${c.id}/events`, "POST", { event: { type: "icpc_held", date: "2026-02-30" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("event.date");
    expect((await store.get(c.id))!.events).toEqual([]);
  });

  it("rejects an import that is not a case", async () => {
    const res = await json("/api/cases/import", "POST", { hello: "world" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("not a Pathway case");
  });
});
