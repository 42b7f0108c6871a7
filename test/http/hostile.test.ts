/**
 * Issue 9, replayed as classes: hostile values per field and per route (JSON API, forms, import, chat's save as
 * case, /api/plan and /api/ask), each answered with a clean 4xx naming the field and nothing written; then every
 * page still served, also after a restart on the same DATA_DIR. A record made invalid on disk is shown as needing
 * attention, alone, with a way to correct it on its page; the list, the API and the calendar keep working.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../../server/app.js";
import { buildContext } from "../../server/bootstrap.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { SHIPPED_GUIDANCE, TEST_RATE_LIMITS, caseIds, makeApp } from "../helpers.js";

const TODAY = "2026-12-10";
let { app, store, dataDir, ctx } = await makeApp(undefined, TODAY);

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
  const post = async (path: string, from: string, fields: Record<string, string | string[]>) => {
    const csrf = /name="_csrf" value="([a-f0-9]+)"/.exec(await (await request(from)).text())![1]!;
    const body = new URLSearchParams({ _csrf: csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return request(path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
  };
  return { request, post };
}

const json = (path: string, method: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { "Content-Type": "application/json", "X-User": "probe" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });

/** Everything the store keeps about cases (the case files and, unless `filesOnly`, the index), as one hash. */
function snapshot(filesOnly = false): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (name === "backups" || name === "conversations" || name === "accounts" || name.endsWith(".lock")) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (filesOnly && !dir.endsWith("cases")) continue;
      else if (!name.startsWith(".") && name !== "feedback.jsonl") h.update(`${p}\n`).update(readFileSync(p));
    }
  };
  walk(dataDir);
  return h.digest("hex");
}

/** Sends `send`, expects a 4xx (never 5xx) naming `field`, and that nothing was written. */
async function refused(send: () => Response | Promise<Response>, status: number, field: string) {
  // The case files: the store's truth, written before a change is acknowledged (the index is derived from them).
  const before = snapshot(true);
  const res = await send();
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  expect(text).toContain(field);
  expect(snapshot(true)).toBe(before);
  return text;
}

const base = { reference: "H-1", procedures: "bolton", children: [{ id: "AB", dateOfBirth: "2019-05-01" }] };
const created = (await (await json("/api/cases", "POST", base)).json()) as { case: { id: string } };
const caseId = created.case.id;
await json(`/api/cases/${caseId}/events`, "POST", {
  event: { type: "icpc_held", date: "2026-12-03", outcome: "plan" },
});

