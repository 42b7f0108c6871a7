/**
 * Moving a scenario through time. A moment is a date (the engine's `today`) and how many timeline entries the
 * story has reached; the checklist at a moment is the existing engine run on the events reached so far, so an
 * event later in the story is simply not there yet. Between two moments, `changesBetween` says what is new,
 * what moved, what was done, what fell overdue and what no longer applies — each with the engine's own working.
 */
import type { GuidanceLibrary } from "../guidance/model.js";
import type { Checklists } from "../checklists/load.js";
import { planFor } from "../plan/service.js";
import { formatLong } from "../domain/dates.js";
import type { Action, CaseEvent, Plan } from "../domain/types.js";
import { entryEvent, type Scenario, type ScenarioEntry, storyDate } from "./schema.js";

export interface Moment {
  /** The date the checklist is worked out on. */
  date: string;
  /** How many timeline entries the story has reached (entries 0 … reached − 1). */
  reached: number;
  /** The step (1-based) when the moment is one; undefined for a date between steps. */
  step?: number;
}

/** Step n (1-based): the story has just reached entry n − 1, on its date. */
export function stepMoment(s: Scenario, step: number): Moment {
  const e = s.timeline[step - 1]!;
  return { date: storyDate(e), reached: step, step };
}

/** A date: every entry on or before it has happened. */
export function dateMoment(s: Scenario, date: string): Moment {
  let reached = 0;
  while (reached < s.timeline.length && storyDate(s.timeline[reached]!) <= date) reached++;
  const last = s.timeline[reached - 1];
  return last && storyDate(last) === date ? { date, reached, step: reached } : { date, reached };
}

/** The moment to compare with: the step before, or for a date between steps the last step reached. */
export function previousMoment(s: Scenario, m: Moment): Moment | undefined {
  if (m.step !== undefined) {
    if (m.step > 1) return stepMoment(s, m.step - 1);
    // Before the first entry: nothing has happened yet, on the same day.
    return { date: m.date, reached: 0 };
  }
  return m.reached > 0 ? stepMoment(s, m.reached) : undefined;
}

/** The entries between two moments (what happened since the previous step). */
export const entriesBetween = (s: Scenario, from: Moment | undefined, to: Moment): ScenarioEntry[] =>
  s.timeline.slice(from?.reached ?? 0, to.reached);

export interface Engine {
  library: GuidanceLibrary;
  checklists: Checklists;
}

/**
 * One scenario played in one set. Entries that mark duties done are resolved in order: the open actions of
 * those duties on that day (their ids carry their anchor date, so a later occurrence is not marked).
 */
export class Playthrough {
  private readonly doneAfter: string[][] = [];
  private readonly events: CaseEvent[] = [];

  constructor(
    private readonly engine: Engine,
    readonly scenario: Scenario,
    readonly set: string,
  ) {
    let done: string[] = [];
    this.doneAfter.push(done);
    scenario.timeline.forEach((e, i) => {
      const ev = entryEvent(e);
      if (ev) this.events.push(ev);
      if (e.done) {
        const plan = this.compute({ date: storyDate(e), reached: i }, done);
        const ids = plan.actions
          .filter(
            (a) =>
              (e.done!.includes(a.duty) || e.done!.includes(a.rule)) && a.status !== "done" && a.status !== "waiting",
          )
          .map((a) => a.id);
        done = [...done, ...ids];
      }
      this.doneAfter.push(done);
    });
  }

  /** The events the story has reached at a moment, in timeline order. */
  eventsAt(m: Moment): CaseEvent[] {
    let n = 0;
    for (let i = 0; i < m.reached; i++) if (this.scenario.timeline[i]!.event) n++;
    return this.events.slice(0, n);
  }

  private compute(m: Moment, done: string[]): Plan {
    return planFor(this.engine.library, this.engine.checklists, {
      set: this.set,
      today: m.date,
      children: this.scenario.children,
      facts: this.scenario.facts,
      events: this.eventsAt(m),
      done,
    });
  }

  private readonly plans = new Map<string, Plan>();

