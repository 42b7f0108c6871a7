/** Runs the engine on the shipped rules and guidance, as /api/plan does, for the golden tests. */
import { loadChecklists } from "../../server/checklists/load.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { planFor } from "../../server/plan/service.js";
import type { Action, CaseEvent, ChildFacts, Facts } from "../../server/domain/types.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const lib = loadLibrary(SHIPPED_GUIDANCE);
const checklists = loadChecklists(SHIPPED_GUIDANCE, lib);

export function plan(
  set: string,
  today: string,
  events: CaseEvent[],
  opts: { children?: ChildFacts[]; facts?: Facts; done?: string[] } = {},
) {
  return planFor(lib, checklists, {
    set,
    today,
    events,
    children: opts.children ?? [],
    facts: opts.facts ?? {},
    done: opts.done ?? [],
  });
}

export function byRule(actions: Action[], rule: string, child?: string): Action {
  const found = actions.filter((a) => a.rule === rule && (child === undefined || a.child === child));
  if (found.length !== 1)
    throw new Error(
      `expected one action for ${rule}${child ? ` (${child})` : ""}, found ${found.length}: ${actions.map((a) => a.id).join(", ")}`,
    );
  return found[0]!;
}

export const ev = (type: CaseEvent["type"], date: string, extra: Partial<CaseEvent> = {}): CaseEvent => ({
  type,
  date,
  ...extra,
});
