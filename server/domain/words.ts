/**
 * How rules are said in words — one place for all of it: filling a rule's words for a child or an agency, the
 * timescale in words, what starts the clock, what an action waits on, and how a set's readings read. The engine's
 * explanations, the compare and rules pages and the assistant all use these; the words for events, outcomes and
 * agencies come from the vocabulary.
 */
import { cmp, formatLong } from "./dates.js";
import type { Anchor, Checklist, Condition, EventFilter, EventType, Offset, PerChild, Rule } from "./rules/schema.js";
import type { WaitingOn } from "./types.js";
import {
  agencyName,
  awaitedWords,
  eventName,
  eventNoun,
  flagLabel,
  outcomeLabel,
  VOCABULARY,
  factQuestion,
} from "./vocabulary.js";

/** Kept for code that names events in sentences: event id → "the ICPC". */
export const EVENT_WORDS = Object.fromEntries([...VOCABULARY.events.keys()].map((t) => [t, eventName(t)])) as Record<
  EventType,
  string
>;

const ORDINAL = ["", "first", "second", "third", "fourth", "fifth", "sixth"];
export const ordinalWord = (n: number) => ORDINAL[n] ?? `${n}th`;

/** Who a rule's words are filled for: a child (its id, and an unborn child's expected delivery date) or an agency. */
export interface Who {
  child?: { id: string; expectedDeliveryDate?: string };
  agency?: string;
}

/**
 * Fills `{child}`, `{agency}` and `{edd}` in a rule's title or note — the one filler. Without a child or an agency
 * (the compare and rules pages, the assistant speaking generally) they read "the child", "each agency" and "the
 * expected delivery date".
 */
export function fillWords(text: string, who: Who = {}): string {
  if (!text.includes("{")) return text;
  const edd = who.child?.expectedDeliveryDate;
  return text
    .replace(/\{child\}/g, who.child?.id ?? "the child")
    .replace(/\{agency\}/g, who.agency ? agencyName(who.agency) : "each agency")
    .replace(/\{edd\}/g, edd ? formatLong(edd) : who.child ? "not yet recorded" : "as recorded on the case");
}

const UNIT_WORDS: Record<string, string> = {
  working_days: "working day",
  calendar_days: "day",
  weeks: "week",
  months: "month",
  hours: "hour",
};

/** The number an offset has on a date: its dated changes (sorted by date) take effect from their date on. */
export function offsetN(o: Offset, on: string): number {
  let n = o.n;
  for (const c of o.changes ?? []) if (c.from <= on) n = c.n;
  return n;
}

/** "10 working days after", "on day 13 of the pathway, counting from", "the working day before", "by". */
export function offsetPhrase(o: Offset, n: number = o.n): string {
  if (o.unit === "pathway_day") return `on day ${n} of the pathway, counting from`;
  if (o.unit === "calendar_days" && n === 0) return "by";
  if (o.unit === "working_days" && n === 1 && o.direction === "before") return "the working day before";
  const word = UNIT_WORDS[o.unit]!;
  return `${n} ${word}${n === 1 ? "" : "s"} ${o.direction}`;
}

/** "with outcome plan" in words: " (child protection plan)", " (seen alone)". */
export function filterWords(f?: EventFilter): string {
  if (!f) return "";
  const parts: string[] = [];
  if (f.outcome) parts.push(f.outcome.map((o) => outcomeLabel(o).toLowerCase()).join(" or "));
  for (const [flag, value] of Object.entries(f.flags ?? {}))
    parts.push(`${value ? "" : "not: "}${flagLabel(flag).replace(/^The /, "the ").toLowerCase()}`);
  if (f.gradingAtMost !== undefined) parts.push(`overall grading ${f.gradingAtMost} or less`);
  return parts.length ? ` (${parts.join("; ")})` : "";
}

/** What starts the clock, briefly, as explanations say it: "the ICPC", "the first core group", "the child’s 18th birthday". */
export function anchorLabel(a: Anchor, checklist: Checklist): string {
  if ("birthday" in a) return `the child’s ${a.birthday}th birthday`;
  if ("rule" in a) {
    const title = checklist.rules.find((r) => r.id === a.rule)?.title;
    return `the ${title ? fillWords(title).replace(/^[A-Z]/, (m) => m.toLowerCase()) : a.rule}`;
  }
  if (a.pick === "nth" && a.nth && a.event.length === 1) return `the ${ordinalWord(a.nth)} ${eventNoun(a.event[0]!)}`;
  return a.event.map((t) => eventName(t)).join(" or ");
}

/** What starts the clock in full, for the rules page: "the ICPC (child protection plan)", "the last core group since the ICPC". */
export function startWords(a: Anchor, checklist: Checklist): string {
  if ("birthday" in a) return `the child’s ${a.birthday}th birthday`;
  if ("rule" in a) {
    const title = checklist.rules.find((r) => r.id === a.rule)?.title;
    return `the date “${title ? fillWords(title) : a.rule}” is due (or done)`;
  }
  const names = a.event.map((t) => eventNoun(t)).join(" or ");
  const which =
    a.pick === "nth" && a.nth
      ? `the ${ordinalWord(a.nth)} ${names}`
      : a.pick === "first"
        ? `the first ${names}`
        : a.saidLast
          ? `the latest ${names}`
          : `the ${names}`;
  return `${which}${filterWords(a.where)}${a.since ? ` since ${eventName(a.since)}` : ""}`;
}

