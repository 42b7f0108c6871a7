/** Local variation as data: a timescale with dated changes (OpenFisca style) takes the value in force on the anchor date. */
import { describe, expect, it } from "vitest";
import { computePlan } from "../../server/domain/plan.js";
import { readRulesFile } from "../../server/checklists/rules-file.js";
import { VOCABULARY } from "../../server/domain/vocabulary.js";

const { book, problems } = readRulesFile(
  `
rules:
  - quote: within 15 working days of the strategy discussion
    section: "1"
    id: demo.icpc
    title: ICPC
    duty: icpc
    clock starts: strategy_discussion
    timescale: 15 working days after
    owner: Chair
    dated changes:
      - from: 2024-03-01
        timescale: 10 working days after
        quote: within 10 working days of the strategy discussion
        section: "1"
`,
  { file: "demo/procedure/1.rules.yaml", set: "demo", document: "procedure", version: "1", vocabulary: VOCABULARY },
);

const describe_ = () => ({ url: "/x", heading: "Timing" });
const due = (strategy: string) =>
  computePlan(
    {
      set: "demo",
      today: strategy,
      children: [],
      facts: {},
      events: [{ type: "strategy_discussion", date: strategy }],
      done: [],
    },
    book,
    [],
    describe_,
  ).actions[0]!.due;

describe("dated changes", () => {
  it("reads without problems", () => {
    expect(problems).toEqual([]);
  });

  it("uses the value in force on the anchor date", () => {
    // Before 1 Mar 2024: 15 working days. Mon 5 Feb 2024 → 6–9 (4), 12–16 (9), 19–23 (14), 26 (15) → Mon 26 Feb.
    expect(due("2024-02-05")).toBe("2024-02-26");
    // From 1 Mar 2024: 10 working days. Mon 4 Mar 2024 → 5–8 (4), 11–15 (9), 18 (10) → Mon 18 Mar.
    expect(due("2024-03-04")).toBe("2024-03-18");
  });
});
