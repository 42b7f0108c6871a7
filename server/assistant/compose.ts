/**
 * Builds a reply: the answer first (the date in words, the action, yes or no), then how it was worked out,
 * then the quoted paragraph and its link. Dates come only from the rules engine and quotes only from the
 * guidance; when neither answers, the reply says so and shows the closest passages.
 */
import type { AppContext } from "../app-context.js";
import { currentVersion, findSet, passageUrl, setNamedIn, type GlossaryEntry } from "../guidance/model.js";
import { describerFor, planFor } from "../plan/service.js";
import { formatLong } from "../domain/dates.js";
import { agencyLabel } from "../domain/plan.js";
import { eventQuestion } from "../domain/vocabulary.js";
import { EVENT_WORDS } from "../domain/words.js";
import type { Action, CaseEvent, SourceRef } from "../domain/types.js";
import { silentNotes, type EventType, type Rule } from "../domain/rules/schema.js";
import { questionPart, understand, type Knowledge, type Understanding } from "./understand.js";
import { dutiesUrl } from "../duties/service.js";
import { agencyReply } from "./agency.js";
import { uniqueSources } from "./sources.js";
import type { SearchHit } from "../search/index.js";
import { findDates } from "./dates.js";
import { readFollowUp, type FollowUp } from "./followups.js";
import { workingDaysBetween } from "../domain/calendar.js";
import { describeTimescale, fillWords, ruleAgeReading } from "../domain/words.js";
import { addDays, isValidIso as isValidDate } from "../domain/dates.js";
import type { ConversationState } from "./state.js";

/** How much of a second passage a reply shows ("See also"): enough for most paragraphs whole. */
const SEE = 600;
export interface Reply {
  text: string;
  sources: SourceRef[];
  actions?: Action[];
  suggestions?: string[];
  /** false when the reply fell back to the closest passages or declined: recorded for the procedures lead. */
  confident?: boolean;
  /** Pages the reply points to, such as an agency's duties in the area. */
  links?: { label: string; url: string }[];
}

const BEFORE =
  /\bwhat\b.{0,40}\b(do|prepare|sort|ready|happen|arrange)\b.{0,30}\b(before|ahead of|prior to|in advance of)\s+(the\s+)?(icpc|conference|initial conference|cp conference)\b/i;
/** Duties that fall before an initial conference (the ids of checklists/catalogue.json). */
const BEFORE_DUTIES = [
  "strategy",
  "s47",
  "icpc_booking",
  "notify_agencies",
  "reports_before_conference",
  "advocacy",
  "non_resident_parent",
  "interpreter",
  "seen_alone",
  "icpc",
  "quoracy",
];

/**
 * Closest question-bank score below which a message with no word of the work is off-topic. Measured: 266
 * on-topic questions of our sets, 5th percentile 25; "what's the weather like" 9, "what time is it" 8.
 */
const CLOSE_QUESTION = 12;

/** How many passages a reply's search fetches: enough for every use in one reply (at most 4 today). */
const SEARCHED = 10;
/** How many of the best passages for a question decide which of a duty's rules it is about. */
const ANSWERS = 4;

/** "I'm a GP and…": who is speaking is not what they are asking about. */
const ROLE_INTRO =
  /\b(i'?m|i am|i work (in|for)|we are|we're)\s+(a|an|the|from)?\s*[a-z ]{2,30}?(\bhere\b|[.,]|\band\b)/i;

/** The event a duty counts from, for a date told without naming it ("say the first one is on 3 June"). */
const TOPIC_EVENT: Partial<Record<string, EventType>> = {
  first_core_group: "core_group_held",
  core_group_frequency: "core_group_held",
  core_group_record: "core_group_held",
  joint_report: "core_group_held",
  rcpc: "rcpc_held",
  icpc: "icpc_held",
  minutes: "icpc_held",
  decision_record: "icpc_held",
  split_vote: "icpc_held",
  strategy: "strategy_discussion",
  s47: "strategy_discussion",
  icpc_booking: "strategy_discussion",
  assessment: "referral",
  visits: "cp_visit",
  seen_alone: "cp_visit",
  missing: "child_missing",
  moves: "moved_out_of_area",
};
/** …and when the date is still to come, the booking. */
const TOPIC_BOOKING: Partial<Record<string, EventType>> = {
  icpc: "icpc_scheduled",
  reports_before_conference: "icpc_scheduled",
  quoracy: "icpc_scheduled",
  notify_agencies: "icpc_scheduled",
  advocacy: "icpc_scheduled",
  rcpc: "rcpc_scheduled",
  joint_report: "rcpc_scheduled",
};

const FREQUENCY = /\bhow often\b|\bhow frequently\b|\bfrequency\b|\bafter the first (one|core group|cg)\b/i;
/** The words of a rule that repeats. */
const RECURRING = /\bevery\b|\bthereafter\b|\bintervals?\b|\bfrequency\b|\bmonthly\b|\bsubsequent\b|\beach\b/i;

/** "Which ones…?", "each child", "all the kids": a question about every child told of. */
const EACH_CHILD =
  /\bwhich (ones?|children|kids|of them)\b|\beach (child|of them|one)\b|\ball (the |of the )?(kids|children)\b|\bwho of them\b/i;

/** Events that happen only while a child is on a plan. */
const PLAN_EVENTS: EventType[] = ["core_group_held", "cp_visit", "rcpc_held", "rcpc_scheduled"];

/** Events whose own duty is what a question about "the conference" then means (missing child, a move). */
const EVENT_DUTIES: Partial<Record<EventType, string>> = {
  child_missing: "missing",
  moved_out_of_area: "moves",
  access_refused: "access_refused",
  significant_event: "significant_event",
};

