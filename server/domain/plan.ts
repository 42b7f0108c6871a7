/**
 * The rules engine: facts and events in, every next required action out — with its due date, owner, the
 * arithmetic in words and the paragraph that requires it — plus the questions whose answers would change it.
 * Pure: no I/O, no clock (today is an input), nothing stored.
 */
import { addDays, addMonths, ageOn, cmp, daysBetween, formatLong } from "./dates.js";
import { applyOffset, type Reached } from "./offsets.js";
import type { Anchor, Checklist, Condition, EventFilter, EventType, Offset, Rule, Source } from "./rules/schema.js";
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
import { EVENT_WORDS, offsetPhrase } from "./words.js";
import { getOrMake } from "./memo.js";

/** How the rest of the app describes a cited section: its link and heading. */
export type DescribeSource = (set: string, source: Source) => { url: string; heading: string };

export interface FactText {
  id: string;
  text: string;
}

export const DUE_SOON_DAYS = 7;

const ORDINAL = ["", "first", "second", "third", "fourth", "fifth"];

interface Indexed extends CaseEvent {
  index: number;
}

type Truth = "yes" | "no" | "pending" | "unknown";

interface Anchored {
  date: string;
  time?: string;
  label: string;
  event?: Indexed;
}

export function eventMatches(e: CaseEvent, f?: EventFilter): boolean {
  if (!f) return true;
  if (f.outcome && !(e.outcome && f.outcome.includes(e.outcome)) && !(f.outcome.includes("plan") && e.splitVote))
    return false;
  if (f.splitVote !== undefined && Boolean(e.splitVote) !== f.splitVote) return false;
  if (f.seenAlone !== undefined && Boolean(e.seenAlone) !== f.seenAlone) return false;
  if (f.childSeen !== undefined && (e.childSeen ?? true) !== f.childSeen) return false;
  if (f.bedroomSeen !== undefined && Boolean(e.bedroomSeen) !== f.bedroomSeen) return false;
  if (f.immediateRisk !== undefined && Boolean(e.immediateRisk) !== f.immediateRisk) return false;
  if (f.gradingAtMost !== undefined && !(e.grading !== undefined && e.grading <= f.gradingAtMost)) return false;
  return true;
}

const withoutFullStop = (s: string) => (s.endsWith(".") ? s.slice(0, -1) : s);

const ruleIndex = new WeakMap<Checklist, Map<string, Rule>>();
const sourceCache = new WeakMap<Rule, { describe: DescribeSource; list: SourceRef[] }>();