describe("POST /api/cases: every hostile value refused, naming the field, nothing written", () => {
  const child = (c: Record<string, unknown>) => ({ ...base, children: [{ id: "AB", ...c }] });
  it.each([
    ["reference with a direction override", { ...base, reference: "H\u202e1" }, 400, "reference"],
    ["reference with a carriage return", { ...base, reference: "H\rBEGIN:VEVENT" }, 400, "reference"],
    ["reference with a NUL", { ...base, reference: "H\u00001" }, 400, "reference"],
    ["empty reference", { ...base, reference: "  " }, 400, "reference"],
    ["reference over 80", { ...base, reference: "x".repeat(81) }, 400, "reference"],
    ["reference not text", { ...base, reference: 42 }, 400, "reference"],
    ["unknown set", { ...base, procedures: "nowhere" }, 404, "procedures"],
    ["date of birth in the future", child({ dateOfBirth: "2031-01-01" }), 400, "children[0].dateOfBirth"],
    ["date of birth 1950", child({ dateOfBirth: "1950-01-01" }), 400, "children[0].dateOfBirth"],
    ["date of birth 18 years ago", child({ dateOfBirth: "2008-12-10" }), 400, "children[0].dateOfBirth"],
    ["impossible date of birth", child({ dateOfBirth: "2019-02-30" }), 400, "children[0].dateOfBirth"],
    ["date of birth year 201", child({ dateOfBirth: "0201-11-01" }), 400, "children[0].dateOfBirth"],
    ["unborn with a date of birth", child({ unborn: true, dateOfBirth: "2026-01-01" }), 400, "children[0].dateOfBirth"],
    ["expected delivery without unborn", child({ expectedDeliveryDate: "2027-03-01" }), 400, "expectedDeliveryDate"],
    [
      "expected delivery in 2030",
      child({ unborn: true, expectedDeliveryDate: "2030-01-01" }),
      400,
      "expectedDeliveryDate",
    ],
    ["born 2020 aged 17", child({ dateOfBirth: "2020-01-01", ageYears: 17 }), 400, "children[0].ageYears"],
    ["age 30", child({ ageYears: 30 }), 400, "children[0].ageYears"],
    ["age as text", child({ ageYears: "5" }), 400, "children[0].ageYears"],
    [
      "age Infinity (1e400)",
      `{"reference":"H","procedures":"bolton","children":[{"id":"A","ageYears":1e400}]}`,
      400,
      "ageYears",
    ],
    ["label with a line break", { ...base, children: [{ id: "A\nB" }] }, 400, "children[0].id"],
    ["label with a direction override", { ...base, children: [{ id: "A\u202eB" }] }, 400, "children[0].id"],
    ["duplicate child ids", { ...base, children: [{ id: "A" }, { id: "A" }] }, 400, "children[1].id"],
    ["21 children", { ...base, children: Array.from({ length: 21 }, (_, i) => ({ id: `C${i}` })) }, 400, "children"],
    ["unknown agency", { ...base, facts: { agencies: ["mi5"] } }, 400, "facts.agencies[0]"],
    ["agency twice", { ...base, facts: { agencies: ["gp", "gp"] } }, 400, "facts.agencies"],
    ["unknown fact", { ...base, facts: { secret: true } }, 400, "secret"],
    ["unknown field", { ...base, extra: 1 }, 400, "extra"],
    ["events on create", { ...base, events: [] }, 400, "events"],
    ["not an object", [1, 2], 400, "(body)"],
    ["not JSON", "{", 400, "JSON"],
  ])("%s", async (_what, body, status, field) => {
    await refused(() => json("/api/cases", "POST", body), status, field);
  });
});

describe("POST /api/cases/:id/events", () => {
  const ev = (e: Record<string, unknown>) => ({ event: { type: "cp_visit", date: "2026-12-08", ...e } });
  it.each([
    ["year 201 (a typo for 2026)", ev({ date: "0201-11-01" }), "event.date"],
    ["9999-12-01", ev({ date: "9999-12-01" }), "event.date"],
    ["a referral in 1950", ev({ type: "referral", date: "1950-06-01" }), "event.date"],
    ["an ICPC held in 2099", ev({ type: "icpc_held", date: "2099-01-01", outcome: "plan" }), "event.date"],
    ["a visit tomorrow", ev({ date: "2026-12-11" }), "event.date"],
    ["a booking three years ahead", ev({ type: "icpc_scheduled", date: "2029-12-11" }), "event.date"],
    ["30 February", ev({ date: "2026-02-30" }), "event.date"],
    ["a day-first date", ev({ date: "08/12/2026" }), "event.date"],
    ["grading 1.5", ev({ type: "icpc_held", date: "2026-12-03", outcome: "plan", grading: 1.5 }), "event.grading"],
    ["grading '0x5'", ev({ type: "icpc_held", date: "2026-12-03", outcome: "plan", grading: "0x5" }), "event.grading"],
    [
      "grading 11",
      ev({ type: "rcpc_held", date: "2026-12-03", outcome: "plan_continues", grading: 11 }),
      "event.grading",
    ],
    ["grading on a visit", ev({ grading: 3 }), "event.grading"],
    ["an outcome on a visit", ev({ outcome: "plan" }), "event.outcome"],
    ["an unknown outcome", ev({ type: "icpc_held", date: "2026-12-03", outcome: "maybe" }), "event.outcome"],
    ["split vote on a visit", ev({ splitVote: true }), "event.splitVote"],
    ["seen alone at an ICPC", ev({ type: "icpc_held", date: "2026-12-03", seenAlone: true }), "event.seenAlone"],
    ["time 25:00", ev({ time: "25:00" }), "event.time"],
    ["unknown type", ev({ type: "party" }), "event.type"],
    ["unknown field", ev({ colour: "red" }), "colour"],
    ["no event", { by: "x" }, "event"],
  ])("%s → 400", async (_what, body, field) => {
    await refused(() => json(`/api/cases/${caseId}/events`, "POST", body), 400, field);
  });

  it("takes a booking within two years and a visit today (the bounds are inclusive)", async () => {
    expect(
      (await json(`/api/cases/${caseId}/events`, "POST", ev({ type: "rcpc_scheduled", date: "2028-12-10" }))).status,
    ).toBe(201);
    expect((await json(`/api/cases/${caseId}/events`, "POST", ev({ date: TODAY }))).status).toBe(201);
  });
});

