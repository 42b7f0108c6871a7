/** The one validator for scenarios: what it accepts, and a message naming the field for what it refuses. */
import { describe, expect, it } from "vitest";
import { InvalidInput } from "../../server/domain/errors.js";
import { parseScenarioYaml, validateScenario } from "../../server/scenarios/schema.js";
import { scenarioToYaml } from "../../server/scenarios/yaml.js";
import { vocabularyOf } from "../../server/scenarios/service.js";
import { makeApp } from "../helpers.js";

const { ctx } = await makeApp();
const v = vocabularyOf(ctx.library, ctx.checklists);

const good = () => ({
  title: "A test",
  summary: "Two lines about it.",
  set: "bolton",
  children: [{ id: "Child 1", dateOfBirth: "2019-02-14" }],
  facts: { agencies: ["police"] },
  timeline: [
    { date: "2026-12-18", event: "strategy_discussion", narration: "It starts." },
    { date: "2027-01-13", bookedOn: "2026-12-21", event: "icpc_scheduled" },
    { date: "2026-12-22", pause: "What's due now?" },
    { date: "2027-01-13", event: "icpc_held", outcome: "plan" },
    { date: "2027-01-14", done: ["decision_record", "bolton.minutes"] },
  ],
});

/** The first problem's field and message. */
function refusal(data: unknown): { field: string; message: string; details: unknown } {
  try {
    validateScenario(data, v);
  } catch (e) {
    if (e instanceof InvalidInput) return { field: e.field ?? "", message: e.message, details: e.details };
    throw e;
  }
  throw new Error("accepted");
}

const edit = (f: (s: ReturnType<typeof good>) => void) => {
  const s = good();
  f(s);
  return s;
};

describe("scenario validation", () => {
  it("accepts a well-formed scenario, and YAML written from it reads back the same", () => {
    const s = validateScenario(good(), v);
    expect(s.timeline).toHaveLength(5);
    expect(parseScenarioYaml(scenarioToYaml(s), v)).toEqual(s);
  });

  it.each([
    ["a date that is not real", (s) => (s.timeline[0]!.date = "2026-02-30"), "timeline[0].date", "real date"],
    ["a day-first date", (s) => (s.timeline[0]!.date = "18/12/2026"), "timeline[0].date", "YYYY-MM-DD"],
    ["an unknown event", (s) => (s.timeline[0]!.event = "tea_party"), "timeline[0].event", "must be one of"],
    [
      "an outcome on an event without one",
      (s) => Object.assign(s.timeline[0]!, { outcome: "plan" }),
      "timeline[0].outcome",
      "has no outcome",
    ],
    ["a wrong outcome", (s) => (s.timeline[3]!.outcome = "maybe"), "timeline[3].outcome", "plan, no_plan, deferred"],
    [
      "a split vote on a visit",
      (s) => Object.assign(s.timeline[0]!, { splitVote: true }),
      "timeline[0].splitVote",
      "icpc_held",
    ],
    [
      "bookedOn on an event that is not a booking",
      (s) => Object.assign(s.timeline[0]!, { bookedOn: "2026-12-17" }),
      "timeline[0].bookedOn",
      "booking",
    ],
    [
      "bookedOn after the conference",
      (s) => (s.timeline[1]!.bookedOn = "2027-01-20"),
      "timeline[1].bookedOn",
      "on or before",
    ],
    ["entries out of date order", (s) => (s.timeline[2]!.date = "2026-12-01"), "timeline[2].date", "date order"],
    [
      "an entry that is two things",
      (s) => Object.assign(s.timeline[2]!, { event: "cp_visit" }),
      "timeline[2]",
      "give one of them",
    ],
    [
      "an entry that is nothing",
      (s) => s.timeline.push({ date: "2027-02-01" } as never),
      "timeline[5]",
      "needs one of",
    ],
    [
      "an unknown duty marked done",
      (s) => (s.timeline[4]!.done = ["tea"]),
      "timeline[4].done[0]",
      "neither a duty nor a rule",
    ],
    ["an unknown set", (s) => (s.set = "narnia"), "set", "or one of: bolton"],
    ["an unknown field", (s) => Object.assign(s, { reference: "CP-1" }), "(body)", "unknown field"],
    [
      "an age instead of a date of birth",
      (s) => Object.assign(s.children[0]!, { ageYears: 7 }),
      "children[0].ageYears",
      "dateOfBirth",
    ],
    ["a full name", (s) => (s.children[0]!.id = "Jane Smith, aged 7!"), "children[0].id", "not a full name"],
    [
      "a child born after the story starts",
      (s) => (s.children[0]!.dateOfBirth = "2027-03-01"),
      "children[0].dateOfBirth",
      "unborn",
    ],
    [
      "an unborn child without an expected date",
      (s) => (s.children[0] = { id: "Baby", unborn: true } as never),
      "children[0].expectedDeliveryDate",
      "required",
    ],
    ["an unknown agency", (s) => (s.facts.agencies = ["wizards"]), "facts.agencies[0]", "must be among"],
    ["a missing title", (s) => (s.title = ""), "title", "must not be empty"],
    ["a direction-override character", (s) => (s.summary = "abc\u202Edef"), "summary", "control"],
    ["an empty timeline", (s) => (s.timeline = []), "timeline", "at least one"],
  ] as [string, (s: ReturnType<typeof good>) => void, string, string][])(
    "refuses %s, naming the field",
    (_what, change, field, words) => {
      const r = refusal(edit(change));
      const fields = (r.details as { field: string }[]).map((d) => d.field);
      expect(fields).toContain(field);
      expect(JSON.stringify(r.details)).toContain(words);
    },
  );

  it("reports every problem at once", () => {
    const r = refusal(
      edit((s) => {
        s.title = "";
        s.timeline[0]!.date = "nope";
      }),
    );
    expect((r.details as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(r.message).toMatch(/^(title|timeline\[0\]\.date): /);
  });

  it("a file that is not YAML names the line", () => {
    expect(() => parseScenarioYaml("title: a\nnotes: one: two\n", v)).toThrow(/line 2, column \d+/);
    expect(() => parseScenarioYaml("title: a\ntitle: b\n", v)).toThrow(/not valid YAML at line 2/);
    expect(() => parseScenarioYaml("- just a list\n", v)).toThrow(/starts with its fields/);
  });

  it("a file over 200 KB is refused before it is parsed", () => {
    expect(() => parseScenarioYaml(`title: ${"x".repeat(210_000)}`, v)).toThrow(/over 200 KB/);
  });
});