class Evaluation {
  private readonly events: Indexed[];
  private readonly questions = new Map<string, Question>();
  private readonly computed = new Map<string, Action[]>();
  private readonly rules: Map<string, Rule>;

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
    this.questions.set(id, { id, text, why: `${rule.title}: “${src.quote}” — ${this.checklist.set}, ‘${heading}’` });
  }

  private latest(type: EventType, where?: EventFilter): Indexed | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.type === type && eventMatches(e, where)) return e;
    }
    return undefined;
  }

  private planStateMemo: Truth | undefined;
  private planState(): Truth {
    if (this.planStateMemo === undefined) this.planStateMemo = this.computePlanState();
    return this.planStateMemo;
  }

  private computePlanState(): Truth {
    const icpc = this.latest("icpc_held");
    if (!icpc) return "pending";
    if (!eventMatches(icpc, { outcome: ["plan"] })) {
      // A deferred ICPC may yet make a plan at the reconvened conference.
      return icpc.outcome === "deferred" ? "pending" : "no";
    }
    const ended = this.events.some(
      (e) =>
        e.index > icpc.index && (e.type === "plan_ended" || (e.type === "rcpc_held" && e.outcome === "plan_ended")),
    );
    return ended ? "no" : "yes";
  }

  private condition(c: Condition, rule: Rule): Truth {
    if ("state" in c) {
      const s = this.planState();
      if (c.state === "planActive") return s;
      return this.latest("icpc_held") ? "no" : "yes";
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
      return last.every((e) => eventMatches(e, c.where)) ? "yes" : "no";
    }
    const any = this.events.some((e) => e.type === c.event);
    if (!any) return "pending";
    return this.events.some((e) => e.type === c.event && eventMatches(e, c.where)) ? "yes" : "no";
  }

  // ── anchors ─────────────────────────────────────────────────────────────────────────────

  private anchorLabel(a: Anchor): string {
    if ("birthday" in a) return `the child’s ${a.birthday}th birthday`;
    if ("rule" in a) return `the ${this.rules.get(a.rule)?.title.replace(/^[A-Z]/, (m) => m.toLowerCase()) ?? a.rule}`;
    const types = Array.isArray(a.event) ? a.event : [a.event];
    if (a.pick === "nth" && a.nth && types.length === 1 && types[0] === "core_group_held")
      return `the ${ORDINAL[a.nth] ?? `${a.nth}th`} core group`;
    return types.map((t) => EVENT_WORDS[t]).join(" or ");
  }

  private resolveAnchor(a: Anchor): Anchored | undefined {
    if ("rule" in a) {
      const target = this.rules.get(a.rule);
      if (!target) return undefined;
      const action = this.evaluate(target).find((x) => x.due);
      if (!action?.due) return undefined;
      return {
        date: action.due,
        ...(action.dueTime ? { time: action.dueTime } : {}),
        label: `the deadline for “${action.title}”`,
      };
    }
    if ("birthday" in a) return undefined; // resolved per child
    const types = Array.isArray(a.event) ? a.event : [a.event];
    // With no `since` event yet there is nothing to restrict by; the `since` event itself counts when it is of the type sought.
    const since = a.since ? this.latest(a.since) : undefined;
    const found = this.events.filter(
      (e) => types.includes(e.type) && eventMatches(e, a.where) && (!since || e.index > since.index || e === since),
    );
    const pick = a.pick === "first" ? found[0] : a.pick === "nth" ? found[(a.nth ?? 1) - 1] : found[found.length - 1];
    if (!pick) return undefined;
    // Of several event types, say which one it was ("the core group" or "the review conference").
    const label = a.pick !== "nth" && types.length > 1 ? EVENT_WORDS[pick.type] : this.anchorLabel(a);
    return { date: pick.date, ...(pick.time ? { time: pick.time } : {}), label, event: pick };
  }

  // ── evaluation ──────────────────────────────────────────────────────────────────────────

  private offsetN(o: Offset, anchorDate: string): number {
    if (o.n !== undefined) return o.n;
    const p = this.checklist.parameters[o.param!];
    if (!p) throw new Error(`${this.checklist.set}: unknown parameter ${o.param}`);
    // The value in force on the anchor date (values sorted by `from`); before the first, the first.
    const sorted = [...p.values].sort((a, b) => cmp(a.from, b.from));
    return (sorted.filter((v) => v.from <= anchorDate).pop() ?? sorted[0]!).value;
  }

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

  private readonly dueSoonUntil: string;

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
    let pending = false;
    for (const c of rule.when) {
      const t = this.condition(c, rule);
      if (t === "no" || t === "unknown") return [];
      if (t === "pending") pending = true;
    }
    const targets = this.targets(rule);
    if (targets === undefined) return [];
    const sources = this.sources(rule);
    const shared = pending ? undefined : rule.anchor.map((a) => this.resolveAnchor(a)).find(Boolean);
    const out: Action[] = [];
    for (const t of targets) {
      const anchor = shared ?? (pending || !t.child ? undefined : this.birthdayAnchor(rule, t.child));
      const who = { ...(t.child ? { child: t.child.id } : {}), ...(t.agency ? { agency: t.agency } : {}) };
      if (!anchor) {
        if (rule.optional) continue;
        const applies = t.child ? this.childApplies(rule, t.child, null) : "yes";
        if (applies === "no" || applies === "unknown") continue;
        const waiting = (pending && this.pendingOn(rule)) || this.anchorWaitingOn(rule.anchor[0]!);
        out.push({
          id: this.actionId(rule, t),
          title: this.title(rule, t),
          owner: rule.owner,
          due: null,
          status: "waiting",
          waitingOn: waiting.on,
          ...who,
          basis: `Waiting on ${waiting.words}. Then due ${rule.offsets.map(offsetPhrase).join(", or ")} ${this.anchorLabel(rule.anchor[0]!)}.${rule.note ? ` ${rule.note}.` : ""}`,
          sources,
          rule: rule.id,
          duty: rule.duty,
        });
        continue;
      }
      const reached = this.reach(rule, anchor);
      const applies = t.child ? this.childApplies(rule, t.child, reached.date) : "yes";
      if (applies === "no" || applies === "unknown") continue;
      const id = `${this.actionId(rule, t)}@${anchor.date}`;
      const satisfied = this.satisfiedBy(rule, anchor);
      const done = satisfied !== undefined || this.input.done.includes(id);
      const parts = [reached.words];
      if (reached.earliestWords) parts.push(reached.earliestWords);
      if (applies !== "yes") parts.push(applies);
      if (rule.note) parts.push(this.fill(rule.note, t));
      if (satisfied)
        parts.unshift(
          `Done: ${EVENT_WORDS[satisfied.type].replace(/^the (last )?/, "")} on ${formatLong(satisfied.date)}`,
        );
      else if (done) parts.unshift("Marked done");
      // Built field by field (not with spreads): plans are computed in bulk and this is the hot path.
      const action: Action = { id, title: this.title(rule, t), owner: rule.owner, due: reached.date } as Action;
      if (reached.time) action.dueTime = reached.time;
      if (reached.actBy) action.actBy = reached.actBy;
      if (reached.earliest) action.earliest = reached.earliest;
      action.status = this.status(reached.date, done);
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

  private birthdayAnchor(rule: Rule, child: ChildFacts): Anchored | undefined {
    const a = rule.anchor.find((x) => "birthday" in x);
    if (!a || !("birthday" in a)) return undefined;
    if (!child.dateOfBirth) {
      this.ask(`child:${child.id}:dateOfBirth`, `What is ${child.id}’s date of birth?`, rule);
      return undefined;
    }
    return { date: addMonths(child.dateOfBirth, 12 * a.birthday), label: `${child.id}’s ${a.birthday}th birthday` };
  }

  /** The condition of a rule that has not happened yet, as data and in words (undefined if none is pending). */
  private pendingOn(rule: Rule): { on: WaitingOn; words: string } | undefined {
    for (const c of rule.when) {
      if ("state" in c && c.state === "planActive" && this.planState() === "pending")
        return { on: { event: "icpc_held", outcome: ["plan"] }, words: "the ICPC deciding on a child protection plan" };
      if ("event" in c && !this.events.some((e) => e.type === c.event))
        return {
          on: { event: c.event, ...(c.where?.outcome ? { outcome: c.where.outcome } : {}) },
          words: EVENT_WORDS[c.event],
        };
      if ("consecutive" in c && this.events.filter((e) => e.type === c.consecutive).length < c.count)
        return { on: { event: c.consecutive }, words: EVENT_WORDS[c.consecutive] };
    }
    return undefined;
  }

  /** An anchor not yet found, as data and in words. */
  private anchorWaitingOn(a: Anchor): { on: WaitingOn; words: string } {
    const words = this.anchorLabel(a);
    if ("rule" in a) return { on: { rule: a.rule }, words };
    if ("birthday" in a) return { on: { birthday: a.birthday }, words };
    const types = Array.isArray(a.event) ? a.event : [a.event];
    const on: WaitingOn = { event: types[0]! };
    if (types.length > 1) on.anyOf = types;
    if (a.where?.outcome) on.outcome = a.where.outcome;
    return { on, words };
  }

  private reach(rule: Rule, anchor: Anchored): Reached & { earliest?: string; earliestWords?: string } {
    const all = rule.offsets.map((o) => applyOffset(anchor, o.unit, this.offsetN(o, anchor.date), o.direction, o.time));
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
      const e = applyOffset(
        anchor,
        rule.earliest.unit,
        this.offsetN(rule.earliest, anchor.date),
        rule.earliest.direction,
      );
      result.earliest = e.date;
      result.earliestWords = `Not before ${formatLong(e.date)} (${e.words.split(";")[0]})`;
    }
    return result;
  }

  private satisfiedBy(rule: Rule, anchor: Anchored): Indexed | undefined {
    const s = rule.satisfiedBy;
    if (!s) return undefined;
    const since = s.since ? this.events.filter((e) => s.since!.includes(e.type)).pop() : undefined;
    return this.events.find(
      (e) =>
        e.type === s.event &&
        eventMatches(e, s.where) &&
        (!since || e.index > since.index) &&
        (!anchor.event || (e.type === anchor.event.type ? e.index > anchor.event.index : e.date >= anchor.date)),
    );
  }

  // ── who an action is for ────────────────────────────────────────────────────────────────

  private targets(rule: Rule): { child?: ChildFacts; agency?: string }[] | undefined {
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
          `child:${child.id}:lookedAfter`,
          `Is ${child.id} looked after (in the care of the local authority)?`,
          rule,
        );
        return "unknown";
      }
      if (child.lookedAfter !== p.lookedAfter) return "no";
    }
    if (p.minAge === undefined && p.underAge === undefined) return "yes";
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
      const threshold = p.minAge ?? p.underAge!;
      if (lo >= threshold || hi < threshold) {
        age = lo;
        how = `${child.id} is ${child.ageYears} now, so ${lo === hi ? lo : `${lo} or ${hi}`} on ${formatLong(on)}`;
      } else {
        this.ask(
          `child:${child.id}:dateOfBirth`,
          `What is ${child.id}’s date of birth? They may turn ${threshold} by ${formatLong(on)}.`,
          rule,
        );
        return "unknown";
      }
    } else {
      this.ask(`child:${child.id}:dateOfBirth`, `What is ${child.id}’s date of birth (or age)?`, rule);
      return "unknown";
    }
    if (p.minAge !== undefined && age < p.minAge) return "no";
    if (p.underAge !== undefined && age >= p.underAge) return "no";
    const reading =
      p.minAge !== undefined
        ? ` — “over the age of ${p.minAge}” is read as ${p.minAge} or over on the date the action is due`
        : "";
    return `Applies to ${child.id}: ${how}${reading}`;
  }

  private actionId(rule: Rule, t: { child?: ChildFacts; agency?: string }): string {
    return rule.id + (t.child ? `:${t.child.id}` : "") + (t.agency ? `:${t.agency}` : "");
  }

  private title(rule: Rule, t: { child?: ChildFacts; agency?: string }): string {
    return this.fill(rule.title, t);
  }

  /** Fills {child}, {agency} and {edd} in a rule's words. */
  private fill(text: string, t: { child?: ChildFacts; agency?: string }): string {
    if (!text.includes("{")) return text;
    const edd = t.child?.expectedDeliveryDate;
    return text
      .replace(/\{child\}/g, t.child?.id ?? "the child")
      .replace(/\{agency\}/g, t.agency ? agencyLabel(t.agency) : "each agency")
      .replace(/\{edd\}/g, edd ? formatLong(edd) : "the expected delivery date (not yet recorded)");
  }
}

const AGENCY_LABELS: Record<string, string> = {
  police: "Police",
  probation: "Probation",
  gp: "the GP",
  school: "the school",
  health_visitor: "the health visitor",
  school_nurse: "the school nurse",
  camhs: "CAMHS",
  adult_mental_health: "adult mental health",
  adult_services: "adult services",
  housing: "housing services",
  cafcass: "CAFCASS",
  substance_misuse: "substance misuse services",
  previous_la: "the local authority where the child previously lived",
  education: "education",
  uava: "UAVA",
  turning_point: "Turning Point",
};
export const agencyLabel = (id: string) => AGENCY_LABELS[id] ?? id.replace(/_/g, " ");

export function computePlan(input: PlanInput, checklist: Checklist, facts: FactText[], describe: DescribeSource): Plan {
  return new Evaluation(input, checklist, facts, describe).run();
}
