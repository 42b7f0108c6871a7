/**
 * The rules engine: facts and events in, every next required action out — with its due date, owner, the
 * arithmetic in words and the paragraph that requires it — plus the questions whose answers would change it.
 * Pure: no I/O, no clock (today is an input), nothing stored. What a procedure's words mean (who is on a plan,
 * a split vote, "over the age of N", who is a baby) is the set's readings, never code here.
 */
import { addDays, addMonths, ageOn, cmp, daysBetween, formatLong } from "./dates.js";
import { applyOffset, type Reached } from "./offsets.js";
import type {
  Anchor,
  Checklist,
  Condition,
  EventAnchor,
  EventFilter,
  EventMatch,
  EventType,
  FlagId,
  Offset,
  Rule,
  Source,
} from "./rules/schema.js";
import type {
  Action,
  CaseEvent,
  ChildFacts,
  Plan,
  PlanInput,
  Question,
  SourceRef,
  Status,
  WaitingOn,
} from "./types.js";
import {
  ageReadingWords,
  anchorLabel,
  describeTimescale,
  fillWords,
  offsetN,
  offsetPhrase,
  waitingWords,
} from "./words.js";
import { agencyName, eventName, eventNoun, flagUnset } from "./vocabulary.js";
import { actionId, actionKey, childQuestionId } from "./ids.js";
import { getOrMake } from "./memo.js";

/** How the rest of the app describes a cited section: its link and heading. */
export type DescribeSource = (set: string, source: Source) => { url: string; heading: string };

export interface FactText {
  id: string;
  text: string;
}

export const DUE_SOON_DAYS = 7;

interface Indexed extends CaseEvent {
  index: number;
}

type Truth = "yes" | "no" | "pending" | "unknown";

interface Anchored {
  date: string;
  time?: string;
  label: string;
  event?: Indexed;
  /** The date an action id counts from when it is not `date`: another rule's due date, however it was met. */
  key?: string;
}

interface Target {
  child?: ChildFacts;
  agency?: string;
}

/** Does an event match a filter — its outcome (or what the set reads a flag as), its flags, its grading? */
export function eventMatches(e: CaseEvent, f: EventFilter | undefined, checklist?: Checklist): boolean {
  if (!f) return true;
  if (f.outcome && !(e.outcome && f.outcome.includes(e.outcome))) {
    // The set's reading may say an event with a flag counts as an outcome (Bolton: a split vote is a plan).
    let read = false;
    for (const c of checklist?.readings.countsAs ?? [])
      if (c.event === e.type && f.outcome.includes(c.outcome) && e[c.flag] === true) read = true;
    if (!read) return false;
  }
  if (f.flags)
    for (const flag in f.flags) {
      // No allocation here: this runs for every event against every anchor of every plan.
      const had = e[flag as keyof CaseEvent];
      if ((typeof had === "boolean" ? had : flagUnset(flag)) !== f.flags[flag as FlagId]) return false;
    }
  if (f.gradingAtMost !== undefined && !(e.grading !== undefined && e.grading <= f.gradingAtMost)) return false;
  return true;
}

const withoutFullStop = (s: string) => (s.endsWith(".") ? s.slice(0, -1) : s);

const ruleIndex = new WeakMap<Checklist, Map<string, Rule>>();
const anchorKeys = new WeakMap<Anchor, string>();
const sourceCache = new WeakMap<Rule, { describe: DescribeSource; list: SourceRef[] }>();

class Evaluation {
  private readonly events: Indexed[];
  private readonly questions = new Map<string, Question>();
  private readonly computed = new Map<string, Action[]>();
  /** The event that completed a rule's (shared) duty: what counts from the rule counts from it. */
  private readonly heldFor = new Map<string, Indexed>();
  private readonly rules: Map<string, Rule>;
  private readonly dueSoonUntil: string;

  constructor(
    private readonly input: PlanInput,
    private readonly checklist: Checklist,
    private readonly facts: FactText[],
    private readonly describe: DescribeSource,
  ) {
    this.dueSoonUntil = addDays(input.today, DUE_SOON_DAYS);
    const order = input.events.map((_e, i) => i);
    order.sort((a, b) => {
      const x = input.events[a]!,
        y = input.events[b]!;
      return cmp(x.date, y.date) || cmp(x.time ?? "", y.time ?? "") || a - b;
    });
    this.events = order.map((i, index) => ({ ...input.events[i]!, index }));
    this.rules = getOrMake(ruleIndex, checklist, () => new Map(checklist.rules.map((r) => [r.id, r])));
  }

