/**
 * Training scenarios over HTTP: the pages, stepping and revealing, validation of everything that comes in (a bad
 * file gets a 4xx naming the field and nothing is written), saving and exporting, a case made anonymous — and
 * scenarios never becoming cases.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SHIPPED_SCENARIOS } from "../../server/scenarios/service.js";
import { htmx, makeApp } from "../helpers.js";

const { app, dataDir } = await makeApp(undefined, "2027-03-01");
const savedDir = join(dataDir, "scenarios");
const savedFiles = () => (existsSync(savedDir) ? readdirSync(savedDir).filter((f) => f.endsWith(".yaml")) : []);

/** A browser session: keeps cookies, reads the CSRF token from a page. */
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
  const post = async (path: string, fields: Record<string, string | string[]>, from = "/training/new") => {
    const body = new URLSearchParams();
    body.append("_csrf", await token(from));
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    return request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  };
  const upload = async (fields: Record<string, string>, file?: { name: string; text: string }) => {
    const form = new FormData();
    form.append("_csrf", await token("/training/import"));
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (file) form.append("file", new File([file.text], file.name, { type: "application/yaml" }));
    return request("/training/import", { method: "POST", body: form });
  };
  return { request, post, upload };
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

const small = {
  title: "Small",
  summary: "A small story.",
  set: "bolton",
  children: [{ id: "Child 1", dateOfBirth: "2019-02-14", lookedAfter: false }],
  facts: { agencies: [] },
  timeline: [
    { date: "2026-12-18", event: "strategy_discussion" },
    { date: "2026-12-21", pause: "What's due now?" },
  ],
};

describe("the training pages", () => {
  it("lists the shipped scenarios, with Training in the main navigation", async () => {
    const html = await (await app.request("/training")).text();
    expect(html).toContain('<a href="/training" aria-current="page">Training</a>');
    for (const t of ["Christmas and Easter", "A split vote at the ICPC", "Turning 8 before the review"])
      expect(html).toContain(t);
  });

  it("at a pause the answer is hidden until revealed; the reveal link works without JavaScript", async () => {
    const hidden = await (await app.request("/training/split-vote/play?step=5")).text();
    expect(hidden).toContain("The vote was split. What happens now, and by when?");
    expect(hidden).toContain('href="/training/split-vote/play?step=5&amp;reveal=1#answer"');
    expect(hidden).not.toContain("Thursday 25 February 2027");
    const shown = await (await app.request("/training/split-vote/play?step=5&reveal=1")).text();
    // The chair's referral: 5 working days after Thu 18 Feb 2027 → Thu 25 Feb.
    expect(shown).toContain("Thursday 25 February 2027");
    expect(shown).toContain("What changed since the last pause, step 3");
    expect(shown).toContain("Should the vote be split equally");
  });

  it("“what’s due next?” mode hides the answer at every step, not only at pauses", async () => {
    expect(await (await app.request("/training/split-vote/play?step=4")).text()).toContain("The checklist on");
    const quiz = await (await app.request("/training/split-vote/play?step=4&quiz=1")).text();
    expect(quiz).toContain("What’s due now, and by when?");
    expect(quiz).not.toContain("The checklist on");
  });

  it("htmx gets the step in place: the fragment, the status to announce, no page around it", async () => {
    const res = await app.request("/training/split-vote/play?step=4", { headers: htmx });
    const html = await res.text();
    expect(html).not.toContain("<html");
    expect(html).toContain('id="scenario-main"');
    expect(html).toContain('id="scenario-status"');
    expect(html).toContain("autofocus");
  });

  it("jumps to a date: everything on or before it has happened", async () => {
    const html = await (await app.request("/training/split-vote/play?date=01/03/2027")).text();
    expect(html).toContain("Between steps 7 and 8 of 10");
    expect(html).toContain("Monday 1 March 2027");
  });

  it("a date that cannot be read is refused beside the field, what was typed kept; a step out of range names it", async () => {
    const res = await app.request("/training/split-vote/play?date=31/02/2027");
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#date"');
    expect(html).toContain('value="31/02/2027"');
    const step = await app.request("/training/split-vote/play?step=99");
    expect(step.status).toBe(400);
    expect(await step.text()).toContain("step: must be a whole number from 1 to 10");
    expect((await app.request("/training/nothing-here/play")).status).toBe(404);
    expect((await app.request("/training/split-vote/play?set=narnia")).status).toBe(400);
  });

  it("compares one moment across the five areas, with gaps and silences said as such", async () => {
    const html = await (await app.request("/training/christmas-and-easter/compare?step=6")).text();
    for (const name of ["Bolton", "Darlington", "LSCB chapter 9"]) expect(html).toContain(name);
    expect(html).toContain("Dates differ");
    expect(html).toContain("Friday 8 January 2027"); // Darlington: 10 days after Tue 29 Dec
    expect(html).toContain("Wednesday 13 January 2027"); // elsewhere: 10 working days
    expect(html).toMatch(/class="tag">(Gap|Silent)</);
  });

  it("the presenter view is a page of its own, without the site's navigation; the answer waits to be revealed", async () => {
    const html = await (await app.request("/training/turns-eight/present?step=5")).text();
    expect(html).toContain('class="scn-presenting"');
    expect(html).not.toContain('aria-label="Main"');
    expect(html).toContain("Show the answer");
    const shown = await (await app.request("/training/turns-eight/present?step=5&reveal=1")).text();
    expect(shown).toContain("Due, by date");
  });

  it("the handout lists every step with the quotes, and at each pause what is due", async () => {
    const html = await (await app.request("/training/missing-family/handout")).text();
    expect(html).toContain("The story, step by step");
    expect(html).toContain("A conference will be convened within 5 working days from first notification");
    expect(html).toContain("Tuesday 1 June 2027");
  });

  it("exports a shipped scenario as the YAML it was written in", async () => {
    const res = await app.request("/training/pre-birth/scenario.yaml");
    expect(res.headers.get("Content-Type")).toContain("application/yaml");
    expect(await res.text()).toBe(readFileSync(join(SHIPPED_SCENARIOS, "pre-birth.yaml"), "utf8"));
  });
});

