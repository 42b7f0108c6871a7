/**
 * The one validator for training scenarios: shipped files, saved files, the author form, pasted or uploaded YAML
 * and the JSON API all go through `validateScenario`, and every problem names its field
 * (`timeline[3].date: must be a real date written YYYY-MM-DD…`).
 *
 * A scenario is a story read top to bottom: a title and summary, the procedure set it follows (or "any"),
 * children, facts, and a timeline of dated entries — each an event (what happened), a pause (where the trainer
 * asks "what's due now, and by when?") or a "done" (duties completed that day) — with optional narration.
 */
import { z } from "zod";
import { parseDocument } from "yaml";
import { isValidIso } from "../domain/dates.js";
import { ChildInput, EventInput, FactsInput, invalidInput, isoDate } from "../domain/input.js";
import { EVENT_TYPES, type EventType } from "../domain/rules/schema.js";
import { InvalidInput } from "../domain/errors.js";
import type { CaseEvent, ChildFacts, Facts } from "../domain/types.js";

/** The set value for a scenario that runs in whichever area the trainer picks. */
export const ANY_SET = "any";

/** The trainer's question at a pause that gives none of its own, and in "what's due next?" mode. */
export const DEFAULT_QUESTION = "What’s due now, and by when?";

/** Bookings carry the conference date as `date`; `bookedOn` says when the story learns of it. */
export const BOOKINGS: readonly EventType[] = ["icpc_scheduled", "rcpc_scheduled"];

export const LIMITS = {
  title: 120,
  summary: 1500,
  narration: 1000,
  pause: 300,
  notes: 1000,
  children: 10,
  timeline: 150,
  /** A YAML file or paste. */
  bytes: 200_000,
} as const;

export interface ScenarioEntry {
  date: string;
  /** For a booking: the day it was booked (the story reaches the entry then); `date` is the conference. */
  bookedOn?: string;
  event?: EventType;
  outcome?: string;
  time?: string;
  splitVote?: boolean;
  seenAlone?: boolean;
  childSeen?: boolean;
  bedroomSeen?: boolean;
  immediateRisk?: boolean;
  grading?: number;
  /** The trainer's question at this point. */
  pause?: string;
  /** Notes for the trainer, shown with the answer. */
  notes?: string;
  /** Duties (catalogue ids) or rules (ids such as bolton.minutes) whose open actions were completed on this date. */
  done?: string[];
  narration?: string;
}

export interface Scenario {
  title: string;
  summary: string;
  /** A procedure set id, or "any". */
  set: string;
  children: ChildFacts[];
  facts: Facts;
  timeline: ScenarioEntry[];
}

export interface ScenarioVocabulary {
  setIds: string[];
  agencyIds: string[];
  dutyIds: string[];
  /** Rule ids of every loaded set (a `done` entry may name one rule instead of a whole duty). */
  ruleIds: string[];
}

/** Control and format characters (direction overrides…) are refused in any text; line breaks and tabs are kept. */
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;
const unprintable = (s: string) => UNPRINTABLE.test(s.replace(/[\n\r\t]/g, ""));

const text = (max: number, what: string) =>
  z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, `must not be empty (${what})`)
    .max(max, `must be ${max} characters or fewer`)
    .refine((s) => !unprintable(s), "must not contain control or text-direction characters");

/** A real date (the domain's own check), and for a story nothing before 2000. */
export const scenarioDate = isoDate.refine((d) => !isValidIso(d) || d >= "2000-01-01", "must be in 2000 or later");

const Entry = z
  .object({
    date: scenarioDate,
    bookedOn: scenarioDate.optional(),
    event: z.enum(EVENT_TYPES, { error: `must be one of: ${EVENT_TYPES.join(", ")}` }).optional(),
    outcome: z.string().optional(),
    time: z.string().optional(),
    splitVote: z.boolean().optional(),
    seenAlone: z.boolean().optional(),
    childSeen: z.boolean().optional(),
    bedroomSeen: z.boolean().optional(),
    immediateRisk: z.boolean().optional(),
    grading: z.number().optional(),
    pause: text(LIMITS.pause, "the trainer's question").optional(),
    notes: text(LIMITS.notes, "notes for the trainer").optional(),
    done: z.array(z.string()).min(1, "must name at least one duty").max(40).optional(),
    narration: text(LIMITS.narration, "what happens").optional(),
  })
  .strict();