/** "10 working days after the ICPC", "on day 13 of the pathway, counting from the strategy discussion, at 10:00". */
export function describeTimescale(rule: Rule, checklist: Checklist, on?: string): string {
  const a = rule.anchor[0]!;
  const from = "event" in a && a.pick === "nth" ? anchorLabel(a, checklist) : shortStart(a, checklist);
  const n = (o: Offset) => (on ? offsetN(o, on) : latestN(o));
  const parts = rule.offsets.map((o) => `${offsetPhrase(o, n(o))} ${from}${o.time ? ` at ${o.time}` : ""}`);
  const range = rule.earliest ? ` (not before ${offsetPhrase(rule.earliest, n(rule.earliest))} ${from})` : "";
  return parts.join("; or ") + range;
}

const latestN = (o: Offset) => [...(o.changes ?? [])].sort((x, y) => cmp(x.from, y.from)).pop()?.n ?? o.n;

function shortStart(a: Anchor, checklist: Checklist): string {
  if ("rule" in a) {
    const title = checklist.rules.find((r) => r.id === a.rule)?.title;
    return `the deadline for “${title ? fillWords(title) : a.rule}”`;
  }
  return anchorLabel(a, checklist);
}

/** What a waiting action waits for, in words: the same thing its `waitingOn` says as data. */
export function waitingWords(on: WaitingOn, checklist: Checklist): string {
  if ("birthday" in on) return `the child’s date of birth (for their ${on.birthday}th birthday)`;
  if ("rule" in on) {
    const title = checklist.rules.find((r) => r.id === on.rule)?.title;
    return `the date for “${title ? fillWords(title) : on.rule}”`;
  }
  if (on.anyOf && on.anyOf.length > 1) return on.anyOf.map((t) => eventName(t)).join(" or ");
  return awaitedWords(on.event, on.outcome);
}

/** When a rule applies, in words: "while the child is on a plan", "before the ICPC", "if the family needs an interpreter". */
export function conditionWords(c: Condition): string {
  if ("state" in c)
    return c.state === "planActive" ? "while the child is on a child protection plan" : "before the ICPC";
  if ("fact" in c) return `${c.equals ? "if" : "unless"}: ${factQuestion(c.fact).replace(/\?$/, "")}`;
  if ("agency" in c) return `if ${agencyName(c.agency)} is involved`;
  if ("consecutive" in c) return `after ${c.count} ${eventNoun(c.consecutive)}s in a row${filterWords(c.where)}`;
  return `once there has been ${eventName(c.event)}${filterWords(c.where)}`;
}

/** Who a per-child rule is for, in words, with the set's reading where it has one. */
export function childWords(p: PerChild, checklist: Checklist): string {
  if (p.unborn) return "each unborn child";
  if (p.lookedAfter) return "each child who is looked after";
  if (p.baby) return `each baby${checklist.readings.baby ? ` (a child under ${checklist.readings.baby.under})` : ""}`;
  if (p.overAge !== undefined)
    return `each child over the age of ${p.overAge}${ageReadingWords(p.overAge, checklist) ? ` (${ageReadingWords(p.overAge, checklist)})` : ""}`;
  return "each child";
}

/** "“over the age of 8” is read as 8 or over on the date the action is due": the set's reading, in words. */
export function ageReadingWords(n: number, checklist: Checklist): string | undefined {
  const r = checklist.readings.age;
  if (!r) return undefined;
  return r.inclusive
    ? `“over the age of ${n}” is read as ${n} or over on the date the action is due`
    : `“over the age of ${n}” is read as older than ${n} (${n + 1} or over) on the date the action is due`;
}

/** The reading of "over the age of N" for a rule (its age), where the rule has one: for the assistant's answers. */
export function ruleAgeReading(rule: Rule, checklist: Checklist): string | undefined {
  return rule.perChild?.overAge !== undefined ? ageReadingWords(rule.perChild.overAge, checklist) : undefined;
}

/** The actions the rule makes, in words: "for each agency involved (except Police)". */
export function agencyWords(a: NonNullable<Rule["agencies"]>): string {
  if (!a.fromFacts) return `for ${a.always.map(agencyName).join(", ")}`;
  return `for each agency involved${a.exclude.length ? ` (other than ${a.exclude.map(agencyName).join(", ")})` : ""}`;
}

/** One timescale as the officer wrote it, in words: "10 working days after", "4 to 6 weeks after", "day 13 of the pathway, at 10:00". */
export function offsetWords(o: Offset, earliest?: Offset): string {
  const changes = (o.changes ?? []).map((c) => `${c.n} from ${formatLong(c.from)}`);
  let words: string;
  if (o.unit === "pathway_day")
    words = `on day ${o.n} of the pathway (working days, counting the day that starts it as day 0)`;
  else if (o.unit === "calendar_days" && o.n === 0) words = "on the same day";
  else if (o.unit === "working_days" && o.n === 1 && o.direction === "before") words = "the working day before";
  else {
    const word = UNIT_WORDS[o.unit]!;
    const range = earliest ? `${earliest.n} to ` : "";
    words = `${range}${o.n} ${word}${o.n === 1 && !range ? "" : "s"} ${o.direction}`;
    if (o.unit === "hours" && o.direction === "before") words += " (with no time recorded, the working day before)";
  }
  if (o.from) words += ` ${o.from.map((t) => eventName(t)).join(" or ")}, once that has a date`;
  if (o.time) words += `, at ${o.time}`;
  if (changes.length) words += ` (then ${changes.join(", ")})`;
  return words;
}

/** What completes a duty, in words. */
export function doneWords(s: NonNullable<Rule["satisfiedBy"]>): string {
  let w = `${eventName(s.event)}${filterWords(s.where)}`;
  if (s.since) w += `, after the last ${s.since.map((t) => eventNoun(t)).join(" or ")}`;
  if (s.early) w += `; one held up to ${offsetPhrase(s.early).replace(/ before$/, "")} early counts`;
  return w;
}