  run(): Plan {
    const actions = this.checklist.rules.flatMap((r) => this.evaluate(r));
    return { actions, questions: [...this.questions.values()] };
  }

  // ── facts and conditions ────────────────────────────────────────────────────────────────

  private ask(id: string, text: string, rule: Rule) {
    if (this.questions.has(id)) return;
    const src = rule.sources[0]!;
    const { heading } = this.describe(this.checklist.set, src);
    this.questions.set(id, {
      id,
      text,
      why: `${fillWords(rule.title)}: “${src.quote}” — ${this.checklist.set}, ‘${heading}’`,
    });
  }

  private matches(e: CaseEvent, m: EventMatch): boolean {
    return e.type === m.event && eventMatches(e, m.where, this.checklist);
  }

  private latest(type: EventType, where?: EventFilter): Indexed | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.type === type && eventMatches(e, where, this.checklist)) return e;
    }
    return undefined;
  }

  private planStateMemo: { state: Truth; decided: boolean } | undefined;
  /**
   * Whether a child protection plan is in place, from the set's reading of who is on a plan: read through the
   * events in order, a plan starts, ends, or is still to be decided (a deferred ICPC); a decision event of
   * another outcome (no plan) means none.
   */
  private planState(): { state: Truth; decided: boolean } {
    if (this.planStateMemo) return this.planStateMemo;
    const reading = this.checklist.readings.plan;
    let state: Truth = "pending";
    let decided = false;
    if (reading) {
      const deciders = new Set([...reading.starts, ...reading.pending].map((m) => m.event));
      for (const e of this.events) {
        if (reading.starts.some((m) => this.matches(e, m))) state = "yes";
        else if (reading.ends.some((m) => this.matches(e, m))) state = "no";
        else if (reading.pending.some((m) => this.matches(e, m))) state = "pending";
        else if (deciders.has(e.type) && e.type === reading.starts[0]?.event) state = "no";
        else continue;
        decided = true;
      }
    }
    this.planStateMemo = { state, decided };
    return this.planStateMemo;
  }

  private condition(c: Condition, rule: Rule): Truth {
    if ("state" in c) {
      const s = this.planState();
      if (c.state === "planActive") return s.state;
      return s.decided ? "no" : "yes";
    }
    if ("fact" in c) {
      const v = this.input.facts[c.fact];
      if (v === undefined) {
        const f = this.facts.find((x) => x.id === c.fact);
        this.ask(c.fact, f?.text ?? c.fact, rule);
        return "unknown";
      }
      return v === c.equals ? "yes" : "no";
    }
    if ("agency" in c) {
      const list = this.input.facts.agencies;
      if (!list) {
        this.ask("agencies", this.facts.find((x) => x.id === "agencies")?.text ?? "Which agencies are involved?", rule);
        return "unknown";
      }
      return list.includes(c.agency) ? "yes" : "no";
    }
    if ("consecutive" in c) {
      const last = this.events.filter((e) => e.type === c.consecutive).slice(-c.count);
      if (last.length < c.count) return "pending";
      return last.every((e) => eventMatches(e, c.where, this.checklist)) ? "yes" : "no";
    }
    const any = this.events.some((e) => e.type === c.event);
    if (!any) return "pending";
    return this.events.some((e) => e.type === c.event && eventMatches(e, c.where, this.checklist)) ? "yes" : "no";
  }

  // ── anchors ─────────────────────────────────────────────────────────────────────────────

  /** Many rules count from the same event (the ICPC booked, the last core group): each is found once per plan. */
  private readonly anchors = new Map<string, Anchored | null>();

  private resolveAnchor(a: Anchor): Anchored | undefined {
    if ("birthday" in a) return undefined; // resolved per child
    const key = getOrMake(anchorKeys, a, () => JSON.stringify(a));
    let found = this.anchors.get(key);
    if (found === undefined) {
      found = this.findAnchor(a) ?? null;
      this.anchors.set(key, found);
    }
    return found ?? undefined;
  }

  private findAnchor(a: Anchor): Anchored | undefined {
    if ("rule" in a) {
      const target = this.rules.get(a.rule);
      if (!target) return undefined;
      const action = this.evaluate(target).find((x) => x.due);
      // What happened beats what was due: a meeting held for the rule counts from the day it was held.
      const held = this.heldFor.get(target.id);
      // Action ids keep counting from the other rule's due date whichever way it was met, so done marks stay put.
      const key = action?.due ?? undefined;
      if (held)
        return {
          date: held.date,
          ...(held.time ? { time: held.time } : {}),
          label: eventName(held.type),
          ...(key ? { key } : {}),
        };
      if (!action?.due) return undefined;
      const title = fillWords(target.title);
      // A deadline on a weekend or bank holiday is met on its act-by date: what counts back from it counts from there.
      if (action.actBy)
        return {
          date: action.actBy,
          label: `the last working day for “${title}” (due ${formatLong(action.due)})`,
          key: action.due,
        };
      return {
        date: action.due,
        ...(action.dueTime ? { time: action.dueTime } : {}),
        label: `the deadline for “${title}”`,
      };
    }
    if ("birthday" in a) return undefined; // resolved per child
    const pick = this.findEvent(a);
    if (!pick) return undefined;
    // Of several event types, say which one it was ("the core group" or "the review conference").
    const label = a.pick !== "nth" && a.event.length > 1 ? eventName(pick.type) : anchorLabel(a, this.checklist);
    return { date: pick.date, ...(pick.time ? { time: pick.time } : {}), label, event: pick };
  }

  private findEvent(a: EventAnchor): Indexed | undefined {
    // With no `since` event yet there is nothing to restrict by; the `since` event itself counts when it is of the type sought.
    const since = a.since ? this.latest(a.since) : undefined;
    // Plain loops, no closures: this runs for every anchor of every plan.
    if (a.pick === "last") {
      for (let i = this.events.length - 1; i >= 0; i--) {
        const e = this.events[i]!;
        if (this.anchorMatch(a, e, since)) return e;
      }
      return undefined;
    }
    let n = a.pick === "first" ? 1 : (a.nth ?? 1);
    for (const e of this.events) if (this.anchorMatch(a, e, since) && --n === 0) return e;
    return undefined;
  }

  private anchorMatch(a: EventAnchor, e: Indexed, since: Indexed | undefined): boolean {
    return (
      a.event.includes(e.type) &&
      eventMatches(e, a.where, this.checklist) &&
      (!since || e.index > since.index || e === since)
    );
  }

  // ── evaluation ──────────────────────────────────────────────────────────────────────────

  private sources(rule: Rule): SourceRef[] {
    let refs = sourceCache.get(rule);
    if (!refs || refs.describe !== this.describe) {
      // Shared between plans and frozen: nothing downstream may change a citation.
      refs = {
        describe: this.describe,
        list: Object.freeze(
          rule.sources.map((s) => Object.freeze({ ...s, url: this.describe(this.checklist.set, s).url })),
        ) as SourceRef[],
      };
      sourceCache.set(rule, refs);
    }
    return refs.list;
  }

  private status(due: string | null, done: boolean): Status {
    if (done) return "done";
    if (!due) return "due";
    if (due < this.input.today) return "overdue";
    return due <= this.dueSoonUntil ? "due" : "upcoming";
  }

  private evaluate(rule: Rule): Action[] {
    const memo = this.computed.get(rule.id);
    if (memo) return memo;
    this.computed.set(rule.id, []); // guards against a cycle of rule anchors
    const result = this.compute(rule);
    this.computed.set(rule.id, result);
    return result;
  }

  private compute(rule: Rule): Action[] {
    // A duty shown only once its clock starts asks nothing until then (its questions would not change the plan yet).
    if (rule.optional && !rule.perChild && !this.firstAnchor(rule)) return [];
    let pending = false;
    for (const c of rule.when) {
      const t = this.condition(c, rule);
      if (t === "no" || t === "unknown") return [];
      if (t === "pending") pending = true;
    }
    const targets = this.targets(rule);
    if (targets === undefined) return [];
    const sources = this.sources(rule);
    const shared = pending ? undefined : this.firstAnchor(rule);
    const out: Action[] = [];
    let lastAnchor: Anchored | undefined;
    let reached: ReturnType<Evaluation["reach"]> | undefined;
    let satisfied: Indexed | undefined;
    for (const t of targets) {
      const anchor = shared ?? (pending || !t.child ? undefined : this.birthdayAnchor(rule, t.child));
      if (!anchor) {
        if (rule.optional || (!pending && this.beforeTheCase(rule))) continue;
        const applies = t.child ? this.childApplies(rule, t.child, null) : "yes";
        if (applies === "no" || applies === "unknown") continue;
        out.push(this.waiting(rule, t, pending, sources));
        continue;
      }
      // Shared by every child or agency the rule is for: worked out once.
      if (anchor !== lastAnchor) {
        lastAnchor = anchor;
        reached = this.reach(rule, anchor);
        satisfied = this.satisfiedBy(rule, anchor, reached.date);
      }
      const applies = t.child ? this.childApplies(rule, t.child, reached!.date) : "yes";
      if (applies === "no" || applies === "unknown") continue;
      const id = actionId(rule.id, { child: t.child?.id, agency: t.agency }, anchor.key ?? anchor.date);
      if (satisfied && !t.child && !t.agency) this.heldFor.set(rule.id, satisfied);
      const done = satisfied !== undefined || this.input.done.includes(id);
      const parts = [reached!.words];
      if (reached!.earliestWords) parts.push(reached!.earliestWords);
      if (applies !== "yes") parts.push(applies);
      if (rule.note) parts.push(fillWords(rule.note, t));
      if (satisfied) parts.unshift(`Done: ${eventNoun(satisfied.type)} on ${formatLong(satisfied.date)}`);
      else if (done) parts.unshift("Marked done");
      // Built field by field (not with spreads): plans are computed in bulk and this is the hot path.
      const action: Action = {
        id,
        title: fillWords(rule.title, t),
        owner: rule.owner,
        due: reached!.date,
      } as Action;
      if (reached!.time) action.dueTime = reached!.time;
      if (reached!.actBy) action.actBy = reached!.actBy;
      if (reached!.earliest) action.earliest = reached!.earliest;
      action.status = this.status(reached!.date, done);
      if (t.child) action.child = t.child.id;
      if (t.agency) action.agency = t.agency;
      action.basis = `${parts.map(withoutFullStop).join(". ")}.`;
      action.sources = sources;
      action.rule = rule.id;
      action.duty = rule.duty;
      out.push(action);
    }
    return out;
  }

  /**
   * A duty counted from the event that started the plan (the ICPC) in a case whose plan is known from a later
   * event instead (a review that continued it): that stage came before the case was recorded, so it is not shown.
   */
  private beforeTheCase(rule: Rule): boolean {
    const a = rule.anchor[0]!;
    const starts = this.checklist.readings.plan?.starts ?? [];
    if (!("event" in a) || !rule.when.some((c) => "state" in c && c.state === "planActive")) return false;
    if (this.planState().state !== "yes") return false;
    const startTypes = new Set(starts.map((m) => m.event));
    return a.event.every((t) => startTypes.has(t)) && !this.events.some((e) => a.event.includes(e.type));
  }

  private firstAnchor(rule: Rule): Anchored | undefined {
    for (const a of rule.anchor) {
      const found = this.resolveAnchor(a);
      if (found) return found;
    }
    return undefined;
  }

  /** A waiting action: what it waits on as data (`waitingOn`) and the same in words, then the timescale that follows. */
  private waiting(rule: Rule, t: Target, pending: boolean, sources: SourceRef[]): Action {
    const on = (pending && this.pendingOn(rule)) || this.anchorWaitingOn(rule);
    const action: Action = {
      id: actionKey(rule.id, { child: t.child?.id, agency: t.agency }),
      title: fillWords(rule.title, t),
      owner: rule.owner,
      due: null,
      status: "waiting",
      waitingOn: on,
      ...(t.child ? { child: t.child.id } : {}),
      ...(t.agency ? { agency: t.agency } : {}),
      basis: `Waiting on ${waitingWords(on, this.checklist)}. Then due ${describeTimescale(rule, this.checklist, this.input.today)}.${rule.note ? ` ${withoutFullStop(fillWords(rule.note, t))}.` : ""}`,
      sources,
      rule: rule.id,
      duty: rule.duty,
    };
    return action;
  }

  private birthdayAnchor(rule: Rule, child: ChildFacts): Anchored | undefined {
    const a = rule.anchor.find((x) => "birthday" in x);
    if (!a || !("birthday" in a)) return undefined;
    if (!child.dateOfBirth) {
      this.ask(childQuestionId(child.id, "dateOfBirth"), `What is ${child.id}’s date of birth?`, rule);
      return undefined;
    }
    return { date: addMonths(child.dateOfBirth, 12 * a.birthday), label: `${child.id}’s ${a.birthday}th birthday` };
  }

  /** The condition of a rule that has not happened yet, as data (undefined if none is pending). */
  private pendingOn(rule: Rule): WaitingOn | undefined {
    for (const c of rule.when) {
      if ("state" in c && c.state === "planActive" && this.planState().state === "pending") {
        const start = this.checklist.readings.plan?.starts[0];
        if (start) return { event: start.event, ...(start.where?.outcome ? { outcome: start.where.outcome } : {}) };
      }
      if ("event" in c && !this.events.some((e) => e.type === c.event))
        return { event: c.event, ...(c.where?.outcome ? { outcome: c.where.outcome } : {}) };
      if ("consecutive" in c && this.events.filter((e) => e.type === c.consecutive).length < c.count)
        return { event: c.consecutive };
    }
    return undefined;
  }

  /** The first anchor not yet found, as data; a rule that waits on another rule waits on what that one waits on. */
  private anchorWaitingOn(rule: Rule): WaitingOn {
    const a = rule.anchor[0]!;
    if ("rule" in a) {
      const target = this.rules.get(a.rule);
      const known = target && this.evaluate(target).find((x) => x.status === "waiting")?.waitingOn;
      return known ?? { rule: a.rule };
    }
    if ("birthday" in a) return { birthday: a.birthday };
    const on: WaitingOn = { event: a.event[0]! };
    if (a.event.length > 1) on.anyOf = a.event;
    if (a.where?.outcome) on.outcome = a.where.outcome;
    return on;
  }

  private reach(rule: Rule, anchor: Anchored): Reached & { earliest?: string; earliestWords?: string } {
    const all: Reached[] = [];
    const open: string[] = [];
    for (const o of rule.offsets) {
      const from = o.from ? this.countFrom(o, anchor) : anchor;
      if (!from) {
        open.push(`${offsetPhrase(o, offsetN(o, anchor.date))} ${o.from!.map((t) => eventName(t)).join(" or ")}`);
        continue;
      }
      all.push(applyOffset(from, o.unit, offsetN(o, anchor.date), o.direction, o.time));
    }
    if (!all.length)
      // The clock has started but what dates it has not happened: open now, with no date yet.
      return {
        date: null as unknown as string,
        words: `Open since ${anchor.label} on ${formatLong(anchor.date)}; due ${open.join(", or ")}, which has no date yet`,
      };
    let best = all[0]!;
    for (const r of all)
      if (r.date < best.date || (r.date === best.date && (r.time ?? "99") < (best.time ?? "99"))) best = r;
    let words = best.words;
    if (all.length > 1) {
      words = `The earlier of ${all.length} timescales in the document: ${all.map((r) => `${r.words} gives ${formatLong(r.date)}${r.time ? ` ${r.time}` : ""}`).join("; ")}`;
    }
    if (best.actByWords) words += `. ${best.actByWords}`;
    const result: Reached & { earliest?: string; earliestWords?: string } = { ...best, words };
    if (rule.earliest) {
      const e = applyOffset(anchor, rule.earliest.unit, offsetN(rule.earliest, anchor.date), rule.earliest.direction);
      result.earliest = e.date;
      result.earliestWords = `Not before ${formatLong(e.date)} (${e.words.split(";")[0]})`;
    }
    return result;
  }

  /** The event a timescale counts from instead of the clock's start (the ICPC booked, during the enquiry). */
  private countFrom(o: Offset, anchor: Anchored): Anchored | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (!o.from!.includes(e.type)) continue;
      if (anchor.event ? e.index < anchor.event.index : e.date < anchor.date) return undefined;
      return { date: e.date, ...(e.time ? { time: e.time } : {}), label: eventName(e.type), event: e };
    }
    return undefined;
  }

  /**
   * The event that completes the duty: after the event that started its clock (or, for a date from another rule,
   * after the latest `since` event). A rule that allows it may be met early: a meeting held up to `early` before
   * the due date is this one.
   */
  private satisfiedBy(rule: Rule, anchor: Anchored, due: string | null): Indexed | undefined {
    const s = rule.satisfiedBy;
    if (!s) return undefined;
    const since = s.since ? this.events.filter((e) => s.since!.includes(e.type)).pop() : undefined;
    const notBefore =
      s.early && due ? applyOffset({ date: due, label: "" }, s.early.unit, s.early.n, "before").date : undefined;
    let first: Indexed | undefined;
    let lastByDue: Indexed | undefined;
    for (const e of this.events) {
      if (
        e.type !== s.event ||
        !eventMatches(e, s.where, this.checklist) ||
        (since && e.index <= since.index) ||
        // A duty counted back from its anchor (a meeting before the review) is met in its window, not after the anchor.
        !(notBefore
          ? e.date >= notBefore
          : !anchor.event || (e.type === anchor.event.type ? e.index > anchor.event.index : e.date >= anchor.date))
      )
        continue;
      if (!notBefore || !due) return e;
      first ??= e;
      if (e.date <= due) lastByDue = e;
    }
    // Met early, the meeting is the last one held by the due date (or, if none, the first held after it).
    return lastByDue ?? first;
  }

  // ── who an action is for ────────────────────────────────────────────────────────────────

  private targets(rule: Rule): Target[] | undefined {
    if (rule.perChild) {
      const kids = this.input.children.filter((c) => (rule.perChild!.unborn ? c.unborn === true : c.unborn !== true));
      return kids.map((child) => ({ child }));
    }
    if (rule.agencies) {
      const list = [...rule.agencies.always];
      if (rule.agencies.fromFacts) {
        const given = this.input.facts.agencies;
        if (!given) {
          this.ask(
            "agencies",
            this.facts.find((x) => x.id === "agencies")?.text ?? "Which agencies are involved?",
            rule,
          );
        } else for (const a of given) if (!list.includes(a) && !rule.agencies.exclude.includes(a)) list.push(a);
      }
      return list.map((agency) => ({ agency }));
    }
    return [{}];
  }

  /** "yes", "no", "unknown" (and asks), or the words explaining why an age rule applies. */
  private childApplies(rule: Rule, child: ChildFacts, due: string | null): string {
    const p = rule.perChild!;
    if (p.lookedAfter !== undefined) {
      if (child.lookedAfter === undefined) {
        this.ask(
          childQuestionId(child.id, "lookedAfter"),
          `Is ${child.id} looked after (in the care of the local authority)?`,
          rule,
        );
        return "unknown";
      }
      if (child.lookedAfter !== p.lookedAfter) return "no";
    }
    // The set's readings say what the words mean: "over the age of N" (N or over, or older than N), and "babies".
    const { age: ageReading, baby } = this.checklist.readings;
    const minAge =
      p.overAge !== undefined && ageReading ? (ageReading.inclusive ? p.overAge : p.overAge + 1) : undefined;
    const underAge = p.baby && baby ? baby.under : undefined;
    if (minAge === undefined && underAge === undefined) return "yes";
    const on = due ?? this.input.today;
    let age: number | undefined;
    let how = "";
    if (child.dateOfBirth) {
      age = ageOn(child.dateOfBirth, on);
      how = `${child.id} is ${age} on ${formatLong(on)} (born ${formatLong(child.dateOfBirth)})`;
    } else if (child.ageYears !== undefined) {
      // An age without a birthday is only certain on today's date; a later due date may fall after a birthday.
      const years = Math.floor(daysBetween(this.input.today, on) / 366);
      const lo = child.ageYears + years;
      const hi = child.ageYears + Math.ceil(daysBetween(this.input.today, on) / 365);
      const threshold = minAge ?? underAge!;
      if (lo >= threshold || hi < threshold) {
        age = lo;
        how = `${child.id} is ${child.ageYears} now, so ${lo === hi ? lo : `${lo} or ${hi}`} on ${formatLong(on)}`;
      } else {
        this.ask(
          childQuestionId(child.id, "dateOfBirth"),
          `What is ${child.id}’s date of birth? They may turn ${threshold} by ${formatLong(on)}.`,
          rule,
        );
        return "unknown";
      }
    } else {
      this.ask(childQuestionId(child.id, "dateOfBirth"), `What is ${child.id}’s date of birth (or age)?`, rule);
      return "unknown";
    }
    if (minAge !== undefined && age < minAge) return "no";
    if (underAge !== undefined && age >= underAge) return "no";
    const reading =
      p.overAge !== undefined
        ? ` — ${ageReadingWords(p.overAge, this.checklist)}`
        : underAge !== undefined
          ? ` — a baby is read as a child under ${underAge}`
          : "";
    return `Applies to ${child.id}: ${how}${reading}`;
  }
}

/** Kept for pages that name agencies in sentences ("the GP", "housing services"): the vocabulary's names. */
export const agencyLabel = agencyName;

export function computePlan(input: PlanInput, checklist: Checklist, facts: FactText[], describe: DescribeSource): Plan {
  return new Evaluation(input, checklist, facts, describe).run();
}