describe("what comes in is checked by the one validator: a 4xx naming the field, nothing written", () => {
  it("pasted YAML with a bad date", async () => {
    const s = session();
    const yaml = readFileSync(join(SHIPPED_SCENARIOS, "split-vote.yaml"), "utf8").replace(
      "date: 2027-02-18\n    event: icpc_held",
      "date: 2027-02-30\n    event: icpc_held",
    );
    const res = await s.upload({ yaml });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("timeline[3].date: must be a real date written YYYY-MM-DD");
    expect(html).toContain("There is a problem");
    expect(savedFiles()).toEqual([]);
  });

  it("an uploaded file that is not YAML names the line", async () => {
    const res = await session().upload({ yaml: "" }, { name: "x.yaml", text: "title: A\nsummary: one: two\n" });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not valid YAML at line 2, column \d+/);
    expect(savedFiles()).toEqual([]);
  });

  it("the JSON API: an unknown event type", async () => {
    const bad = { ...small, timeline: [{ date: "2026-12-18", event: "tea_party" }] };
    const res = await app.request("/api/scenarios", json(bad));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string }[] } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/^timeline\[0\]\.event: must be one of/);
    expect(body.error.details[0]!.field).toBe("timeline[0].event");
    expect(savedFiles()).toEqual([]);
  });

  it("the author form: a date typed wrongly is shown beside its field, everything typed kept", async () => {
    const res = await session().post("/training", {
      title: "Mine",
      summary: "About it.",
      set: "bolton",
      children: "1",
      rows: "2",
      "child1-id": "Child 1",
      "child1-dob": "14/02/2019",
      "row1-date": "18/13/2026",
      "row1-kind": "strategy_discussion",
      "row2-date": "21/12/2026",
      "row2-kind": "pause",
      action: "save",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#row1-date"');
    expect(html).toContain("Entry 1, date: enter a real date as day/month/year");
    expect(html).toContain('value="18/13/2026"');
    expect(savedFiles()).toEqual([]);
  });

  it("the author form: a problem found by the validator is tied back to the row it came from", async () => {
    const res = await session().post("/training", {
      title: "Mine",
      summary: "About it.",
      set: "bolton",
      children: "0",
      rows: "3",
      "row1-date": "18/12/2026",
      "row1-kind": "strategy_discussion",
      // Row 2 left empty; row 3 is out of date order.
      "row3-date": "01/12/2026",
      "row3-kind": "pause",
      action: "save",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('href="#row3-date"');
    expect(html).toContain("Entry 3 (date): 2026-12-01 comes before the entry above it");
    expect(savedFiles()).toEqual([]);
  });
});

describe("saving, sharing and exporting", () => {
  it("the author form: more rows without saving, then saved as YAML, shared by its link", async () => {
    const s = session();
    const more = await s.post("/training", { title: "Mine", children: "1", rows: "3", action: "rows" });
    expect(more.status).toBe(200);
    expect(await more.text()).toContain('id="row6-date"');
    expect(savedFiles()).toEqual([]);
    const res = await s.post("/training", {
      title: "A story of my own",
      summary: "Written in the form.",
      set: "any",
      children: "1",
      rows: "3",
      "child1-id": "Child 1",
      "child1-dob": "14/02/2019",
      "child1-lookedAfter": "no",
      "fact-newCase": "no",
      "agencies-given": "yes",
      agencies: ["police", "gp"],
      "row1-date": "18/12/2026",
      "row1-kind": "strategy_discussion",
      "row1-narration": "It begins.",
      "row2-date": "21/12/2026",
      "row2-kind": "pause",
      action: "save",
    });
    expect(res.status).toBe(303);
    const url = res.headers.get("location")!;
    expect(url).toMatch(/^\/training\/a-story-of-my-own-[a-f0-9]{6}\?saved=1$/);
    const id = url.split("/")[2]!.split("?")[0]!;
    expect(savedFiles()).toEqual([`${id}.yaml`]);
    const page = await (await s.request(url)).text();
    expect(page).toContain("Scenario saved");
    expect(page).toContain("data-copy-link");
    const yaml = await (await s.request(`/training/${id}/scenario.yaml`)).text();
    expect(parse(yaml)).toMatchObject({
      title: "A story of my own",
      set: "any",
      children: [{ id: "Child 1", dateOfBirth: "2019-02-14", lookedAfter: false }],
      facts: { newCase: false, agencies: ["police", "gp"] },
      timeline: [
        { date: "2026-12-18", event: "strategy_discussion", narration: "It begins." },
        { date: "2026-12-21", pause: "What’s due now, and by when?" },
      ],
    });
    // Changed and saved again under the same id; then deleted.
    const edit = await s.post(
      `/training/${id}/edit`,
      {
        title: "A story, changed",
        summary: "Written in the form.",
        set: "bolton",
        children: "0",
        rows: "1",
        "row1-date": "18/12/2026",
        "row1-kind": "strategy_discussion",
        action: "save",
      },
      `/training/${id}/edit`,
    );
    expect(edit.status).toBe(303);
    expect(readFileSync(join(savedDir, `${id}.yaml`), "utf8")).toContain("title: A story, changed");
    const del = await s.post(`/training/${id}/delete`, {}, `/training/${id}`);
    expect(del.status).toBe(303);
    expect(savedFiles()).toEqual([]);
    expect((await s.request(`/training/${id}`)).status).toBe(404);
  });

  it("an uploaded file is saved as written, comments and all", async () => {
    const text = `# my notes\n${readFileSync(join(SHIPPED_SCENARIOS, "split-vote.yaml"), "utf8")}`;
    const res = await session().upload({ yaml: "" }, { name: "mine.yaml", text });
    expect(res.status).toBe(303);
    const id = res.headers.get("location")!.split("/")[2]!.split("?")[0]!;
    expect(await (await app.request(`/training/${id}/scenario.yaml`)).text()).toBe(text);
    await session().post(`/training/${id}/delete`, {}, `/training/${id}`);
  });

  it("the JSON API saves a valid scenario and plays it: the checklist at a step and what changed", async () => {
    const res = await app.request("/api/scenarios", json(small));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const plan = (await (await app.request(`/api/scenarios/${id}/plan?step=2`)).json()) as {
      today: string;
      actions: { rule: string; due: string }[];
      changes: { kind: string; id: string }[];
    };
    expect(plan.today).toBe("2026-12-21");
    // 15 working days after Fri 18 Dec 2026: 21–24 (4); 25 and 28 Dec holidays; 29–31 (7); 1 Jan holiday;
    // 4–8 Jan (12); 11, 12, 13 (15) → Wed 13 Jan 2027.
    expect(plan.actions.find((a) => a.rule === "bolton.icpc")!.due).toBe("2027-01-13");
    expect((await app.request(`/api/scenarios/${id}`)).status).toBe(200);
    await session().post(`/training/${id}/delete`, {}, `/training/${id}`);
  });

  it("shipped scenarios are read-only: no edit, no delete, the file untouched", async () => {
    const before = readFileSync(join(SHIPPED_SCENARIOS, "split-vote.yaml"), "utf8");
    const s = session();
    const edit = await s.request("/training/split-vote/edit");
    expect(edit.status).toBe(303);
    expect(edit.headers.get("location")).toBe("/training/new?from=split-vote");
    const post = await s.post("/training/split-vote/edit", { title: "Changed", action: "save" });
    expect(post.status).toBe(400);
    const del = await s.post("/training/split-vote/delete", {});
    expect(del.status).toBe(400);
    expect(readFileSync(join(SHIPPED_SCENARIOS, "split-vote.yaml"), "utf8")).toBe(before);
    const copy = await (await s.request("/training/new?from=split-vote")).text();
    expect(copy).toContain('value="A split vote at the ICPC (copy)"');
  });
});

describe("scenarios never become cases", () => {
  it("saving and playing scenarios adds nothing to the case list, the calendar feed or DATA_DIR/cases", async () => {
    const res = await app.request("/api/scenarios", json(small));
    const { id } = (await res.json()) as { id: string };
    for (let step = 1; step <= 2; step++) await app.request(`/training/${id}/play?step=${step}&reveal=1`);
    await app.request("/training/christmas-and-easter/compare?step=6");
    expect(((await (await app.request("/api/cases")).json()) as { cases: unknown[] }).cases).toEqual([]);
    expect(await (await app.request("/cases")).text()).not.toContain("Small");
    expect(await (await app.request("/cases/calendar.ics")).text()).not.toContain("BEGIN:VEVENT");
    const casesDir = join(dataDir, "cases");
    expect(existsSync(casesDir) ? readdirSync(casesDir) : []).toEqual([]);
    await session().post(`/training/${id}/delete`, {}, `/training/${id}`);
  });
});

describe("a case as a scenario", () => {
  it("keeps its set, facts, children's dates and events — not its reference, initials or who recorded what", async () => {
    const created = await app.request(
      "/api/cases",
      json({
        reference: "CP-SECRET-77",
        procedures: "bolton",
        children: [
          { id: "QZ", dateOfBirth: "2018-06-01", lookedAfter: false },
          { id: "XW", dateOfBirth: "2021-09-09" },
        ],
        facts: { agencies: ["police"] },
        by: "Worker Name",
      }),
    );
    expect(created.status).toBe(201);
    const { case: c } = (await created.json()) as { case: { id: string } };
    for (const event of [
      { type: "strategy_discussion", date: "2027-01-04" },
      { type: "icpc_held", date: "2027-01-22", outcome: "plan" },
    ])
      await app.request(`/api/cases/${c.id}/events`, json({ event, by: "Worker Name" }));
    const html = await (await session().request(`/training/new?case=${c.id}`)).text();
    for (const secret of ["CP-SECRET-77", "QZ", "XW", "Worker Name"]) expect(html).not.toContain(secret);
    expect(html).toContain('value="Child 1"');
    expect(html).toContain('value="01/06/2018"');
    expect(html).toContain('value="04/01/2027"');
    expect(html).toContain('<option value="icpc_held" selected');
  });
});
