/**
 * A worked example for a rule, computed live: the events (and children and facts) that start its clock and make it
 * apply, run through the engine as a case would be, so the rules page shows what the rule gives today.
 */
import { addDays, addMonths, formatLong } from "../domain/dates.js";
import { computePlan, type DescribeSource } from "../domain/plan.js";
import type { Anchor, Checklist, EventFilter, EventType, Rule } from "../domain/rules/schema.js";
import type { Action, CaseEvent, ChildFacts, Facts } from "../domain/types.js";
import { filterWords } from "../domain/words.js";
import { agencyName, eventNoun, VOCABULARY } from "../domain/vocabulary.js";

export interface WorkedExample {
  /** What happened in the example, in words ("the ICPC on Monday 9 November 2026 (child protection plan)"). */
  story: string[];
  action?: Action;
}

interface Draft {
  events: CaseEvent[];
  children: ChildFacts[];
  facts: Facts;
}

/** An event of a type that passes a filter (its first outcome, its flags as asked). */
function eventFor(type: EventType, date: string, where?: EventFilter): CaseEvent {
  const e: CaseEvent = { type, date };
  if (where?.outcome?.length) e.outcome = where.outcome[0];
  else {
    const outcomes = VOCABULARY.events.get(type)?.outcomes ?? [];
    if (outcomes.length) e.outcome = outcomes[0]!.id;
  }
  for (const [flag, value] of Object.entries(where?.flags ?? {}))
    (e as unknown as Record<string, boolean>)[flag] = value;
  if (where?.gradingAtMost !== undefined) e.grading = where.gradingAtMost;
  return e;
}

/** Adds an event; one of the same type and outcome added before (a plan's start, a `since`) gives way to it. */
function add(d: Draft, e: CaseEvent, precondition = false) {
  const same = (x: CaseEvent) => x.type === e.type && x.outcome === e.outcome;
  if (precondition) {
    if (!d.events.some(same)) d.events.push(e);
    return;
  }
  // An event of the type already there that day (two visits in a row, the second today) is the one.
  if (d.events.some((x) => x.type === e.type && x.date === e.date && !(x as { pre?: boolean }).pre)) return;
  d.events = d.events.filter((x) => !(same(x) && (x as { pre?: boolean }).pre));
  d.events.push(e);
}
const pre = (e: CaseEvent): CaseEvent => Object.assign(e, { pre: true });

/** The events that start a rule's clock on `on`, with what makes the rule apply. */
function build(rule: Rule, checklist: Checklist, on: string, d: Draft, depth = 0): void {
  const plan = checklist.readings.plan;
  for (const c of rule.when) {
    if ("state" in c && c.state === "planActive" && plan?.starts[0])
      add(d, pre(eventFor(plan.starts[0].event, addDays(on, -28), plan.starts[0].where)));
    else if ("fact" in c) d.facts[c.fact] = c.equals;
    else if ("agency" in c) d.facts.agencies = [...(d.facts.agencies ?? []), c.agency];
    else if ("event" in c) add(d, pre(eventFor(c.event, addDays(on, -7), c.where)));
    else if ("consecutive" in c)
      for (let i = c.count - 1; i >= 0; i--) add(d, eventFor(c.consecutive, addDays(on, -i), c.where));
  }
  if (rule.agencies?.fromFacts && !d.facts.agencies?.length) {
    const agency = [...VOCABULARY.agencies.keys()].find((a) => !rule.agencies!.exclude.includes(a));
    if (agency) d.facts.agencies = [agency];
  }
  const p = rule.perChild;
  if (p && !d.children.length) {
    if (p.unborn) d.children.push({ id: "Baby", unborn: true, expectedDeliveryDate: addDays(on, 90) });
    else if (p.baby) d.children.push({ id: "A", dateOfBirth: addDays(on, -120) });
    else if (p.overAge !== undefined) d.children.push({ id: "A", dateOfBirth: addMonths(on, -12 * (p.overAge + 2)) });
    else
      d.children.push({
        id: "A",
        dateOfBirth: addMonths(on, -12 * 9),
        ...(p.lookedAfter ? { lookedAfter: true } : {}),
      });
    if (p.lookedAfter) d.children[0]!.lookedAfter = true;
  }
  const a: Anchor = rule.anchor[0]!;
  if ("rule" in a) {
    const target = checklist.rules.find((r) => r.id === a.rule);
    if (target && depth < 6) build(target, checklist, on, d, depth + 1);
  } else if ("birthday" in a) {
    if (d.children[0]) d.children[0].dateOfBirth = addMonths(addDays(on, 30), -12 * a.birthday);
  } else {
    if (a.since) add(d, pre(eventFor(a.since, addDays(on, -21), plan?.starts.find((m) => m.event === a.since)?.where)));
    for (let i = 1; i < (a.pick === "nth" ? (a.nth ?? 1) : 1); i++) add(d, eventFor(a.event[0]!, addDays(on, -7 * i)));
    add(d, eventFor(a.event[0]!, on, a.where));
  }
  // A timescale counted from another event (the ICPC booked, during the enquiry) needs that event too.
  for (const o of rule.offsets) if (o.from) add(d, eventFor(o.from[0]!, addDays(on, 21)));
}

export function workedExample(
  rule: Rule,
  checklist: Checklist,
  today: string,
  describe: DescribeSource,
  facts: { id: string; text: string }[],
): WorkedExample {
  const d: Draft = { events: [], children: [], facts: {} };
  // A duty counted back from a meeting is shown before a meeting a few weeks ahead; others from today.
  const before = rule.offsets.some((o) => o.direction === "before" && !o.from);
  build(rule, checklist, before ? addDays(today, 28) : today, d);
  d.events = d.events
    .map(({ pre: _pre, ...e }: CaseEvent & { pre?: boolean }) => e)
    .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
  const plan = computePlan(
    { set: checklist.set, today, children: d.children, facts: d.facts, events: d.events, done: [] },
    checklist,
    facts,
    describe,
  );
  const action = plan.actions.find((x) => x.rule === rule.id);
  const story = d.events.map((e) => {
    const where: EventFilter = {
      ...(e.outcome ? { outcome: [e.outcome] } : {}),
      ...(e.splitVote || e.seenAlone || e.bedroomSeen || e.immediateRisk || e.childSeen === false
        ? {
            flags: {
              ...(e.splitVote ? { splitVote: true } : {}),
              ...(e.seenAlone ? { seenAlone: true } : {}),
              ...(e.bedroomSeen ? { bedroomSeen: true } : {}),
              ...(e.immediateRisk ? { immediateRisk: true } : {}),
              ...(e.childSeen === false ? { childSeen: false } : {}),
            },
          }
        : {}),
      ...(e.grading !== undefined ? { gradingAtMost: e.grading } : {}),
    };
    return `the ${eventNoun(e.type)} on ${formatLong(e.date)}${filterWords(where)}`;
  });
  for (const c of d.children)
    story.push(
      c.unborn
        ? `an unborn child expected on ${formatLong(c.expectedDeliveryDate!)}`
        : `a child born ${formatLong(c.dateOfBirth!)}${c.lookedAfter ? ", looked after" : ""}`,
    );
  for (const [k, v] of Object.entries(d.facts))
    if (k === "agencies") story.push(`agencies involved: ${(v as string[]).map(agencyName).join(", ")}`);
    else story.push(`the answer to “${facts.find((f) => f.id === k)?.text ?? k}”: ${v ? "yes" : "no"}`);
  return { story, ...(action ? { action } : {}) };
}