const dateWords = (a: Action) =>
  `${formatLong(a.due!)}${a.dueTime ? ` at ${a.dueTime}` : ""}${a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}`;
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export class Composer {
  /** The date the current reply is written on (set at the start of each answer). */
  private today = "";
  /** The message being answered (or replayed), whose words pick between candidate actions. */
  private message = "";
  /** Events assumed for the current answer (a booked ICPC held, a plan implied by core groups); said in the reply. */
  private standIns: CaseEvent[] = [];
  /** The agency duties (rule ids) the current reply is about, remembered for the next question. */
  private about?: string[];
  /** A date the message gave without an event it could be placed on. */
  private unplaced?: { iso: string; said: string };
  /** The searches made for the current reply, by set and words: the same question is searched once a reply. */
  private readonly searched = new Map<string, { limit: number; hits: SearchHit[] }>();
  private set?: string;
  /** Whether the message itself named a duty (before follow-ups and context filled the topics in). */
  private namedTopics = false;
  constructor(private readonly ctx: AppContext) {}

  /** The phrasings the assistant looks for within a message (checklists/intents.yaml). */
  private get phrase() {
    return this.ctx.checklists.vocabulary.intents;
  }

  private dutyLabel(id: string): string {
    return this.ctx.checklists.catalogue.duties.find((d) => d.id === id)?.label ?? "";
  }

  private knowledge(): Knowledge {
    return {
      glossary: this.ctx.library.glossary,
      vocabulary: this.ctx.checklists.vocabulary,
      sets: this.ctx.library.sets,
    };
  }

  private setName(id?: string) {
    return id ? (findSet(this.ctx.library, id)?.name ?? id) : undefined;
  }

  private plan(state: ConversationState, today: string, extra: CaseEvent[] = [], assumePlan = false) {
    let events = [...state.events, ...extra];
    if (assumePlan) events = events.map((e) => (e.type === "icpc_held" && !e.outcome ? { ...e, outcome: "plan" } : e));
    return planFor(this.ctx.library, this.ctx.checklists, {
      set: state.set!,
      today,
      children: state.children,
      facts: state.facts,
      events,
      done: [],
    });
  }

  private rulesFor(set: string, duties: string[]): Rule[] {
    return this.ctx.checklists.bySet.get(set)?.rules.filter((r) => duties.includes(r.duty)) ?? [];
  }

  private silentOn(set: string, duties: string[]): string | undefined {
    const checklist = this.ctx.checklists.bySet.get(set);
    return duties.flatMap((d) => silentNotes(checklist, d))[0];
  }

  /** The passages that best answer `query` in `set`, best first (searched once a reply for the same words). */
  private hits(query: string, set: string | undefined, limit: number): SearchHit[] {
    const key = `${set ?? ""}\n${query}`;
    let found = this.searched.get(key);
    if (!found || found.limit < limit) {
      // A few more than asked for: a later, longer request for the same words reads the same search.
      const fetch = Math.max(limit, SEARCHED);
      found = {
        limit: fetch,
        hits: this.ctx.search.search(query, { procedures: set ? [set] : undefined, limit: fetch }).results,
      };
      this.searched.set(key, found);
    }
    return found.hits.slice(0, limit);
  }

  private passages(query: string, set?: string, limit = 2): SourceRef[] {
    return this.hits(query, set, limit).map((r) => ({
      document: r.document,
      section: r.section,
      quote: r.text,
      url: r.url,
    }));
  }

  private actionLine(a: Action, lead = true) {
    const who = a.child ? ` (${a.child})` : a.agency ? ` (${agencyLabel(a.agency)})` : "";
    if (a.status === "done") return `${a.title}${who}: done.`;
    if (a.status === "overdue" && a.due) {
      const late = workingDaysBetween(a.actBy ?? a.due, this.today);
      const by = late > 0 ? `overdue by ${late} working day${late === 1 ? "" : "s"}` : "overdue";
      return lead
        ? `${a.title}${who}: ${by} (it was due ${dateWords(a)}).`
        : `${a.title}${who} — ${by} (due ${dateWords(a)})`;
    }
    return lead ? `${a.title}${who}: by ${dateWords(a)}.` : `${a.title}${who} — ${dateWords(a)}`;
  }

  /** Overdue actions under their own heading: a past date is never "coming up". */
  private listActions(actions: Action[]): string {
    const late = actions.filter((a) => a.status === "overdue");
    const rest = actions.filter((a) => a.status !== "overdue");
    const lines = (list: Action[]) => list.map((a) => `• ${this.actionLine(a, false)}`).join("\n");
    return [late.length ? `Overdue:\n${lines(late)}` : "", rest.length ? `Coming up:\n${lines(rest)}` : ""]
      .filter(Boolean)
      .join("\n");
  }

  private explain(a: Action) {
    return `${a.basis}\n“${a.sources[0]!.quote}”`;
  }

  private askSet(): Reply {
    const names = this.ctx.library.sets.map((s) => s.name).join(", ");
    return {
      text: `Which procedure set do you follow? Choose one above, or tell me (for example “I work in Bolton”). The sets are: ${names}.`,
      sources: [],
      suggestions: this.ctx.library.sets.slice(0, 3).map((s) => `Use the ${s.name} procedures`),
    };
  }

  /** A date question: the matching action from the engine, or exactly the fact that is missing. */
  private deadline(state: ConversationState, u: Understanding, today: string): Reply {
    const set = state.set!;
    // "ICPC was Monday — when is the core group?": the ICPC is context when something else is asked about too.
    let topics = u.topics.filter((t) => t !== "icpc" || u.topics.length === 1);
    // "After the first one, how often will they meet?": a question of frequency is about the repeats, not the first.
    if (FREQUENCY.test(this.message) && topics.includes("core_group_frequency"))
      topics = [
        "core_group_frequency",
        ...topics.filter((t) => t !== "core_group_frequency" && t !== "first_core_group"),
      ];
    const wantsPlanDuties = topics.some((t) =>
      [
        "first_core_group",
        "core_group_frequency",
        "core_group_record",
        "visits",
        "rcpc",
        "seen_alone",
        "plan_shared",
        "bedroom",
      ].includes(t),
    );
    const icpcWithoutOutcome = state.events.some((e) => e.type === "icpc_held" && !e.outcome);
    const assume = wantsPlanDuties && icpcWithoutOutcome;
    const plan = this.plan(state, today, [], assume);
    const note = assume ? "\n(Assuming the ICPC made a child protection plan — tell me if it did not.)" : "";
    const open = (a: Action) => a.status !== "done" && a.status !== "waiting" && a.due;
    if (!topics.length) {
      // "The child's 11 — anything else I need to sort for her?": what is new for the child just told of comes first.
      const forChild = u.children.length ? plan.actions.filter((a) => open(a) && a.child === state.focusChild) : [];
      const next = [...forChild, ...plan.actions.filter((a) => open(a) && !forChild.includes(a))].slice(0, 4);
      if (!next.length) return this.askMissing(plan.actions, state, "Nothing is dated yet.");
      return {
        text: `For ${this.setName(set)}:\n${this.listActions(next)}${note}`,
        sources: uniqueSources(next.flatMap((a) => a.sources.slice(0, 1))),
        actions: next,
        suggestions: ["Why is the first one due then?", "What else is waiting?", "What does the core group do?"],
      };
    }
    let matching = plan.actions.filter((a) => topics.includes(a.duty));
    let dated = matching.filter(open);
    let implied = "";
    // Core groups, visits and reviews happen only under a plan: when the user tells of one but not of the ICPC,
    // the engine is asked as if a plan were in place, and only actions counted from what the user told are used
    // (nothing is dated from the stand-in ICPC, and the reply says what was assumed).
    // A booked conference: what would follow if it is held on that day (and, for an ICPC, makes a plan).
    const booked = state.events.filter((e) => e.type === "icpc_scheduled" || e.type === "rcpc_scheduled");
    if (!dated.length && booked.length) {
      const held = booked.map(
        (b): CaseEvent =>
          b.type === "icpc_scheduled"
            ? { type: "icpc_held", date: b.date, outcome: "plan" }
            : { type: "rcpc_held", date: b.date, outcome: "plan_continues" },
      );
      const bookedDates = new Set(booked.map((b) => b.date));
      const again = this.plan(state, today, held);
      this.standIns = held;
      const fromBooking = again.actions.filter(
        (a) => bookedDates.has(a.id.split("@")[1] ?? "") && topics.includes(a.duty),
      );
      if (fromBooking.some(open)) {
        matching = fromBooking;
        dated = fromBooking.filter(open);
        const b = booked[0]!;
        implied = `\n(If the ${b.type === "icpc_scheduled" ? "ICPC" : "review conference"} goes ahead on ${formatLong(b.date)}${b.type === "icpc_scheduled" ? " and makes a child protection plan" : ""}.)`;
      }
    }
    if (!dated.length && !state.events.some((e) => e.type === "icpc_held")) {
      const told = state.events.filter((e) => PLAN_EVENTS.includes(e.type));
      if (told.length) {
        const first = told.map((e) => e.date).sort()[0]!;
        const stand: CaseEvent = { type: "icpc_held", date: addDays(first, -1), outcome: "plan" };
        const toldDates = new Set(told.map((e) => e.date));
        const again = this.plan(state, today, [stand]);
        this.standIns = [stand];
        const fromTold = again.actions.filter((a) => toldDates.has(a.id.split("@")[1] ?? ""));
        matching = fromTold.filter((a) => topics.includes(a.duty));
        dated = matching.filter(open);
        if (dated.length)
          implied =
            "\n(Assuming the child is on a child protection plan, as core groups, visits and reviews happen under one.)";
      }
    }
    const best = this.pickForTopic(dated, topics);
    if (best) {
      const also = dated.filter((a) => a !== best && a.duty === best.duty && a.rule !== best.rule).slice(0, 2);
      const text =
        [sentence(this.actionLine(best)), this.explain(best), ...also.map((a) => `Also: ${this.actionLine(a)}`)].join(
          "\n",
        ) +
        note +
        implied;
      return {
        text,
        sources: uniqueSources([...best.sources, ...also.flatMap((a) => a.sources)]),
        actions: [best, ...also],
        suggestions: this.followUps(best),
      };
    }
    // Nothing dated: the rule in words — the one whose paragraph best answers the question, whether or not this
    // case's plan has reached it yet ("how quickly do core group minutes go out?" before any ICPC).
    const waiting = matching.filter((a) => a.status === "waiting");
    const bestRule = topics
      .flatMap((t) => this.rulesFor(set, [t]))
      .map((r) => ({ r, at: this.answerRank(r.sources) }))
      .sort((a, b) => a.at - b.at)[0];
    const bestWaiting = this.pickForTopic(waiting, topics, true) ?? waiting[0];
    if (bestRule && bestRule.at < ANSWERS && (!bestWaiting || bestRule.at < this.answerRank(bestWaiting.sources)))
      return this.ruleInWords(bestRule.r, state);
    // No rule of the duty is what the best paragraphs say ("how quickly do core group minutes go out?" where the
    // set's only core group rule is the first meeting's): those paragraphs answer, not a neighbouring rule.
    if (bestRule && bestRule.at >= ANSWERS && (!bestWaiting || this.answerRank(bestWaiting.sources) >= ANSWERS))
      return this.procedure(state, this.message);
    if (bestWaiting) return this.ruleInWords(bestWaiting, state);
    const done = matching.filter((a) => a.status === "done");
    if (done.length)
      return {
        text: `${done.map((a) => `${a.title}: already done (${a.basis.split(".")[0]}).`).join("\n")}`,
        sources: uniqueSources(done.flatMap((a) => a.sources)),
        actions: done,
      };
    // The duty is not in this case's plan yet (it applies once a plan is made): give its rule in words.
    const rule = topics.flatMap((t) => this.rulesFor(set, [t]))[0];
    if (rule) return this.ruleInWords(rule, state);
    return this.silent(set, topics, u);
  }

  /** The rule in words first (the timescale and what starts it), then the one date that would give the day. */
  private ruleInWords(w: Action | Rule, state: ConversationState): Reply {
    const checklist = this.ctx.checklists.bySet.get(state.set!)!;
    const isAction = "rule" in w && typeof w.rule === "string";
    const rule = isAction ? checklist.rules.find((r) => r.id === (w as Action).rule) : (w as Rule);
    const placed = rule && this.placeDate(state, rule);
    if (placed) return placed;
    const timescale = rule ? describeTimescale(rule, checklist) : (w as Action).basis;
    const sources = isAction ? (w as Action).sources : this.ruleSources(state.set!, w as Rule);
    const title = fillWords(w.title ?? "");
    const ask = isAction
      ? `${this.askMissing([w as Action], state, "").text.trim()} Tell me and I will work out the date.`
      : "Tell me the date it counts from and I will work out the day.";
    return {
      text: `${sentence(title)}: ${timescale}.\n“${rule ? this.paragraphOf(rule) : (sources[0]?.quote ?? "")}”\n${ask}`,
      sources,
      ...(isAction ? { actions: [w as Action] } : {}),
    };
  }

  /**
   * A date the message gave without naming its event ("I raised one yesterday") belongs to the event the rule's
   * clock starts from; the engine then dates the rule. Nothing is kept if the engine cannot date it.
   */
  private placeDate(state: ConversationState, rule: Rule): Reply | undefined {
    const anchor = rule.anchor.find((a): a is Extract<typeof a, { event: EventType[] }> => "event" in a);
    if (!this.unplaced || !anchor) return undefined;
    const event: CaseEvent = { type: anchor.event[0]!, date: this.unplaced.iso };
    state.events.push(event);
    const a = this.plan(state, this.today, [], this.assumePlan(state)).actions.find(
      (x) => x.rule === rule.id && x.due && x.status !== "done",
    );
    if (!a) {
      state.events.pop();
      return undefined;
    }
    const said = /\d{4}/.test(this.unplaced.said)
      ? ""
      : `(I have taken “${this.unplaced.said}” as ${formatLong(event.date)}.)\n`;
    this.unplaced = undefined;
    return {
      text: `${said}${sentence(this.actionLine(a))}\n${this.explain(a)}`,
      sources: a.sources,
      actions: [a],
      suggestions: this.followUps(a),
    };
  }

  private ruleSources(set: string, r: Rule): SourceRef[] {
    return r.sources.map((s) => ({
      document: s.document,
      section: s.section,
      quote: s.quote,
      url: this.sourceUrl(set, s),
    }));
  }

  /** Where the paragraph a rule quotes comes among the best answers to the message (beyond them: ANSWERS). */
  private answerRank(sources: { quote: string }[]): number {
    const i = this.hits(this.message, this.set, ANSWERS).findIndex((h) =>
      sources.some((s) => h.text.includes(s.quote.slice(0, 80))),
    );
    return i < 0 ? ANSWERS : i;
  }

  /** How many of the question's words a title shares ("when does the panel hear it?" → the panel's action). */
  private overlap(title: string): number {
    const asked = new Set(this.ctx.search.terms(this.message));
    return new Set(this.ctx.search.terms(title).filter((t) => asked.has(t))).size;
  }

  /** The action the question names best by its words; otherwise the first topic's earliest. */
  private pickForTopic(actions: Action[], topics: string[], anyDate = false): Action | undefined {
    const candidates = actions.filter((a) => topics.includes(a.duty));
    // First the action whose paragraph best answers the question (the search, with its question bank), then the
    // one whose title shares most words with it.
    // "How often?" asks about the repeats: a recurring rule before a first one.
    const often = FREQUENCY.test(this.message);
    const rank = (a: Action) =>
      [
        often && !this.recurring(a.rule) ? 1 : 0,
        this.answerRank(a.sources),
        -this.overlap(a.title),
        topics.indexOf(a.duty),
        anyDate ? 0 : (a.due ?? ""),
      ] as const;
    return candidates.sort((x, y) => {
      const [a, b] = [rank(x), rank(y)];
      return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || (a[4] < b[4] ? -1 : a[4] > b[4] ? 1 : 0);
    })[0];
  }

  /** A rule that repeats ("every 10 working days", "six-monthly thereafter"), by its own title and words. */
  private recurring(ruleId: string): boolean {
    const r = this.ctx.checklists.bySet.get(this.set ?? "")?.rules.find((x) => x.id === ruleId);
    if (!r || /\b(first|initial)\b/i.test(r.title)) return false;
    return RECURRING.test(`${r.title} ${r.sources.map((q) => q.quote).join(" ")}`);
  }

  /** Asks for exactly what the engine says the action waits on (its `waitingOn`), following rule-to-rule chains. */
  private askMissing(actions: Action[], state: ConversationState, lead: string): Reply {
    const waiting = actions.find((a) => a.status === "waiting");
    const rules = this.ctx.checklists.bySet.get(state.set!)?.rules ?? [];
    let on = waiting?.waitingOn;
    for (let hops = 0; on && "rule" in on && hops < 5; hops++) {
      const next = rules.find((r) => r.id === (on as { rule: string }).rule)?.anchor.find((a) => "event" in a);
      on = next && "event" in next ? { event: Array.isArray(next.event) ? next.event[0]! : next.event } : undefined;
    }
    if (on && "birthday" in on)
      return { text: `${lead} What is the child’s date of birth?`.trim(), sources: waiting!.sources.slice(0, 1) };
    const event: EventType = on && "event" in on ? on.event : "strategy_discussion";
    // The question for each event is declared once, in the vocabulary (checklists/vocabulary.yaml).
    const question = eventQuestion(event);
    return { text: `${lead} ${question}`, sources: waiting ? waiting.sources.slice(0, 1) : [] };
  }

  private silent(set: string, topics: string[], u: Understanding, query?: string): Reply {
    const said = this.silentOn(set, topics);
    const closest = this.passages(query ?? u.topics.join(" "), set);
    const text = `${said ?? `The ${this.setName(set)} procedure does not give a rule for that.`} I will not borrow another area’s rule.${closest.length ? " The closest passages:" : ""}\n${closest.map((p) => `“${p.quote.slice(0, 300)}${p.quote.length > 300 ? "…" : ""}”`).join("\n")}`;
    return {
      text,
      sources: closest,
      confident: false,
      suggestions: ["What happens after the ICPC?", "What is a core group for?"],
    };
  }

  private followUps(a: Action): string[] {
    const by: Record<string, string[]> = {
      icpc: ["What reports are due before the ICPC?", "What happens after the ICPC?"],
      first_core_group: ["When is the next core group due?", "What is the core group for?"],
      core_group_frequency: ["When is the review conference due?", "When are the core group minutes due?"],
      minutes: ["When is the first core group?", "When is the review conference due?"],
      rcpc: ["What reports are due before the review?", "How often are reviews after that?"],
    };
    return by[a.duty] ?? ["What else is due?", "What happens next?"];
  }

  /** "Does the child get an advocate?", "Do I have to see them alone?": yes or no, from the rules and the child's age. */
  private applies(state: ConversationState, u: Understanding, today: string, message: string): Reply {
    const set = state.set!;
    const rules = this.rulesFor(set, u.topics);
    if (!rules.length) return this.silent(set, u.topics, u, message);
    const isAged = (r: Rule) => r.perChild?.overAge !== undefined || r.perChild?.baby;
    // The age question only when an age rule is what the best paragraphs say, or no other rule of the duty is
    // ("dad doesn't live with them, do I have to involve him?" is not about the child's age).
    const bestRule = rules.map((r) => ({ r, at: this.answerRank(r.sources) })).sort((a, b) => a.at - b.at)[0];
    const agedAt = Math.min(ANSWERS, ...rules.filter(isAged).map((r) => this.answerRank(r.sources)));
    const notAboutAge =
      bestRule &&
      bestRule.at < ANSWERS &&
      !isAged(bestRule.r) &&
      agedAt >= ANSWERS &&
      !this.phrase.followsOn.test(message);
    const aged = notAboutAge ? [] : rules.filter(isAged).sort((a, b) => this.overlap(b.title) - this.overlap(a.title));
    const sources = uniqueSources(rules.flatMap((r) => r.sources).map((s) => ({ ...s, url: this.sourceUrl(set, s) })));
    const born = state.children.filter((c) => !c.unborn);
    if (aged.length && born.length > 1 && EACH_CHILD.test(message)) {
      // "Which ones have to be seen alone?": the engine's answer for each child, one line each.
      const plan = this.plan(state, today, [], this.assumePlan(state));
      const rule = aged[0]!;
      const lines = born.map((c) => {
        const told = c.dateOfBirth ? `born ${formatLong(c.dateOfBirth)}` : `aged ${c.ageYears}`;
        const has = plan.actions.some((a) => aged.some((r) => r.id === a.rule) && a.child === c.id);
        const asked = plan.questions.some((q) => q.id === `child:${c.id}:dateOfBirth`);
        const verdict = has
          ? "yes"
          : asked
            ? "I need their date of birth"
            : `no${rule.perChild?.overAge !== undefined ? ` (under ${rule.perChild.overAge} on the date it is due)` : ""}`;
        return `• ${c.id} (${told}): ${verdict}`;
      });
      return { text: `${sentence(fillWords(rule.title))}:\n${lines.join("\n")}\n“${rule.sources[0]!.quote}”`, sources };
    }
    if (aged.length) {
      // Eligibility is the engine's: an action of the age rule for this child means yes; none means no.
      const child =
        state.children.find((c) => c.id === state.focusChild && !c.unborn) ?? state.children.find((c) => !c.unborn);
      if (!child)
        return { text: "How old is the child (or what is their date of birth)? The answer depends on age.", sources };
      const plan = this.plan(state, today, [], this.assumePlan(state));
      const rule = aged[0]!;
      const asked = plan.questions.find((q) => q.id === `child:${child.id}:dateOfBirth`);
      const forChild = plan.actions.filter((a) => aged.some((r) => r.id === a.rule) && a.child === child.id);
      const who = child.id.startsWith("Child") ? "the child" : child.id;
      if (!forChild.length && asked) return { text: asked.text, sources };
      const quote = `“${rule.sources[0]!.quote}”`;
      if (!forChild.length) {
        const told = child.dateOfBirth ? `born ${formatLong(child.dateOfBirth)}` : `aged ${child.ageYears}`;
        // The set's reading of "over the age of N", as the engine reads it.
        const ageReading = ruleAgeReading(rule, this.ctx.checklists.bySet.get(set)!);
        const reading = ageReading ? ` (${ageReading})` : "";
        return {
          text: `No. ${sentence(who)} (${told}) ${rule.perChild?.overAge !== undefined ? `is under ${rule.perChild.overAge} on the date it is due, so ` : ""}the procedure’s age rule does not apply${reading}.\n${quote}`,
          sources,
        };
      }
      const first = forChild.find((a) => a.due && a.status !== "done") ?? forChild[0]!;
      return {
        text: `Yes. ${first.title}.\n${first.basis}${first.due && first.status !== "done" ? `\nNext: ${this.actionLine(first)}` : ""}\n${quote}`,
        sources,
        actions: forChild.slice(0, 2),
        suggestions: ["When is the next visit due?", "What else do I need to do?"],
      };
    }
    // The duty's rule only where it is what the paragraphs that best answer the question say; otherwise
    // those paragraphs answer it ("do I need a review conference to end it?" → "…a Review Conference is not
    // necessary…"), never a yes about a neighbouring rule. No bare "Yes": whether the rule applies is said by the
    // action and its date, and the paragraph says the rest ("…must begin immediately and not await signatures").
    const r = rules
      .map((x) => ({ x, at: this.answerRank(x.sources) }))
      .filter((c) => c.at < 2)
      .sort((a, b) => a.at - b.at)[0]?.x;
    if (!r) return this.procedure(state, message);
    const plan = this.plan(state, today, [], this.assumePlan(state));
    const action = plan.actions.find((a) => a.rule === r.id && a.due && a.status !== "done");
    return {
      text: `${action ? sentence(this.actionLine(action)) : `${sentence(fillWords(r.title))}.`}${action ? `\n${action.basis}` : ""}\n“${this.paragraphOf(r)}”`,
      sources,
      ...(action ? { actions: [action] } : {}),
    };
  }

  private sourceUrl(set: string, s: { document: string; section: string; quote: string }) {
    return describerFor(this.ctx.library)(set, s).url;
  }

  /**
   * Agency staff asking about their own part: the passages their question is closest to (the question bank is
   * written in their words) lead, then the dated duties the engine gives their agency — never another role's.
   */
  private roleLabel(id: string): string | undefined {
    return this.ctx.checklists.vocabulary.roles.find((r) => r.id === id)?.label;
  }

  /** The agency the user said they are from, when it is one the rules name (not the social worker or the chair). */
  private agencyOf(state: ConversationState, u: Understanding): string | undefined {
    const role = u.role ?? state.role;
    return role && this.ctx.checklists.catalogue.agencies.some((a) => a.id === role) ? role : undefined;
  }

  /** The agency's own duties this question is about (undefined when none of them is). */
  private agencyPart(state: ConversationState, u: Understanding, today: string, message: string): Reply | undefined {
    const set = state.set!;
    const agency = this.agencyOf(state, u)!;
    // The conference the agency's dates count from: the latest initial conference told, held or booked.
    const conference = state.events
      .filter((e) => e.type === "icpc_held" || e.type === "icpc_scheduled")
      .map((e) => e.date)
      .sort()
      .pop();
    // "Are we still in time?", "when's that due?": names no duty of its own, so it is about the last one.
    const leans = state.last?.intent === "role" && !this.namedTopics && this.phrase.leansOnLast.test(message);
    const r = agencyReply(this.ctx, {
      set,
      setName: this.setName(set) ?? set,
      agency,
      ...(this.roleLabel(agency) ? { speaker: this.roleLabel(agency)! } : {}),
      // "and if we're seeing the family now?": a follow-up is read with the question it follows.
      // The whole message says what the agency holds; its question, counted twice, what is asked.
      asked:
        `${this.phrase.followsOn.test(message) && state.last ? `${state.last.message} ` : ""}${message} ${questionPart(message)}`.replace(
          ROLE_INTRO,
          " ",
        ),
      today,
      ...(conference ? { conference } : {}),
      ...(leans ? { previous: state.last!.actionIds } : {}),
      ...(u.scenario ? { situation: true } : {}),
    });
    if (!r) return undefined;
    const { about, ...reply } = r;
    this.about = about;
    u.intent = "role";
    return reply;
  }

  private role(state: ConversationState, u: Understanding, today: string, message: string): Reply {
    const set = state.set!;
    const role = u.role ?? state.role;
    const label = this.ctx.checklists.vocabulary.roles.find((r) => r.id === role)?.label ?? "your agency";
    const plan = this.plan(state, today);
    const roleWords = new RegExp(
      `\\b(${label.replace(/^the /, "")}|agenc|all\\b|every|everyone|professionals|core group members)`,
      "i",
    );
    const mine = plan.actions.filter(
      (a) => a.status !== "done" && roleWords.test(a.owner) && !/^social worker$/i.test(a.owner),
    );
    const passages = this.passages(message.replace(ROLE_INTRO, ""), set, 3);
    const dated = mine.filter((a) => a.due);
    const lines = dated.slice(0, 4).map((a) => `• ${this.actionLine(a, false)}`);
    const conferenceKnown = state.events.some((e) => e.type.startsWith("icpc") || e.type.startsWith("rcpc"));
    const top = passages[0];
    return {
      text: [
        `As ${label}, under ${this.setName(set)}:`,
        top ? `“${top.quote}”` : "The procedure gives no duty for your agency on that.",
        passages[1] ? `See also: “${passages[1].quote.slice(0, SEE)}${passages[1].quote.length > SEE ? "…" : ""}”` : "",
        lines.length ? `Your dates:\n${lines.join("\n")}` : "",
        conferenceKnown || !mine.length ? "" : "Tell me the conference date and I will work out your dates.",
      ]
        .filter(Boolean)
        .join("\n"),
      sources: uniqueSources([...passages, ...dated.slice(0, 3).flatMap((a) => a.sources.slice(0, 1))]),
      actions: dated.slice(0, 4),
      suggestions: ["What should my report cover?", "What if I cannot attend?"],
      // An agency's whole part in this area, dated once the conference date is known, is on its own page.
      ...(role && this.ctx.checklists.catalogue.agencies.some((a) => a.id === role)
        ? { links: [{ label: `All of ${label}’s part in ${this.setName(set)}`, url: dutiesUrl(role, set) }] }
        : {}),
    };
  }

  private whatIf(state: ConversationState, u: Understanding, today: string, message: string): Reply {
    const set = state.set!;
    const ev: CaseEvent =
      u.scenario === "icpc_held"
        ? { type: "icpc_held", date: today, outcome: "plan", splitVote: true }
        : { type: u.scenario!, date: today };
    const duties =
      (
        {
          child_missing: ["missing"],
          moved_out_of_area: ["moves"],
          access_refused: ["access_refused"],
          icpc_held: ["split_vote"],
          significant_event: ["significant_event"],
        } as Record<string, string[]>
      )[u.scenario!] ?? [];
    const base = this.plan(state, today).actions.map((a) => a.id);
    const after = this.plan(state, today, [ev]);
    const fresh = after.actions.filter((a) => duties.includes(a.duty) && !base.includes(a.id));
    if (!fresh.length) return this.silent(set, duties, u, message);
    const when = u.scenario === "access_refused" ? "" : " (if it happens today)";
    return {
      text: `${fresh.map((a) => sentence(`${a.title}: by ${dateWords(a)}${when}.`)).join("\n")}\n${fresh[0]!.basis}\n“${fresh[0]!.sources[0]!.quote}”`,
      sources: uniqueSources(fresh.flatMap((a) => a.sources)),
      actions: fresh,
      suggestions: ["What else do I need to do?"],
    };
  }

  private sectionFor(message: string, set?: string): SourceRef | undefined {
    const terms = this.ctx.search.analyzer.glossaryMatches(message).map((g) => g.id);
    if (!terms.length) return undefined;
    for (const s of this.ctx.library.sets.filter((x) => !set || x.id === set)) {
      for (const d of s.documents) {
        const v = currentVersion(d);
        for (const sec of v.sections) {
          if (!sec.passages.length || sec.heading.split(/\s+/).length > 4) continue;
          const hit = this.ctx.search.analyzer
            .glossaryMatches(sec.heading)
            .some((g) => terms.includes(g.id) && !["cpc", "cpp", "icpc", "cg", "lsw"].includes(g.id));
          if (hit) {
            const p = sec.passages[0]!;
            return { document: d.id, section: sec.id, quote: p.text, url: passageUrl(v, p.id) };
          }
        }
      }
    }
    return undefined;
  }

  /** A list cut between two passages ("Each plan should: …;") is read on into the next passage of its section. */
  private continuation(src: SourceRef): SourceRef | undefined {
    if (!/[;:,]$|\band$|\bor$/.test(src.quote.trim())) return undefined;
    const m = /^\/guidance\/([^/]+)\/([^/]+)\/v\/([^/#]+)#(.+)$/.exec(src.url);
    const doc = m && findSet(this.ctx.library, m[1]!)?.documents.find((d) => d.id === m[2]);
    const v = doc?.versions.find((x) => x.version === decodeURIComponent(m![3]!));
    if (!v) return undefined;
    const i = v.passages.findIndex((p) => p.id === decodeURIComponent(m![4]!));
    const next = v.passages[i + 1];
    if (i < 0 || !next || next.sectionId !== v.passages[i]!.sectionId) return undefined;
    return { document: v.document, section: next.sectionId, quote: next.text, url: passageUrl(v, next.id) };
  }

  /** "What do I need to do before the ICPC?": every duty that falls before it, dated where the dates are known. */
  private beforeConference(state: ConversationState, today: string): Reply {
    const set = state.set!;
    const checklist = this.ctx.checklists.bySet.get(set)!;
    const plan = this.plan(state, today);
    const held = state.events.some((e) => e.type === "icpc_scheduled" || e.type === "icpc_held");
    // Before the ICPC: not the ICPC itself once it is booked, nor what waits on the conference or its plan (the
    // review's report).
    const afterwards = (a: Action) =>
      !!a.waitingOn && "event" in a.waitingOn && /^(icpc_held|rcpc|core_group)/.test(a.waitingOn.event);
    const todo = plan.actions
      .filter((a) => BEFORE_DUTIES.includes(a.duty) && a.status !== "done" && !afterwards(a))
      .filter((a) => !(held && a.duty === "icpc"))
      .slice(0, 8);
    if (!todo.length)
      return this.silent(set, BEFORE_DUTIES, { topics: [] } as unknown as Understanding, "before the conference");
    const line = (a: Action) => {
      if (a.due) return `• ${this.actionLine(a, false)}`;
      const rule = checklist.rules.find((r) => r.id === a.rule);
      return `• ${a.title}: ${rule ? describeTimescale(rule, checklist) : a.basis}`;
    };
    return {
      text: `Before the conference, under ${this.setName(set)}:\n${todo.map(line).join("\n")}${todo.some((a) => !a.due) && !held ? "\nTell me the conference date (or the strategy discussion) and I will work out the dates." : ""}`,
      sources: uniqueSources(todo.flatMap((a) => a.sources.slice(0, 1))).slice(0, 4),
      actions: todo.filter((a) => a.due),
      suggestions: ["What reports are due before the ICPC?", "What happens after the ICPC?"],
    };
  }

  private procedure(state: ConversationState, message: string): Reply {
    // "What is X for?" / "What does X do?": also look for what X is responsible for and its purpose.
    const subject =
      /\bwhat\s+(?:is|are)\s+(?:a|an|the)?\s*(.+?)\s+for\b|\bwhat\s+(?:does|do)\s+(?:a|an|the)?\s*(.+?)\s+do\b|\bpurpose of\s+(?:a|an|the)?\s*(.+?)[?.]?$/i.exec(
        message,
      );
    const about = subject ? (subject[1] ?? subject[2] ?? subject[3])! : undefined;
    // "who do they go to?": a pronoun leans on what was last asked about, so its words join the search.
    const context =
      /\b(it|they|them|that|this|those|these)\b/i.test(message) && state.last
        ? ` ${state.last.topics.map((t) => this.dutyLabel(t)).join(" ")}`
        : "";
    const found = uniqueSources([
      ...(about ? this.passages(`${about} purpose responsible`, state.set, 2) : []),
      ...this.passages(message + context, state.set, 3),
    ]).slice(0, 3);
    // A term with a section of its own ("quorate" → "Quoracy"): that section's opening paragraph answers it.
    const own = this.sectionFor(message, state.set);
    if (own && !found.some((f) => f.url === own.url)) found.splice(Math.min(1, found.length), 0, own);
    if (!found.length)
      return {
        text: "I could not find that in the procedures. Try other words, or an abbreviation such as ICPC or RCPC.",
        sources: [],
        confident: false,
        suggestions: ["What is a core group for?", "When is the ICPC due?"],
      };
    const more = this.continuation(found[0]!);
    if (more && !found.some((f) => f.url === more.url)) found.splice(1, 0, more);
    const top = more ? { ...found[0]!, quote: `${found[0]!.quote}\n${more.quote}` } : found[0]!;
    const where = this.setName(state.set) ?? "the procedures";
    // The paragraph's own rule, dated by the engine from what this conversation was told ("we were told yesterday").
    const dated = this.datedFromPassage(state, top.quote);
    return {
      ...(dated ? { actions: [dated] } : {}),
      text: `${dated ? `${sentence(this.actionLine(dated))}\n${dated.basis}\n` : ""}From ${where}:\n“${top.quote}”${found[1] ? `\nSee also: “${found[1].quote.slice(0, SEE)}${found[1].quote.length > SEE ? "…" : ""}”` : ""}`,
      sources: found,
      suggestions: ["What happens next?", "What does RCPC stand for?"],
    };
  }

  /** The whole paragraph a rule quotes, when it is among the best answers and not too long; else the quote. */
  private paragraphOf(r: Rule): string {
    const quote = r.sources[0]!.quote;
    // Only where the best answers were already looked for (by answerRank): quoting never costs a search of its own.
    const answers = this.searched.get(`${this.set ?? ""}\n${this.message}`)?.hits.slice(0, ANSWERS) ?? [];
    const whole = answers.find((h) => h.text.includes(quote.slice(0, 80)))?.text;
    return whole && whole.length <= 600 ? whole : quote;
  }

  /** An open, dated action of a rule that quotes this paragraph, when the conversation's events date one. */
  private datedFromPassage(state: ConversationState, paragraph: string): Action | undefined {
    if (!state.set || !state.events.length) return undefined;
    const rules = (this.ctx.checklists.bySet.get(state.set)?.rules ?? []).filter((r) =>
      r.sources.some((q) => paragraph.includes(q.quote.slice(0, 80))),
    );
    if (!rules.length) return undefined;
    const plan = this.plan(state, this.today, [], this.assumePlan(state));
    return plan.actions.find(
      (a) => rules.some((r) => r.id === a.rule) && a.due && a.status !== "done" && a.status !== "waiting",
    );
  }

  private noted(state: ConversationState, u: Understanding, today: string): Reply {
    const bits: string[] = [];
    for (const e of u.events)
      bits.push(
        `${EVENT_WORDS[e.type].replace(/^the (last )?/, "")} on ${formatLong(e.date)}${e.outcome ? ` (${e.outcome.replace("_", " ")})` : ""}`,
      );
    u.children.forEach((c) => {
      bits.push(
        c.unborn
          ? `an unborn child${c.expectedDeliveryDate ? ` due ${formatLong(c.expectedDeliveryDate)}` : ""}`
          : c.dateOfBirth
            ? `a child born ${formatLong(c.dateOfBirth)}`
            : c.ageYears !== undefined
              ? `a child aged ${c.ageYears}`
              : c.lookedAfter !== undefined
                ? `looked after: ${c.lookedAfter ? "yes" : "no"}`
                : "",
      );
    });
    if (u.facts.nonResidentParent) bits.push("a non-resident parent");
    if (u.facts.interpreterNeeded) bits.push("an interpreter is needed");
    if (u.set) bits.push(`procedure set ${this.setName(u.set)}`);
    const lead = bits.filter(Boolean).length
      ? `Noted: ${bits.filter(Boolean).join("; ")}.`
      : "I have not picked out a date, age or fact from that. Could you say it another way, for example “the ICPC was on 13/01/2027”?";
    if (!state.set) return { ...this.askSet(), text: `${lead}\n${this.askSet().text}` };
    const plan = this.plan(
      state,
      today,
      [],
      state.events.some((e) => e.type === "icpc_held" && !e.outcome),
    );
    const next = plan.actions.filter((a) => a.status !== "done" && a.status !== "waiting" && a.due).slice(0, 3);
    return {
      text: `${lead}${next.length ? `\n${this.listActions(next)}` : ""}`,
      sources: uniqueSources(next.flatMap((a) => a.sources.slice(0, 1))),
      actions: next,
      suggestions: next.length ? ["Why is the first one due then?", "What else is waiting?"] : ["What happens next?"],
    };
  }

  /** `replay`: asking the last question again after a change (set, correction, what-if): nothing is re-told. */
  answer(conversation: ConversationState, message: string, today: string, replay = false): Reply {
    let state = conversation;
    this.today = today;
    this.message = message;
    this.standIns = [];
    this.about = undefined;
    this.unplaced = undefined;
    this.searched.clear();
    this.set = conversation.set;
    const follow = replay
      ? undefined
      : readFollowUp(message, this.ctx.library, state.last !== undefined, this.ctx.checklists.vocabulary.followUps);
    const handled = follow && this.followUp(state, follow, message, today);
    if (handled) return handled;
    const u = understand(message, today, this.knowledge(), {
      hasIcpc: state.events.some((e) => e.type === "icpc_held"),
    });
    if (replay) Object.assign(u, { events: [], children: [], facts: {}, set: undefined });
    this.namedTopics = u.topics.length > 0;
    // "Say the first one is on 3 June — when's the next?", "It's booked for Thursday 13 May": a date whose event is
    // what the conversation is about. A "say"/"suppose" is tried on a copy; nothing is changed.
    // "also do you know if payroll closes early at Christmas": a date in a message that is otherwise not about the
    // work is no event of the case. The date's own words are set aside before asking (Boxing Day is a date).
    if (!replay && this.offTopicBesidesDate(message, u, today)) return this.decline();
    const loose = replay ? undefined : this.looseDate(state, u, message, today);
    if (loose?.hypothetical) state = structuredClone(state);
    merge(state, u);
    this.set = state.set;
    if (loose && !u.topics.length && state.last) {
      u.topics = state.last.topics;
      if (["statement", "procedure"].includes(u.intent) && state.last.intent !== "glossary")
        u.intent = state.last.intent as Understanding["intent"];
    }
    // What the user told us happened decides the topic first ("reported missing… when should the conference be?").
    for (const e of u.events) {
      const duty = e.splitVote ? "split_vote" : EVENT_DUTIES[e.type];
      if (duty && !u.topics.includes(duty)) u.topics.unshift(duty);
    }
    if (u.badDates.length)
      return {
        text: `${u.badDates.join(", ")} is not a real date. Dates are day first: 13/01/2027 is 13 January 2027.`,
        sources: [],
      };
    if (u.intent === "greeting")
      return {
        text: "Hello. Tell me what has happened (for example “the strategy discussion was 03/12/2026”) or ask about a procedure.",
        sources: [],
        suggestions: ["What does RCPC stand for?", "What happens after the ICPC?"],
      };
    // "and C&F?" after a definition: the next term.
    if (follow?.kind === "sameIntent" && state.last?.intent === "glossary" && !u.glossary) {
      const asked = message
        .replace(/^\W*(and|also|what about|how about)\b/i, "")
        .replace(/[?.!]+\s*$/, "")
        .trim()
        .toLowerCase();
      const g = this.ctx.library.glossary.find(
        (x) =>
          x.id === asked ||
          x.synonyms.includes(asked) ||
          x.term
            .toLowerCase()
            .split(/\s*\/\s*/)
            .includes(asked),
      );
      if (g) return this.define(state, message, g);
    }
    if (u.intent === "glossary" && u.glossary) return this.define(state, message, u.glossary);
    // "and for the review?": a follow-up naming a new topic asks the last question about it.
    if (
      follow?.kind === "sameIntent" &&
      state.last &&
      (u.topics.length || u.children.length || state.last.intent === "role") &&
      ["procedure", "statement", "applies"].includes(u.intent)
    ) {
      u.intent = state.last.intent as Understanding["intent"];
      // "and once he's on a plan, what about the visits?": a yes/no about the child still holds for the visits.
      if (u.intent === "applies") u.topics = [...u.topics, ...state.last.topics.filter((t) => !u.topics.includes(t))];
      else if (!u.topics.length) u.topics = state.last.topics;
    }
    const saidNothing =
      !u.events.length && !u.children.length && !Object.keys(u.facts).length && !u.role && !u.glossary;
    // A question leaning on the conversation ("what should I put in it?") is about what was being discussed.
    const leans =
      state.last !== undefined && /\b(it|they|them|that|this|those|one|he|she|her|him|his|else)\b/i.test(message);
    // Within a conversation, a question in words the procedures use ("who do I need to tell?") is a follow-up.
    const known = this.ctx.search.known(message);
    const followsOn = state.last !== undefined && known.total > 0 && known.known === known.total;
    if (
      saidNothing &&
      !leans &&
      !followsOn &&
      ["procedure", "statement"].includes(u.intent) &&
      !this.onTopic(message, u)
    )
      return this.decline();
    // A statement that told us nothing is a question in other words ("the kid doesn't get what the plan means").
    if (saidNothing && u.intent === "statement") u.intent = "procedure";
    const term = state.last?.term && /\b(one|it|they|them|that|this)\b/i.test(message) ? ` ${state.last.term}` : "";
    if (term) this.message += term;
    // The question names no duty: the bank's reading of the whole message, then the duties its statement named.
    if (!u.topics.length && ["deadline", "applies"].includes(u.intent))
      u.topics = [...new Set([...this.topicsFromBank(message + term, state.set ?? u.set), ...u.contextTopics])];
    // A question that names no duty stays on the one being discussed ("The ICPC was on 5 May. Are we still in time?"),
    // unless it asks what else there is ("anything else I need to sort for her?").
    const beyond =
      this.ctx.checklists.vocabulary.intents.nextSteps.test(message) || /\b(what|anything) else\b/i.test(message);
    if (!u.topics.length && !beyond)
      u.topics = state.last?.topics.length ? [...state.last.topics, ...u.contextTopics] : u.contextTopics;
    if (!state.set && u.intent !== "statement") {
      if (u.intent === "procedure") return this.remember(state, message, u, this.procedure(state, message));
      return this.askSet();
    }
    if (BEFORE.test(message) || this.phrase.beforeIt.test(message))
      return this.remember(state, message, u, this.beforeConference(state, today));
    // "Which ones have to be seen alone?" with several children: a yes or no for each.
    if (
      u.intent === "procedure" &&
      u.topics.length &&
      EACH_CHILD.test(message) &&
      state.children.filter((c) => !c.unborn).length > 1
    )
      u.intent = "applies";
    const r = this.remember(state, message, u, this.sayBack(u, this.reply(state, u, today, message)));
    if (!loose?.hypothetical) return r;
    const e = u.events[0]!;
    return {
      ...r,
      text: `If ${EVENT_WORDS[e.type]} were on ${formatLong(e.date)} (nothing is changed in this conversation):\n${r.text}`,
    };
  }

  /** A date told without naming its event takes the event of what the conversation is about. */
  private looseDate(state: ConversationState, u: Understanding, message: string, today: string) {
    if (u.events.length || u.children.some((c) => c.dateOfBirth || c.expectedDeliveryDate) || !state.last)
      return undefined;
    const d = findDates(message, today, this.ctx.checklists.vocabulary.intents.future.test(message))[0];
    if (!d) return undefined;
    const future = d.iso > today;
    // "If we hold it on Friday 20th, when do the notes go out?": "it" is what was being discussed, not the notes.
    const it = /\b(hold|have|move|book|do|run|arrange)\s+it\b|\bit('?s| is| was| were)\b/i.test(message);
    const topics = u.topics.length && !it ? u.topics : state.last.topics;
    let type: EventType | undefined = state.last.term && /maqa/i.test(state.last.term) ? "maqa_raised" : undefined;
    // "Say we hold it on 25 February": imagined as held, even on a date still to come.
    const hypothetical = /\b(say|suppose|supposing|what if|if|imagine)\b/i.test(message);
    // "It's booked for Monday 30 November": a booking is of the conference being discussed (the review's, if that).
    if (future && /\b(booked|scheduled|arranged|set|listed|planned) (for|on)\b/i.test(message))
      type ??= topics.some((t) => TOPIC_BOOKING[t] === "rcpc_scheduled") ? "rcpc_scheduled" : "icpc_scheduled";
    for (const t of topics) type ??= (future && !hypothetical ? TOPIC_BOOKING[t] : undefined) ?? TOPIC_EVENT[t];
    type ??= state.lastEvent;
    if (!type) {
      // Kept for the rule the reply settles on: its clock's event takes the date ("I raised one yesterday").
      this.unplaced = { iso: d.iso, said: d.text };
      return undefined;
    }
    const outcome =
      type === "rcpc_held"
        ? {
            outcome: /\bplan (ended|ends|came off|comes off)|\bended the plan\b/i.test(message)
              ? "plan_ended"
              : "plan_continues",
          }
        : {};
    u.events.push({ type, date: d.iso, said: d.text, ...outcome });
    return { hypothetical };
  }

  /** Dates told in words ("a fortnight ago", "the 9th", "Boxing Day", "next Tuesday") are said back as read. */
  private sayBack(u: Understanding, r: Reply): Reply {
    const read = u.events.filter((e) => e.said && !/\d{4}|\d{1,2}\/\d{1,2}\/\d{2}/.test(e.said));
    if (!read.length) return r;
    const lines = read.map((e) => `“${e.said}” as ${formatLong(e.date)}`).join("; ");
    return { ...r, text: `(I have taken ${lines}.)\n${r.text}` };
  }

  /** Where the set's own text spells the term out ("CPC (Child Protection Conference Chair)"), else the closest passage. */
  private definedIn(g: GlossaryEntry, set: string): SourceRef[] {
    const abbreviation = g.term.split(/\s*\/\s*/)[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const spelled = new RegExp(`\\b${abbreviation}\\s*\\(|\\(${abbreviation}\\)`);
    for (const d of findSet(this.ctx.library, set)?.documents ?? []) {
      const v = currentVersion(d);
      const p = v.passages.find((x) => spelled.test(x.text));
      if (p) return [{ document: d.id, section: p.sectionId, quote: p.text, url: passageUrl(v, p.id) }];
    }
    return this.passages(g.synonyms[0] ?? g.term, set, 1);
  }

  private define(state: ConversationState, message: string, g: GlossaryEntry): Reply {
    // "what's a MAQA?" then "how quickly does one have to be sorted?": the term is what "one" means next.
    state.last = { message, intent: "glossary", topics: [], actionIds: [], term: `${g.term} ${g.stands}` };
    const passages = state.set ? this.definedIn(g, state.set) : [];
    return {
      text: `${g.term} means ${g.stands.charAt(0).toLowerCase()}${g.stands.slice(1)}. ${g.definition}${g.synonyms.length > 1 ? `\nAlso written: ${g.synonyms.slice(0, 5).join(", ")}.` : ""}`,
      sources: passages,
    };
  }

  private reply(state: ConversationState, u: Understanding, today: string, message: string): Reply {
    // Agency staff asking about the work get their agency's part only, whatever the kind of question.
    // Agency staff asking about their own part ("what do I do if I can't make it?") get their agency's duties.
    if (
      this.agencyOf(state, u) &&
      (u.intent === "role" ||
        (this.phrase.firstPerson.test(message.replace(ROLE_INTRO, " ")) &&
          ["procedure", "deadline", "applies"].includes(u.intent) &&
          !u.scenario))
    ) {
      const mine = this.agencyPart(state, u, today, message);
      if (mine) return mine;
      if (u.intent === "role")
        u.intent = /\b(when|due|date|deadline|by when)\b/i.test(message) ? "deadline" : "procedure";
    }
    switch (u.intent) {
      case "role":
        return this.role(state, u, today, message);
      case "whatif":
        return this.whatIf(state, u, today, message);
      case "applies":
        return this.applies(state, u, today, message);
      case "deadline":
        return this.deadline(state, u, today);
      case "procedure":
        return u.topics.length && /\b(when|due|date|deadline)\b/i.test(message)
          ? this.deadline(state, u, today)
          : this.procedure(state, message);
      default:
        return this.noted(state, u, today);
    }
  }

  private remember(state: ConversationState, message: string, u: Understanding, r: Reply): Reply {
    const actionIds = this.about ?? (r.actions ?? []).map((a) => a.id);
    const assumed = this.standIns.length ? { assumed: this.standIns } : {};
    // A question that named no duty keeps the conversation on the one before ("and after that?").
    const topics = u.topics.length ? u.topics : (state.last?.topics ?? []);
    if (u.intent !== "statement" || !state.last)
      state.last = { message, intent: u.intent, topics, actionIds, ...assumed };
    else state.last = { ...state.last, actionIds, ...assumed };
    if (u.events.length) state.lastEvent = u.events[u.events.length - 1]!.type;
    return r;
  }

  private offTopicBesidesDate(message: string, u: Understanding, today: string): boolean {
    if (u.events.length || u.topics.length || u.glossary || u.role || u.children.length) return false;
    const d = findDates(message, today)[0];
    if (!d) return false;
    const rest = message.replace(d.text, " ");
    const { known, total } = this.ctx.search.known(rest);
    return total > 0 && known < total && !this.onTopic(rest, u);
  }

  /** Is this about child protection procedures at all? */
  private onTopic(message: string, u: Understanding): boolean {
    if (u.topics.length || u.contextTopics.length || u.scenario) return true;
    const named = setNamedIn(this.ctx.library, message);
    const asked = named ? message.replace(new RegExp(named.word, "ig"), " ") : message;
    // A word of the work (a duty, a glossary term, a role, intents.yaml's everyday words) is enough.
    if (this.ctx.search.terms(asked).some((t) => t.length > 2 && this.domainTerms().has(t))) return true;
    if (this.ctx.search.analyzer.glossaryMatches(asked).length) return true;
    // Otherwise every word must be one the procedures use, and some bank question must be close.
    const { known, total } = this.ctx.search.known(asked);
    return total > 0 && known === total && this.ctx.search.closestQuestion(asked) >= CLOSE_QUESTION;
  }

  private domain?: Set<string>;
  private domainTerms(): Set<string> {
    const { catalogue, vocabulary } = this.ctx.checklists;
    this.domain ??= new Set(
      this.ctx.search.terms(
        [
          ...catalogue.duties.map((d) => d.label),
          ...this.ctx.library.glossary.flatMap((g) => [g.term, g.stands, ...g.synonyms]),
          ...vocabulary.roles.map((r) => r.label),
          ...vocabulary.domain,
        ].join(" "),
      ),
    );
    return this.domain;
  }

  private decline(): Reply {
    return {
      text: "Sorry, I can only help with child protection procedures: timescales, who does what, and what the procedure says. For example, ask “When is the first core group due?” or tell me “the ICPC was on 13/01/2027”.",
      sources: [],
      suggestions: ["What does RCPC stand for?", "When is the first core group due?"],
      confident: false,
    };
  }

  /** When the words name no duty, the question bank does: the duty of the passages the question is closest to. */
  private topicsFromBank(message: string, set?: string): string[] {
    return [...new Set(this.hits(message, set, 3).flatMap((h) => (h.duty ? [h.duty] : [])))];
  }

  private followUp(state: ConversationState, f: FollowUp, message: string, today: string): Reply | undefined {
    const last = state.last;
    switch (f.kind) {
      case "explain": {
        const actions = this.lastActions(state, today);
        if (!actions.length) return undefined;
        return {
          text: actions
            .slice(0, 2)
            .map((a) => `${sentence(this.actionLine(a))}\nHow: ${a.basis}\n“${a.sources[0]!.quote}”`)
            .join("\n"),
          sources: uniqueSources(actions.slice(0, 2).flatMap((a) => a.sources)),
          actions: actions.slice(0, 2),
          suggestions: ["And then?", "What else is waiting?"],
        };
      }
      case "next": {
        const shown = this.lastActions(state, today);
        const after = shown.reduce((m, a) => (a.due && a.due > m ? a.due : m), "");
        const plan = this.plan(state, today, state.last?.assumed ?? [], this.assumePlan(state));
        const unseen = plan.actions.filter((a) => !shown.some((x) => x.id === a.id) && a.status !== "done");
        // The same duty's next step first ("the first core group… and after that?" → the next core group).
        const same = unseen.find((a) => last?.topics.includes(a.duty) && !shown.some((x) => x.rule === a.rule));
        if (same?.status === "waiting") return this.ruleInWords(same, state);
        const next = [
          ...(same?.due ? [same] : []),
          ...unseen.filter((a) => a !== same && a.due && a.status !== "waiting" && a.due >= after),
        ].slice(0, 3);
        if (!next.length) return undefined;
        if (last) last.actionIds = next.map((a) => a.id);
        return {
          text: `After that:\n${this.listActions(next)}`,
          sources: uniqueSources(next.flatMap((a) => a.sources.slice(0, 1))),
          actions: next,
          suggestions: ["How did you get that date?", "And then?"],
        };
      }
      case "waiting": {
        if (!state.set) return undefined;
        const waiting = this.plan(state, today)
          .actions.filter((a) => a.status === "waiting")
          .slice(0, 6);
        if (!waiting.length) return { text: "Nothing is waiting: every action has a date.", sources: [] };
        return {
          text: `Waiting for something to happen first:\n${waiting.map((a) => `• ${a.title} — ${(a.basis.split(". ")[0] ?? "").replace(/^Waiting on/, "waiting on")}`).join("\n")}`,
          sources: uniqueSources(waiting.flatMap((a) => a.sources.slice(0, 1))).slice(0, 3),
          suggestions: ["What is due next?"],
        };
      }
      case "switchSet": {
        // Naming the area already in use ("a different street in Bolton") is no switch.
        if (f.set === state.set) return undefined;
        state.set = f.set;
        if (!last) return undefined;
        const r = this.answer(state, last.message, today, true);
        return { ...r, text: `For ${this.setName(f.set)}: ${r.text}` };
      }
      case "shift": {
        if (!last) return undefined;
        const copy = structuredClone(state);
        const kinds: Record<string, string[]> = {
          icpc: ["icpc_held", "icpc_scheduled"],
          rcpc: ["rcpc_held", "rcpc_scheduled"],
          core_group: ["core_group_held"],
          strategy: ["strategy_discussion"],
        };
        const types = f.event ? kinds[f.event]! : copy.lastEvent ? [copy.lastEvent] : [];
        const ev = [...copy.events].reverse().find((e) => types.includes(e.type));
        if (!ev) return undefined;
        const was = ev.date;
        ev.date = addDays(ev.date, f.days);
        const r = this.answer(copy, last.message, today, true);
        return {
          ...r,
          text: `If ${EVENT_WORDS[ev.type]} were on ${formatLong(ev.date)} instead of ${formatLong(was)} (nothing is changed in this conversation):\n${r.text}`,
        };
      }
      case "correction": {
        const u = understand(message, today, this.knowledge(), { hasIcpc: true });
        if (u.events.length || !state.lastEvent) return undefined;
        const dates = findDates(message, today);
        const d = dates[0];
        const target = [...state.events].reverse().find((e) => e.type === state.lastEvent);
        if (!d || !target) return undefined;
        // "no — the 9th": the day changes, the month and year stay those of the date being corrected.
        const fixed = d.dayOnly ? `${target.date.slice(0, 8)}${String(d.dayOnly).padStart(2, "0")}` : d.iso;
        if (!isValidDate(fixed)) return undefined;
        target.date = fixed;
        const lead = `Changed: ${EVENT_WORDS[target.type]} is now ${formatLong(fixed)}.`;
        if (!last || !["deadline", "applies", "role"].includes(last.intent))
          return { ...this.noted(state, { ...u, events: [] }, today), text: `${lead}` };
        const r = this.answer(state, last.message, today, true);
        return { ...r, text: `${lead}\n${r.text}` };
      }
      default:
        return undefined;
    }
  }

  private assumePlan(state: ConversationState): boolean {
    return state.events.some((e) => e.type === "icpc_held" && !e.outcome);
  }

  private lastActions(state: ConversationState, today: string): Action[] {
    const ids = state.last?.actionIds ?? [];
    if (!ids.length || !state.set) return [];
    const plan = this.plan(state, today, state.last?.assumed ?? [], this.assumePlan(state));
    return ids.map((id) => plan.actions.find((a) => a.id === id)).filter((a): a is Action => a !== undefined);
  }
}

/** Folds what a message said into the conversation: later statements correct earlier ones. */
export function merge(state: ConversationState, u: Understanding) {
  if (u.set) state.set = u.set;
  if (u.role) state.role = u.role;
  for (const e of u.events) {
    const { assumed: _a, said: _s, ...ev } = e;
    // A newer statement about the same kind of one-off event replaces the old one ("no, the ICPC was on the 14th").
    const oneOff = ["strategy_discussion", "icpc_held", "icpc_scheduled", "referral", "icpc_requested"].includes(
      ev.type,
    );
    const i = oneOff
      ? state.events.findIndex((x) => x.type === ev.type)
      : state.events.findIndex((x) => x.type === ev.type && x.date === ev.date);
    if (i >= 0) state.events[i] = { ...state.events[i], ...ev };
    else state.events.push(ev);
  }
  u.children.forEach((c, i) => {
    if (c.unborn) {
      const existing = state.children.find((x) => x.unborn);
      if (existing) Object.assign(existing, c);
      else state.children.push({ id: `Unborn ${state.children.filter((x) => x.unborn).length + 1}`, ...c });
      return;
    }
    const born = state.children.filter((x) => !x.unborn);
    // A brother or sister is another child; otherwise the children are told of in the order first told.
    const target = u.anotherChild ? undefined : born[i];
    if (target) {
      if (c.dateOfBirth) delete target.ageYears;
      if (c.ageYears !== undefined) delete target.dateOfBirth;
      Object.assign(target, c);
      state.focusChild = target.id;
    } else {
      const id = `Child ${born.length + 1}`;
      state.children.push({ id, ...c });
      state.focusChild = id;
    }
  });
  Object.assign(state.facts, u.facts);
}