/** The event an entry stands for, as the engine takes it (undefined for a pause or a done). */
export function entryEvent(e: ScenarioEntry): CaseEvent | undefined {
  if (!e.event) return undefined;
  const ev: CaseEvent = { type: e.event, date: e.date };
  if (e.time !== undefined) ev.time = e.time;
  if (e.outcome !== undefined) ev.outcome = e.outcome;
  for (const k of ["splitVote", "seenAlone", "childSeen", "bedroomSeen", "immediateRisk"] as const)
    if (e[k] !== undefined) ev[k] = e[k];
  if (e.grading !== undefined) ev.grading = e.grading;
  return ev;
}

/** The day the story reaches an entry: the booking day for a booking, otherwise its date. */
export const storyDate = (e: ScenarioEntry): string => e.bookedOn ?? e.date;

const EVENT_ONLY = [
  "outcome",
  "time",
  "bookedOn",
  "splitVote",
  "seenAlone",
  "childSeen",
  "bedroomSeen",
  "immediateRisk",
  "grading",
] as const;

function checkEntry(e: z.infer<typeof Entry>, i: number, v: ScenarioVocabulary, ctx: z.RefinementCtx) {
  const at = (field: string) => ["timeline", i, field];
  const kinds = (["event", "pause", "done"] as const).filter((k) => e[k] !== undefined);
  if (kinds.length !== 1)
    ctx.addIssue({
      code: "custom",
      path: ["timeline", i],
      message:
        kinds.length === 0
          ? "needs one of: event (what happened), pause (the trainer's question) or done (duties completed)"
          : `has ${kinds.join(" and ")}: give one of them per entry (add another entry on the same date)`,
    });
  if (e.event) {
    // The event's own rules (outcome, flags, time) are the domain's: the same check as a case's events.
    const r = EventInput.safeParse(entryEvent(e as ScenarioEntry));
    if (!r.success)
      for (const issue of r.error.issues) {
        const field = issue.path[0] === "type" ? "event" : String(issue.path[0] ?? "event");
        ctx.addIssue({ code: "custom", path: at(field), message: issue.message });
      }
    if (e.bookedOn !== undefined && !BOOKINGS.includes(e.event))
      ctx.addIssue({
        code: "custom",
        path: at("bookedOn"),
        message: "applies only to a booking (icpc_scheduled or rcpc_scheduled): the day it was booked",
      });
    if (e.bookedOn && e.bookedOn > e.date)
      ctx.addIssue({
        code: "custom",
        path: at("bookedOn"),
        message: `must be on or before the conference date (${e.date})`,
      });
  } else {
    for (const k of EVENT_ONLY)
      if (e[k] !== undefined)
        ctx.addIssue({ code: "custom", path: at(k), message: "applies only to an event entry (event: …)" });
  }
  if (e.notes !== undefined && e.pause === undefined)
    ctx.addIssue({ code: "custom", path: at("notes"), message: "goes with a pause (the trainer's notes for it)" });
  e.done?.forEach((d, j) => {
    if (!v.dutyIds.includes(d) && !v.ruleIds.includes(d))
      ctx.addIssue({
        code: "custom",
        path: ["timeline", i, "done", j],
        message: `“${d}” is neither a duty nor a rule; use a duty (${v.dutyIds.join(", ")}) or a rule id such as bolton.minutes`,
      });
  });
}

