/** Plan benchmark: per-case computation on realistic cases for every set, and 10,000 plans in a row. */
import { loadChecklists } from "../../server/checklists/load.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { planFor } from "../../server/plan/service.js";
import type { CaseEvent, PlanInput } from "../../server/domain/types.js";
import { addDays } from "../../server/domain/dates.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";
import { ms, report, timeEach } from "./stats.js";

/** A case some months into its plan: strategy, ICPC, visits, core groups, a review. */
export function sampleCase(set: string, i: number): PlanInput {
  const start = addDays("2026-01-05", i % 300);
  const events: CaseEvent[] = [
    { type: "referral", date: start },
    { type: "strategy_discussion", date: addDays(start, 3) },
    { type: "icpc_held", date: addDays(start, 20), outcome: "plan" },
  ];
  for (let d = 24; d < 150; d += 10)
    events.push({ type: "cp_visit", date: addDays(start, d), seenAlone: d % 20 === 4 });
  for (let d = 30; d < 150; d += 28) events.push({ type: "core_group_held", date: addDays(start, d) });
  events.push({ type: "rcpc_held", date: addDays(start, 110), outcome: "plan_continues" });
  return {
    set,
    today: addDays(start, 150),
    events,
    done: [],
    children: [
      { id: "A", dateOfBirth: "2017-03-01" },
      { id: "B", dateOfBirth: "2024-08-12" },
    ],
    facts: { newCase: true, nonResidentParent: true, agencies: ["school", "gp", "health_visitor"] },
  };
}

export function benchPlan() {
  console.log("\nPlans (POST /api/plan's computation)");
  const lib = loadLibrary(SHIPPED_GUIDANCE);
  const checklists = loadChecklists(SHIPPED_GUIDANCE, lib);
  const cases = lib.sets.flatMap((s) => Array.from({ length: 40 }, (_, i) => sampleCase(s.id, i)));
  timeEach(cases, (c) => planFor(lib, checklists, c)); // warm-up
  report(
    "per case, 5 sets × 40 cases (target p50 < 0.5)",
    timeEach(cases, (c) => planFor(lib, checklists, c), 3),
  );
  const t = performance.now();
  for (let i = 0; i < 10_000; i++) planFor(lib, checklists, cases[i % cases.length]!);
  console.log(`  10,000 plans: ${ms(performance.now() - t)} (target < 2 s)`);
}
