/** How rules and events are said in words, shared by the engine's explanations and the compare page. */
import type { Checklist, EventType, Offset, Rule } from "./rules/schema.js";
import { cmp } from "./dates.js";

export const EVENT_WORDS: Record<EventType, string> = {
  referral: "the referral",
  strategy_discussion: "the strategy discussion",
  icpc_requested: "the request for an ICPC",
  icpc_scheduled: "the ICPC booked",
  icpc_held: "the ICPC",
  cp_visit: "the last child protection visit",
  core_group_held: "the core group",
  rcpc_scheduled: "the review conference booked",
  rcpc_held: "the review conference (RCPC)",
  child_missing: "the first notification that the child is missing",
  moved_out_of_area: "notification of the move",
  significant_event: "the significant event",
  plan_ended: "the end of the plan",
  maqa_raised: "the MAQA notification",
  access_refused: "the refusal of access to the child",
};

const UNIT_WORDS: Record<string, string> = {
  working_days: "working day",
  calendar_days: "day",
  weeks: "week",
  months: "month",
  hours: "hour",
};

export function offsetPhrase(o: Offset): string {
  const n = o.n ?? "N";
  if (o.unit === "pathway_day") return `on day ${n} of the pathway, counting from`;
  const word = UNIT_WORDS[o.unit]!;
  return `${n} ${word}${n === 1 ? "" : "s"} ${o.direction}`;
}

/** "10 working days after the ICPC", "on day 13 of the pathway, counting from the strategy discussion, at 10:00". */
export function describeTimescale(rule: Rule, checklist: Checklist): string {
  const a = rule.anchor[0]!;
  const current = (o: Offset): Offset => {
    if (o.n !== undefined) return o;
    const values = [...(checklist.parameters[o.param!]?.values ?? [])].sort((x, y) => cmp(x.from, y.from));
    return { ...o, n: values[values.length - 1]?.value };
  };
  const from =
    "event" in a
      ? (Array.isArray(a.event) ? a.event : [a.event])
          .map((t) => (a.pick === "nth" && t === "core_group_held" ? "the first core group" : EVENT_WORDS[t]))
          .join(" or ")
      : "birthday" in a
        ? `the child’s ${a.birthday}th birthday`
        : `the deadline for “${checklist.rules.find((r) => r.id === a.rule)?.title ?? a.rule}”`;
  const parts = rule.offsets
    .map(current)
    .map(
      (o) =>
        `${o.n === 0 && o.unit === "calendar_days" ? "by" : offsetPhrase(o)} ${from}${o.time ? ` at ${o.time}` : ""}`,
    );
  const range = rule.earliest ? ` (not before ${offsetPhrase(current(rule.earliest))} ${from})` : "";
  return parts.join("; or ") + range;
}
