/**
 * The rules as the engine runs them: every timescale of a procedure document as one cited rule, plus the set's
 * readings (what its words mean). Officers write rules in YAML beside the text they come from
 * (`guidance/<set>/<document>/<version>.rules.yaml`); server/checklists/rules-file.ts reads that file into
 * these shapes, so nothing here is written by hand.
 */
import { z } from "zod";

export const EVENT_TYPES = [
  "referral",
  "strategy_discussion",
  "icpc_requested",
  "icpc_scheduled",
  "icpc_held",
  "cp_visit",
  "core_group_held",
  "rcpc_scheduled",
  "rcpc_held",
  "child_missing",
  "moved_out_of_area",
  "significant_event",
  "plan_ended",
  // Added by Pathway to the list in docs/DOMAIN.md: duties the procedures attach to them.
  "maqa_raised",
  "access_refused",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const UNITS = ["working_days", "calendar_days", "weeks", "months", "hours", "pathway_day"] as const;
export type Unit = (typeof UNITS)[number];

/** Yes/no details recorded with an event (the contract's ids; their words are in checklists/vocabulary.yaml). */
export const EVENT_FLAGS = {
  splitVote: z.boolean().optional(),
  seenAlone: z.boolean().optional(),
  childSeen: z.boolean().optional(),
  bedroomSeen: z.boolean().optional(),
  immediateRisk: z.boolean().optional(),
};
export type FlagId = keyof typeof EVENT_FLAGS;

/** A quoted sentence of the document and the section it is in. */
export interface Source {
  document: string;
  section: string;
  quote: string;
}

export interface Offset {
  unit: Unit;
  n: number;
  direction: "after" | "before";
  /** "10am on day 13". */
  time?: string;
  /** Dated changes (OpenFisca style): from this date on (the anchor date), n is this. Sorted by date. */
  changes?: { from: string; n: number }[];
  /**
   * Counted from the latest of these events since the clock started, not from what started it ("see the child
   * alone during the enquiry, before the ICPC": the clock starts at the strategy discussion, the date comes from
   * the ICPC booked). Until one happens the action is open with no date.
   */
  from?: EventType[];
}

/** Narrows which events count: outcome, flags recorded with the event. */
export interface EventFilter {
  outcome?: string[];
  flags?: Partial<Record<FlagId, boolean>>;
  gradingAtMost?: number;
}

export interface EventAnchor {
  event: EventType[];
  pick: "first" | "last" | "nth";
  /** The rule said "last" in so many words ("the last strategy discussion if more than one has been held"). */
  saidLast?: boolean;
  nth?: number;
  /** Only events on or after the latest event of this type (e.g. core groups since the latest ICPC). */
  since?: EventType;
  where?: EventFilter;
}
/** The due date of another rule (e.g. the ICPC's deadline when no date has been booked). */
export interface RuleAnchor {
  rule: string;
}
/** A child's birthday (per-child rules): the plan ends at 18. */
export interface BirthdayAnchor {
  birthday: number;
}
export type Anchor = EventAnchor | RuleAnchor | BirthdayAnchor;

export type Condition =
  | { fact: string; equals: boolean }
  /** planActive: a child protection plan is in place; prePlan: nothing has been decided about one yet. */
  | { state: "planActive" | "prePlan" }
  | { event: EventType; where?: EventFilter }
  | { agency: string }
  /** The last `count` events of a type all match (e.g. two consecutive visits without seeing the child). */
  | { consecutive: EventType; count: number; where: EventFilter };

export interface PerChild {
  /** "over the age of N": how it is read is the set's reading (`readings.age`). */
  overAge?: number;
  /** "babies": who is a baby is the set's reading (`readings.baby`). */
  baby?: boolean;
  unborn?: boolean;
  lookedAfter?: boolean;
}

export interface Rule {
  id: string;
  duty: string;
  title: string;
  owner: string;
  when: Condition[];
  perChild?: PerChild;
  /** Alternatives, first that can be found wins. */
  anchor: Anchor[];
  /** Usually one; where a document gives two timescales for the same duty, the earlier is due. */
  offsets: Offset[];
  /** For ranges such as "4 – 6 week intervals": not before this. */
  earliest?: Offset;
  /** An event that completes the duty: after the anchor event, or (for a date anchor) after the latest `since` event. */
  satisfiedBy?: {
    event: EventType;
    where?: EventFilter;
    since?: EventType[];
    /** Held this much before the due date still counts as this one (a meeting held early). */
    early?: Offset;
  };
  /** Only shown once its trigger has happened (a split vote, a missing child…), never as "waiting". */
  optional: boolean;
  /** For agency rules: one action per agency in this list or in facts.agencies. */
  agencies?: { always: string[]; fromFacts: boolean; exclude: string[] };
  /** Said in the basis, e.g. why this anchor was chosen where the text is not explicit. */
  note?: string;
  sources: Source[];
}

/** An event of a type, narrowed by its outcome or flags. */
export interface EventMatch {
  event: EventType;
  where?: EventFilter;
}

/** What the set's words mean, each with the sentence that says so (named data, never code). */
export interface Readings {
  /** Which events put a child on a plan, end it, or leave the decision to come. */
  plan?: { starts: EventMatch[]; pending: EventMatch[]; ends: EventMatch[]; source: Source };
  /** An event with a flag counts as having an outcome (Bolton: a split vote is a plan). */
  countsAs: { event: EventType; flag: FlagId; outcome: string; source: Source }[];
  /** "over the age of N": N or over (inclusive) or older than N, on the date the action is due. */
  age?: { inclusive: boolean; source: Source };
  /** "babies": children under this age in years. */
  baby?: { under: number; source: Source };
}

/** A sentence stating a timescale that is deliberately not a rule, and why. */
export interface Skipped extends Source {
  why: string;
}

export interface Checklist {
  set: string;
  /** Duties this set says nothing about, with what the product should say instead of borrowing another set's rule. */
  silent: Record<string, string>;
  readings: Readings;
  rules: Rule[];
  skipped: Skipped[];
}

/** What a set says it does not cover for a duty ("silent" keys are the duty id or start with it). */
export const silentNotes = (checklist: Checklist | undefined, duty: string): string[] =>
  Object.entries(checklist?.silent ?? {})
    .filter(([k]) => k === duty || k.startsWith(`${duty}_`))
    .map(([, v]) => v);

/** The facts, agencies and duties the forms and pages list (from checklists/vocabulary.yaml). */
export interface FactCatalogue {
  facts: { id: string; text: string; kind: "boolean" | "agencies" }[];
  agencies: { id: string; label: string }[];
  duties: { id: string; label: string }[];
}