describe("PATCH facts, POST done, DELETE event", () => {
  it.each([
    ["a child born in the future", { children: [{ id: "AB", dateOfBirth: "2030-01-01" }] }, "children[0].dateOfBirth"],
    ["children twice the same", { children: [{ id: "AB" }, { id: "AB" }] }, "children[1].id"],
    ["an unknown agency", { facts: { agencies: ["nobody"] } }, "facts.agencies[0]"],
    ["a fact not yes/no", { facts: { newCase: "yes" } }, "facts.newCase"],
  ])("PATCH %s → 400", async (_what, body, field) => {
    await refused(() => json(`/api/cases/${caseId}/facts`, "PATCH", body), 400, field);
  });

  it.each([
    ["not an action id", { actionId: "nonsense" }, 400, "actionId"],
    ["an id naming no action of this case", { actionId: "bolton.nothing@2026-12-01" }, 400, "actionId"],
    ["an id with an impossible date", { actionId: "bolton.first-core-group@2026-02-30" }, 400, "actionId"],
    [
      "a note with a direction override",
      { actionId: "bolton.first-core-group@2026-12-03", note: "ok\u202e" },
      400,
      "note",
    ],
    ["a note over 500", { actionId: "bolton.first-core-group@2026-12-03", note: "n".repeat(501) }, 400, "note"],
  ])("POST done: %s", async (_what, body, status, field) => {
    await refused(() => json(`/api/cases/${caseId}/done`, "POST", body), status, field);
  });

  it("DELETE an event that is not there → 404, nothing written", async () => {
    await refused(() => json(`/api/cases/${caseId}/events/nothere`, "DELETE"), 404, "nothere");
  });
});

describe("POST /api/cases/import: validated before anything is written", () => {
  const exported = async () =>
    (await (await json(`/api/cases/${caseId}/export`, "GET")).json()) as Record<string, unknown>;
  const imports: [string, (c: Record<string, unknown>) => unknown, number, string][] = [
    [
      "an unknown set (once written, then 404 for the list)",
      (c) => ({ ...c, procedures: "nowhere" }),
      404,
      "procedures",
    ],
    ['schemaVersion "2"', (c) => ({ ...c, schemaVersion: "2" }), 400, "schemaVersion"],
    ["schemaVersion 0", (c) => ({ ...c, schemaVersion: 0 }), 400, "schemaVersion"],
    ["schemaVersion 99", (c) => ({ ...c, schemaVersion: 99 }), 400, "schemaVersion"],
    ["schemaVersion 1.5", (c) => ({ ...c, schemaVersion: 1.5 }), 400, "schemaVersion"],
    ["a reference with a direction override", (c) => ({ ...c, reference: "R\u202e" }), 400, "reference"],
    [
      "duplicate event ids",
      (c) => ({ ...c, events: [...(c.events as object[]), ...(c.events as object[])] }),
      400,
      "is used for another event",
    ],
    [
      "a held event in 2099",
      (c) => ({ ...c, events: [{ ...(c.events as object[])[0], date: "2099-01-01" }] }),
      400,
      "events[0].date",
    ],
    [
      "a child born after today",
      (c) => ({ ...c, children: [{ id: "AB", dateOfBirth: "2031-01-01" }] }),
      400,
      "children[0].dateOfBirth",
    ],
    ["duplicate children", (c) => ({ ...c, children: [{ id: "AB" }, { id: "AB" }] }), 400, "children[1].id"],
    [
      "a version that does not exist",
      (c) => ({ ...c, versions: { "child-protection-conferences": "77" } }),
      400,
      "versions",
    ],
    [
      "a malformed done id",
      (c) => ({ ...c, done: [{ actionId: "x", at: "2026-12-01T00:00:00Z", by: "t" }] }),
      400,
      "done[0].actionId",
    ],
    ["an unknown field", (c) => ({ ...c, extra: true }), 400, "extra"],
    ["not a case", () => ({ hello: "world" }), 400, "not a Pathway case"],
    ["an array", () => [], 400, "(body)"],
    ["null", () => null, 400, "(body)"],
  ];
  it.each(imports)("%s", async (_what, change, status, field) => {
    const body = change(await exported());
    await refused(() => json("/api/cases/import", "POST", body), status, field);
  });
});