  /** The checklist as it stands at a moment. */
  planAt(m: Moment): Plan {
    const key = `${m.date}/${m.reached}`;
    let p = this.plans.get(key);
    if (!p) {
      p = this.compute(m, this.doneAfter[m.reached] ?? []);
      if (this.plans.size > 500) this.plans.clear();
      this.plans.set(key, p);
    }
    return p;
  }
}

const playthroughs = new WeakMap<Scenario, { library: GuidanceLibrary; bySet: Map<string, Playthrough> }>();

/** Playthroughs are pure and scenarios immutable once loaded: kept per scenario object and guidance library. */
export function playthrough(engine: Engine, s: Scenario, set: string): Playthrough {
  let memo = playthroughs.get(s);
  if (!memo || memo.library !== engine.library) {
    memo = { library: engine.library, bySet: new Map() };
    playthroughs.set(s, memo);
  }
  let p = memo.bySet.get(set);
  if (!p) {
    p = new Playthrough(engine, s, set);
    memo.bySet.set(set, p);
  }
  return p;
}

// ── what changed ──────────────────────────────────────────────────────────────────────────

export type ChangeKind = "overdue" | "new" | "dated" | "moved" | "done" | "due" | "gone";

export interface Change {
  kind: ChangeKind;
  action: Action;
  /** The same action at the previous moment (moved, dated, done, overdue, due, gone). */
  before?: Action;
  /** Why, in words: the engine's working, or what passed. */
  why: string;
}

export const CHANGE_ORDER: ChangeKind[] = ["overdue", "new", "dated", "moved", "done", "due", "gone"];

/** An action across moments: its rule, child and agency, without the anchor date its id ends with. */
export const actionKey = (a: Action): string => a.id.replace(/@[^@]*$/, "");

const dueWords = (a: Action) =>
  a.due
    ? `${formatLong(a.due)}${a.dueTime ? ` at ${a.dueTime}` : ""}${a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}`
    : "";

/**
 * What changed from one checklist to the next. Actions that are new but still waiting on a later event are left
 * out (the checklist lists them); `happened` names what happened in between, for actions that stop applying.
 */
export function changesBetween(before: Plan | undefined, after: Plan, today: string, happened: string[]): Change[] {
  const prev = new Map((before?.actions ?? []).map((a) => [actionKey(a), a]));
  const seen = new Set<string>();
  const out: Change[] = [];
  for (const a of after.actions) {
    const key = actionKey(a);
    seen.add(key);
    const b = prev.get(key);
    if (!b) {
      if (a.status === "waiting") continue;
      out.push({ kind: a.status === "done" ? "done" : "new", action: a, why: a.basis });
      continue;
    }
    if (a.status === "done") {
      if (b.status !== "done") out.push({ kind: "done", action: a, before: b, why: a.basis });
      continue;
    }
    if (b.status === "waiting" && a.due) {
      out.push({ kind: "dated", action: a, before: b, why: a.basis });
      continue;
    }
    if (b.due && a.due && (b.due !== a.due || b.dueTime !== a.dueTime)) {
      out.push({ kind: "moved", action: a, before: b, why: `Was due ${dueWords(b)}. ${a.basis}` });
      continue;
    }
    if (a.status === "overdue" && b.status !== "overdue") {
      out.push({
        kind: "overdue",
        action: a,
        before: b,
        why: `Due ${dueWords(a)} and not recorded as done by ${formatLong(today)}.`,
      });
      continue;
    }
    if (a.status === "due" && b.status === "upcoming")
      out.push({
        kind: "due",
        action: a,
        before: b,
        why: `Due ${dueWords(a)}: within 7 days of ${formatLong(today)}.`,
      });
  }
  for (const [key, b] of prev) {
    if (seen.has(key) || b.status === "done") continue;
    out.push({
      kind: "gone",
      action: b,
      before: b,
      why: happened.length
        ? `No longer on the checklist after ${happened.join("; ")}.`
        : "No longer on the checklist on this date.",
    });
  }
  return out.sort((x, y) => CHANGE_ORDER.indexOf(x.kind) - CHANGE_ORDER.indexOf(y.kind));
}
