/** The shape of a checklist file (`checklists/<set>.json`): every timescale in a procedure set as one cited rule. */
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

const Source = z.object({ document: z.string(), section: z.string(), quote: z.string().min(8) }).strict();
export type Source = z.infer<typeof Source>;

const Offset = z
  .object({
    unit: z.enum(UNITS),
    n: z.number().int().nonnegative().optional(),
    /** A dated parameter of the set (OpenFisca style) instead of a fixed n. */
    param: z.string().optional(),
    direction: z.enum(["after", "before"]).default("after"),
    /** "10am on day 13". */
    time: z
      .string()
      .regex(/^\d{2}:\d{2}$/)
      .optional(),
    /** Which of the rule's sources states this timescale (index). */
    source: z.number().int().nonnegative().default(0),
  })
  .strict()
  .refine((o) => (o.n === undefined) !== (o.param === undefined), "an offset has n or param, not both");
export type Offset = z.infer<typeof Offset>;

/** Yes/no details recorded with an event; rules filter on the same names. One list for both. */
export const EVENT_FLAGS = {
  splitVote: z.boolean().optional(),
  seenAlone: z.boolean().optional(),
  childSeen: z.boolean().optional(),
  bedroomSeen: z.boolean().optional(),
  immediateRisk: z.boolean().optional(),
};

/** Narrows which events count: outcome, flags recorded with the event. */
const EventFilter = z
  .object({
    outcome: z.array(z.string()).optional(),
    ...EVENT_FLAGS,
    gradingAtMost: z.number().optional(),
  })
  .strict();
export type EventFilter = z.infer<typeof EventFilter>;

const EventAnchor = z
  .object({
    event: z.union([z.enum(EVENT_TYPES), z.array(z.enum(EVENT_TYPES)).min(1)]),
    pick: z.enum(["first", "last", "nth"]).default("last"),
    nth: z.number().int().positive().optional(),
    /** Only events on or after the latest event of this type (e.g. core groups since the latest ICPC). */
    since: z.enum(EVENT_TYPES).optional(),
    where: EventFilter.optional(),
  })
  .strict();

/** The due date of another rule (e.g. the ICPC's deadline when no date has been booked). */
const RuleAnchor = z.object({ rule: z.string() }).strict();
/** A child's birthday (per-child rules): the plan ends at 18. */
const BirthdayAnchor = z.object({ birthday: z.number().int().positive() }).strict();
const Anchor = z.union([EventAnchor, RuleAnchor, BirthdayAnchor]);
export type Anchor = z.infer<typeof Anchor>;
export type EventAnchorT = z.infer<typeof EventAnchor>;

const Condition = z.union([
  z.object({ fact: z.string(), equals: z.union([z.boolean(), z.string(), z.number()]) }).strict(),
  /** True while a child protection plan is in place: an ICPC decided on a plan and no plan_ended or RCPC ending it since. */
  z.object({ state: z.enum(["planActive", "prePlan"]) }).strict(),
  z.object({ event: z.enum(EVENT_TYPES), where: EventFilter.optional() }).strict(),
  z.object({ agency: z.string() }).strict(),
  /** The last `count` events of a type all match (e.g. two consecutive visits without seeing the child). */
  z.object({ consecutive: z.enum(EVENT_TYPES), count: z.number().int().positive(), where: EventFilter }).strict(),
]);
export type Condition = z.infer<typeof Condition>;

const PerChild = z
  .object({
    minAge: z.number().optional(),
    /** Under this age (e.g. 1 for babies). */
    underAge: z.number().optional(),
    unborn: z.boolean().optional(),
    lookedAfter: z.boolean().optional(),
  })
  .strict();
export type PerChild = z.infer<typeof PerChild>;

export const Rule = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/),
    duty: z.string(),
    title: z.string().min(3),
    owner: z.string().min(2),
    when: z.array(Condition).default([]),
    perChild: PerChild.optional(),
    /** Alternatives, first that can be found wins. */
    anchor: z.array(Anchor).min(1),
    /** Usually one; where a document gives two timescales for the same duty, the earlier is due. */
    offsets: z.array(Offset).min(1),
    /** For ranges such as "4 – 6 week intervals": not before this. */
    earliest: Offset.optional(),
    /** An event that completes the duty: after the anchor event, or (for a date anchor) after the latest `since` event. */
    satisfiedBy: z
      .object({
        event: z.enum(EVENT_TYPES),
        where: EventFilter.optional(),
        since: z.array(z.enum(EVENT_TYPES)).optional(),
      })
      .strict()
      .optional(),
    /** Only shown once its trigger has happened (a split vote, a missing child…), never as "waiting". */
    optional: z.boolean().default(false),
    /** For agency rules: one action per agency in this list or in facts.agencies. */
    agencies: z
      .object({
        always: z.array(z.string()).default([]),
        fromFacts: z.boolean().default(false),
        exclude: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
    /** Said in the basis, e.g. why this anchor was chosen where the text is not explicit. */
    note: z.string().optional(),
    sources: z.array(Source).min(1),
  })
  .strict();
export type Rule = z.infer<typeof Rule>;

const ParameterValue = z
  .object({ from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), value: z.number(), reference: Source })
  .strict();
export const Parameter = z.object({ description: z.string(), values: z.array(ParameterValue).min(1) }).strict();
export type Parameter = z.infer<typeof Parameter>;

export const Checklist = z
  .object({
    set: z.string(),
    /** Duties this set says nothing about, with what the product should say instead of borrowing another set's rule. */
    silent: z.record(z.string(), z.string()).default({}),
    parameters: z.record(z.string(), Parameter).default({}),
    rules: z.array(Rule),
  })
  .strict();
export type Checklist = z.infer<typeof Checklist>;

/** What a set says it does not cover for a duty ("silent" keys are the duty id or start with it). */
export const silentNotes = (checklist: Checklist | undefined, duty: string): string[] =>
  Object.entries(checklist?.silent ?? {})
    .filter(([k]) => k === duty || k.startsWith(`${duty}_`))
    .map(([, v]) => v);

export const FactCatalogue = z
  .object({
    facts: z.array(z.object({ id: z.string(), text: z.string(), kind: z.enum(["boolean", "agencies"]) }).strict()),
    agencies: z.array(z.object({ id: z.string(), label: z.string() }).strict()),
    duties: z.array(z.object({ id: z.string(), label: z.string() }).strict()),
  })
  .strict();
export type FactCatalogue = z.infer<typeof FactCatalogue>;