describe("POST /api/plan and /api/ask: today within bounds, the same checks", () => {
  const plan = (b: Record<string, unknown>) => json("/api/plan", "POST", { procedures: "bolton", ...b });
  it.each([
    ["today 0001-01-01", { today: "0001-01-01" }, "today"],
    ["today 9999-12-31", { today: "9999-12-31" }, "today"],
    ["today 1950-01-01", { today: "1950-01-01" }, "today"],
    ["today three years on", { today: "2029-12-11" }, "today"],
    [
      "a held event after today",
      { today: "2026-12-01", events: [{ type: "cp_visit", date: "2026-12-02" }] },
      "events[0].date",
    ],
    ["an event in 1950", { events: [{ type: "referral", date: "1950-01-01" }] }, "events[0].date"],
    ["a done id that is no id", { done: ["x"] }, "done[0]"],
    ["a done id of another set's rule", { done: ["llr.icpc@2026-12-01"] }, "done[0]"],
    ["a child born after today", { children: [{ id: "A", dateOfBirth: "2027-01-01" }] }, "children[0].dateOfBirth"],
    [
      "an unborn child with a date of birth",
      { children: [{ id: "A", unborn: true, dateOfBirth: "2026-01-01" }] },
      "dateOfBirth",
    ],
    ["grading 1.5", { events: [{ type: "icpc_held", date: "2026-12-01", outcome: "plan", grading: 1.5 }] }, "grading"],
  ])("/api/plan %s → 400", async (_what, body, field) => {
    await refused(() => plan(body), 400, field);
  });

  it("/api/plan: an unknown set is a 404; today at either bound is answered", async () => {
    await refused(() => json("/api/plan", "POST", { procedures: "nowhere" }), 404, "procedures");
    expect((await plan({ today: "2000-01-01" })).status).toBe(200);
    expect((await plan({ today: "2028-12-10" })).status).toBe(200);
  });

  it.each([["0001-01-01"], ["2099-01-01"], ["1999-12-31"]])("/api/ask today %s → 400", async (today) => {
    await refused(() => json("/api/ask", "POST", { message: "what is an ICPC?", today }), 400, "today");
  });
});

