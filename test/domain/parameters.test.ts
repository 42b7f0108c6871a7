/** Local variation as data: a timescale given as dated values (OpenFisca style) takes the value in force on the anchor date. */
import { describe, expect, it } from "vitest";
import { computePlan } from "../../server/domain/plan.js";
import { Checklist } from "../../server/domain/rules/schema.js";

const checklist = Checklist.parse({
  set: "demo",
  parameters: {
    icpc_working_days: {
      description: "ICPC timescale",
      values: [
        {
          from: "2020-01-01",
          value: 15,
          reference: {
            document: "procedure",
            section: "1",
            quote: "within 15 working days of the strategy discussion",
          },
        },
        {
          from: "2024-03-01",
          value: 10,
          reference: {
            document: "procedure",
            section: "1",
            quote: "within 10 working days of the strategy discussion",
          },
        },
      ],
    },
  },
  rules: [
    {
      id: "demo.icpc",
      duty: "icpc",
      title: "ICPC",
      owner: "Chair",
      anchor: [{ event: "strategy_discussion" }],
      offsets: [{ unit: "working_days", param: "icpc_working_days" }],
      sources: [{ document: "procedure", section: "1", quote: "The conference must be held within the timescale." }],
    },
  ],
});
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
    checklist,
    [],
    describe_,
  ).actions[0]!.due;

describe("dated parameters", () => {
  it("uses the value in force on the anchor date", () => {
    // Before 1 Mar 2024: 15 working days. Mon 5 Feb 2024 → 6–9 (4), 12–16 (9), 19–23 (14), 26 (15) → Mon 26 Feb.
    expect(due("2024-02-05")).toBe("2024-02-26");
    // From 1 Mar 2024: 10 working days. Mon 4 Mar 2024 → 5–8 (4), 11–15 (9), 18 (10) → Mon 18 Mar.
    expect(due("2024-03-04")).toBe("2024-03-18");
  });
});