export function scenarioSchema(v: ScenarioVocabulary) {
  const sets = [ANY_SET, ...v.setIds];
  return z
    .object({
      title: text(LIMITS.title, "the scenario's title"),
      summary: text(LIMITS.summary, "a sentence or two on what the scenario is about"),
      set: z.string({ error: `is required: "any" or one of: ${v.setIds.join(", ")}` }).refine((s) => sets.includes(s), {
        message: `must be "any" or one of: ${v.setIds.join(", ")}`,
      }),
      children: z.array(ChildInput).max(LIMITS.children, `at most ${LIMITS.children} children`).default([]),
      facts: FactsInput(v.agencyIds).default({}),
      timeline: z
        .array(Entry, { error: "must be a list of dated entries" })
        .min(1, "needs at least one entry")
        .max(LIMITS.timeline, `at most ${LIMITS.timeline} entries`),
    })
    .strict()
    .superRefine((s, ctx) => {
      s.timeline.forEach((e, i) => {
        checkEntry(e, i, v, ctx);
        const prev = s.timeline[i - 1];
        if (prev && storyDate(e as ScenarioEntry) < storyDate(prev as ScenarioEntry))
          ctx.addIssue({
            code: "custom",
            path: ["timeline", i, e.bookedOn ? "bookedOn" : "date"],
            message: `${storyDate(e as ScenarioEntry)} comes before the entry above it (${storyDate(prev as ScenarioEntry)}): list the timeline in date order (a booking goes where it was booked, its bookedOn date)`,
          });
      });
      const first = s.timeline[0] ? storyDate(s.timeline[0] as ScenarioEntry) : undefined;
      const ids = new Set<string>();
      s.children.forEach((c, i) => {
        if (c.ageYears !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["children", i, "ageYears"],
            message: "give dateOfBirth instead: a scenario moves through time, so ages come from a date of birth",
          });
        if (c.unborn && !c.expectedDeliveryDate)
          ctx.addIssue({
            code: "custom",
            path: ["children", i, "expectedDeliveryDate"],
            message: "is required for an unborn child (unborn: true)",
          });
        if (ids.has(c.id))
          ctx.addIssue({ code: "custom", path: ["children", i, "id"], message: `“${c.id}” is used twice` });
        ids.add(c.id);
        if (first && c.dateOfBirth && c.dateOfBirth > first)
          ctx.addIssue({
            code: "custom",
            path: ["children", i, "dateOfBirth"],
            message: `is after the story starts (${first}); for a baby not yet born give unborn: true and expectedDeliveryDate`,
          });
      });
    });
}

/** Drops what zod added (undefined optionals, the unused ageYears) so the object is what a file would say. */
function tidy(s: z.infer<ReturnType<typeof scenarioSchema>>): Scenario {
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== "ageYears")) as T;
  return {
    title: s.title,
    summary: s.summary,
    set: s.set,
    children: s.children.map((c) => clean(c) as ChildFacts),
    facts: clean(s.facts) as Facts,
    timeline: s.timeline.map((e) => clean(e) as ScenarioEntry),
  };
}

/** Validates a scenario object; throws InvalidInput naming the first field, with every problem in `details`. */
export function validateScenario(data: unknown, v: ScenarioVocabulary): Scenario {
  const r = scenarioSchema(v).safeParse(data);
  if (!r.success) throw invalidInput(r.error);
  return tidy(r.data);
}

/** YAML text → a validated scenario. A file that is not YAML, or not a mapping, is refused with where and why. */
export function parseScenarioYaml(source: string, v: ScenarioVocabulary): Scenario {
  if (Buffer.byteLength(source, "utf8") > LIMITS.bytes)
    throw new InvalidInput("(file)", `(file): is over ${LIMITS.bytes / 1000} KB; a scenario is a few KB`, [
      { field: "(file)", message: "too large" },
    ]);
  const doc = parseDocument(source, { uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const what = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    const message = `(file): not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ""}: ${what}`;
    throw new InvalidInput("(file)", message, [{ field: "(file)", message }]);
  }
  const data = doc.toJS({ maxAliasCount: 50 }) as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new InvalidInput(
      "(file)",
      "(file): a scenario file starts with its fields (title:, summary:, set:, children:, facts:, timeline:)",
      [{ field: "(file)", message: "not a mapping of fields" }],
    );
  return validateScenario(data, v);
}