describe("the forms refuse what the API refuses", () => {
  const s = session();
  const newCase = (fields: Record<string, string>) =>
    s.post("/cases", "/cases/new", {
      reference: "F-1",
      procedures: "bolton",
      "child1-label": "AB",
      "child1-dob": "01/05/2019",
      ...fields,
    });
  it.each([
    ["a date of birth in 2031", { "child1-dob": "01/01/2031" }, "child1-dob"],
    ["a date of birth in 1950", { "child1-dob": "01/01/1950" }, "child1-dob"],
    ["a date of birth in the year 201", { "child1-dob": "01/11/0201" }, "child1-dob"],
    [
      "an unborn child due in 2030",
      { "child1-dob": "", "child1-unborn": "yes", "child1-edd": "01/01/2030" },
      "child1-edd",
    ],
    ["a reference with a direction override", { reference: "F\u202e1" }, "reference"],
    ["two children with one label", { "child2-label": "AB", "child2-dob": "01/01/2020" }, "child2-label"],
  ])("new case: %s → 400 beside the field", async (_what, fields, field) => {
    const html = await refused(() => newCase(fields), 400, `id="${field}-error"`);
    expect(html).toContain("There is a problem");
  });

  const event = (fields: Record<string, string>) =>
    s.post(`/cases/${caseId}/events`, `/cases/${caseId}`, { type: "cp_visit", date: "08/12/2026", ...fields });
  it.each([
    ["01/11/0201 (the typo that took the list down)", { date: "01/11/0201" }, "date"],
    ["a visit in 2099", { date: "01/12/2099" }, "date"],
    ["a visit tomorrow", { date: "11/12/2026" }, "date"],
    ["an ICPC booked in 2030", { type: "icpc_scheduled", date: "01/01/2030" }, "date"],
    ["grading 0x5", { type: "icpc_held", date: "03/12/2026", outcome: "plan", grading: "0x5" }, "grading"],
    ["grading 1.5", { type: "icpc_held", date: "03/12/2026", outcome: "plan", grading: "1.5" }, "grading"],
    ["grading 11", { type: "icpc_held", date: "03/12/2026", outcome: "plan", grading: "11" }, "grading"],
  ])("event: %s → 400 beside the field", async (_what, fields, field) => {
    await refused(() => event(fields), 400, `id="${field}-error"`);
  });

  it("answer (from the review screen): a date of birth after today → 400 with the problem said", async () => {
    await refused(
      () =>
        s.post(`/cases/${caseId}/answers`, `/cases/${caseId}/answers/child%3AAB%3AdateOfBirth`, {
          question: "child:AB:dateOfBirth",
          answer: "01/01/2031",
          from: "review",
        }),
      400,
      "must be today or in the past",
    );
  });

  it("mark done: an id naming no action → 400", async () => {
    await refused(
      () => s.post(`/cases/${caseId}/done`, `/cases/${caseId}`, { actionId: "bolton.nothing@2026-12-01" }),
      400,
      "actionId",
    );
  });
});

describe("chat's save as case goes through the same gate, in one write", () => {
  const conversation = async (patch: Record<string, unknown>) => {
    const state = ctx.conversations.create();
    Object.assign(state, { set: "bolton", children: [], facts: {}, events: [], ...patch });
    await ctx.conversations.save(state);
    return state.id;
  };
  const save = async (id: string, reference = "CHAT-1") =>
    session().post(`/chat/${id}/save`, `/chat?c=${id}`, { reference });

  it.each([
    ["a date of birth in 2031", { children: [{ id: "Child 1", dateOfBirth: "2031-01-01" }] }, "date"],
    [
      "an unborn child with a date of birth",
      { children: [{ id: "Unborn 1", unborn: true, dateOfBirth: "2026-01-01" }] },
      "date of birth",
    ],
    ["an ICPC held in 2099", { events: [{ type: "icpc_held", date: "2099-01-01" }] }, "2099-01-01"],
    ["a referral in 1950", { events: [{ type: "referral", date: "1950-01-01" }] }, "1950-01-01"],
  ])("%s → 400 on the chat page, no case written", async (_what, patch, words) => {
    const id = await conversation(patch);
    const before = (await caseIds(store)).length;
    const html = await refused(() => save(id), 400, "cannot be saved as a case");
    expect(html).toContain(words);
    expect((await caseIds(store)).length).toBe(before);
  });

  it("a reference with a direction override → 400", async () => {
    const id = await conversation({});
    await refused(() => save(id, "C\u202eX"), 400, "reference");
  });

  it("a sound conversation is saved with its events in one case", async () => {
    const id = await conversation({
      children: [{ id: "Child 1", dateOfBirth: "2018-03-01" }],
      events: [{ type: "strategy_discussion", date: "2026-12-01", said: "on Tuesday" }],
    });
    const res = await save(id);
    expect(res.status).toBe(303);
    const saved = await store.get(res.headers.get("location")!.split("/").pop()!);
    expect(saved!.events.map((e) => [e.type, e.date])).toEqual([["strategy_discussion", "2026-12-01"]]);
    expect(saved!.events[0]).not.toHaveProperty("said");
  });
});

/** Every page and feed a person or Outlook might open: none may answer 5xx (or 4xx for a case that exists). */
async function everyPage() {
  const ids = await caseIds(store);
  const paths = [
    "/cases",
    "/cases?sort=overdue",
    "/cases?show=week",
    "/api/cases",
    "/cases/calendar.ics",
    "/cases/new",
    "/chat",
    "/guidance",
    "/search?q=icpc",
    "/compare",
    ...ids.flatMap((id) => [
      `/cases/${id}`,
      `/cases/${id}/print`,
      `/cases/${id}/answers`,
      `/cases/${id}/calendar.ics`,
      `/cases/${id}/export.json`,
      `/api/cases/${id}`,
    ]),
  ];
  for (const p of paths) {
    const res = await app.request(p);
    expect(res.status, p).toBe(200);
    await res.text();
  }
  return ids;
}

describe("after all that", () => {
  it("every page is still served, and again after a restart on the same DATA_DIR", async () => {
    const ids = await everyPage();
    const before = snapshot(true);
    await restart();
    expect(snapshot(true)).toBe(before);
    expect(await everyPage()).toEqual(ids);
  });
});

/** Closes the store and opens it again from the same DATA_DIR, with a new app, as a restart does. */
async function restart() {
  await store.close();
  store = await FileCaseStore.open(dataDir);
  ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir, today: () => TODAY });
  app = createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE, rateLimits: TEST_RATE_LIMITS });
}

describe("a record made invalid on disk needs attention, alone", () => {
  it("is listed and shown as needing attention with a way to correct it; the rest keeps working", async () => {
    const good = (
      (await (await json("/api/cases", "POST", { ...base, reference: "GOOD-1" })).json()) as { case: { id: string } }
    ).case.id;
    const bad = (
      (await (await json("/api/cases", "POST", { ...base, reference: "BAD-1" })).json()) as { case: { id: string } }
    ).case.id;
    await json(`/api/cases/${good}/events`, "POST", { event: { type: "strategy_discussion", date: "2026-12-01" } });
    const added = (await (
      await json(`/api/cases/${bad}/events`, "POST", { event: { type: "strategy_discussion", date: "2026-12-01" } })
    ).json()) as { case: { events: { id: string }[] } };
    const eventId = added.case.events[0]!.id;
    await store.close();
    // Edited by hand while Pathway was stopped: the typo of the issue, and a second child with the same label.
    const file = join(dataDir, "cases", `${bad}.json`);
    const rec = JSON.parse(readFileSync(file, "utf8"));
    rec.events[0].date = "0201-11-01";
    writeFileSync(file, JSON.stringify(rec));
    store = await FileCaseStore.open(dataDir);
    ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir, today: () => TODAY });
    app = createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE, rateLimits: TEST_RATE_LIMITS });

    const list = await app.request("/cases");
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain("Needs attention");
    expect(listHtml).toContain("GOOD-1");
    const api = (await (await app.request("/api/cases")).json()) as {
      cases: { id: string; needsAttention?: { field: string }[]; next: unknown }[];
    };
    expect(api.cases.find((c) => c.id === bad)!.needsAttention![0]!.field).toBe("events[0].date");
    expect(api.cases.find((c) => c.id === good)!.needsAttention).toBeUndefined();
    expect(api.cases.find((c) => c.id === good)!.next).not.toBeNull();
    const one = (await (await app.request(`/api/cases/${bad}`)).json()) as { plan: unknown; needsAttention: unknown[] };
    expect(one.plan).toBeNull();
    expect(one.needsAttention).toHaveLength(1);
    const ics = await app.request("/cases/calendar.ics");
    expect(ics.status).toBe(200);
    const feed = await ics.text();
    expect(feed).toContain("GOOD-1");
    expect(feed).not.toContain("BAD-1");

    const page = await (await app.request(`/cases/${bad}`)).text();
    expect(page).toContain("This case needs attention");
    expect(page).toContain("Event 1 (Strategy discussion held, 0201-11-01)");
    expect(page).toContain(`/cases/${bad}/events/${eventId}/date`);
    expect(page).toContain(`/cases/${bad}/events/${eventId}/delete`);
    for (const p of [`/cases/${bad}/print`, `/cases/${bad}/answers`, `/cases/${bad}/calendar.ics`])
      expect((await app.request(p)).status, p).toBe(200);
    await everyPage();

    // What needs its plan says so (409), and changes nothing.
    await refused(
      () => json(`/api/cases/${bad}/done`, "POST", { actionId: "bolton.icpc@2026-12-01" }),
      409,
      "needs attention",
    );

    // Corrected on its page: a wrong correction is refused beside the field, a right one brings the checklist back.
    const s = session();
    const wrong = await s.post(`/cases/${bad}/events/${eventId}/date`, `/cases/${bad}`, { date: "01/12/2099" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("must be today or in the past");
    const right = await s.post(`/cases/${bad}/events/${eventId}/date`, `/cases/${bad}`, { date: "01/12/2026" });
    expect(right.status).toBe(303);
    const fixed = await (await app.request(`/cases/${bad}`)).text();
    expect(fixed).not.toContain("This case needs attention");
    expect(fixed).toContain("Checklist");
    expect(((await (await app.request(`/api/cases/${bad}`)).json()) as { plan: unknown }).plan).not.toBeNull();
  });

  it("a child's dates made contradictory on disk are corrected on the page", async () => {
    const id = (
      (await (await json("/api/cases", "POST", { ...base, reference: "KID-1" })).json()) as { case: { id: string } }
    ).case.id;
    await store.close();
    const file = join(dataDir, "cases", `${id}.json`);
    const rec = JSON.parse(readFileSync(file, "utf8"));
    rec.children[0] = { id: "AB", unborn: true, dateOfBirth: "2020-01-01" };
    writeFileSync(file, JSON.stringify(rec));
    await restart();
    const page = await (await app.request(`/cases/${id}`)).text();
    expect(page).toContain("This case needs attention");
    expect(page).toContain(`/cases/${id}/children/0/dates`);
    const s = session();
    const res = await s.post(`/cases/${id}/children/0/dates`, `/cases/${id}`, { dob: "01/01/2020", edd: "" });
    expect(res.status).toBe(303);
    expect((await store.get(id))!.children[0]).toEqual({ id: "AB", dateOfBirth: "2020-01-01" });
    expect(await (await app.request(`/cases/${id}`)).text()).not.toContain("This case needs attention");
  });

  it("a case whose plan throws is marked, not the list (the computation is wrapped per case)", async () => {
    const id = (
      (await (await json("/api/cases", "POST", { ...base, reference: "THROWS-1" })).json()) as { case: { id: string } }
    ).case.id;
    await restart(); // a fresh memo
    const checklists = ctx.checklists as { forVersions: (...a: never[]) => unknown };
    const real = checklists.forVersions;
    const rec = await store.get(id);
    checklists.forVersions = ((...a: never[]) => {
      if ((a[0] as unknown) === "bolton" && rec) throw new Error("engine exploded");
      return real.apply(checklists, a);
    }) as never;
    try {
      const list = await app.request("/cases");
      expect(list.status).toBe(200);
      const page = await (await app.request(`/cases/${id}`)).text();
      expect(page).toContain("This case needs attention");
      expect(page).toContain("engine exploded");
      expect((await app.request("/api/cases")).status).toBe(200);
      expect((await app.request("/cases/calendar.ics")).status).toBe(200);
    } finally {
      checklists.forVersions = real;
    }
  });
});

afterAll(async () => {
  await store.close();
});
