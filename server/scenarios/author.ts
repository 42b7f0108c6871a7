/**
 * The author form: a scenario as form fields and back. Dates are typed the UK way (13/01/2027); everything else
 * goes through the one validator (schema.ts), whose problems are tied back to the form's fields. Also: a case
 * turned into a scenario, without its reference or any names or initials.
 */
import { formatLong, isValidIso, parseUkDate } from "../domain/dates.js";
import type { InvalidInput } from "../domain/errors.js";
import { EVENT_TYPES, type EventType } from "../domain/rules/schema.js";
import type { ChildFacts, Facts } from "../domain/types.js";
import { ANY_SET, BOOKINGS, DEFAULT_QUESTION, LIMITS, type Scenario, type ScenarioEntry } from "./schema.js";

export type FormValues = Record<string, string | string[] | undefined>;

export interface FieldError {
  field: string;
  message: string;
}

export const FACT_IDS = ["newCase", "nonResidentParent", "interpreterNeeded", "allocatedInAssessmentService"] as const;
export const FLAG_IDS = ["splitVote", "seenAlone", "childNotSeen", "bedroomSeen", "immediateRisk"] as const;

/** Blank rows the form offers beyond those filled in. */
export const SPARE_ROWS = 3;
export const SPARE_CHILDREN = 1;

const one = (f: FormValues, k: string): string => {
  const v = f[k];
  return ((Array.isArray(v) ? v[0] : v) ?? "").toString().trim();
};
const many = (f: FormValues, k: string): string[] => {
  const v = f[k];
  return (Array.isArray(v) ? v : v ? [v] : []).map(String);
};
const count = (f: FormValues, k: string, max: number) =>
  Math.min(max, Math.max(0, Number.parseInt(one(f, k), 10) || 0));

/** How many child and timeline rows the posted form had (with "add more", a few more). */
export function formRows(f: FormValues, more?: "rows" | "child") {
  const children = count(f, "children", LIMITS.children) + (more === "child" ? 1 : 0);
  const rows = count(f, "rows", LIMITS.timeline) + (more === "rows" ? SPARE_ROWS : 0);
  return { children: Math.min(children, LIMITS.children), rows: Math.min(rows, LIMITS.timeline) };
}

function date(f: FormValues, field: string, label: string, errors: FieldError[]): string | undefined {
  const raw = one(f, field);
  if (!raw) return undefined;
  const iso = parseUkDate(raw) ?? (isValidIso(raw) ? raw : undefined);
  if (!iso) errors.push({ field, message: `${label}: enter a real date as day/month/year, like 13/01/2027` });
  return iso;
}

const yesNo = (v: string): boolean | undefined => (v === "yes" ? true : v === "no" ? false : undefined);

interface Read {
  value?: unknown;
  errors: FieldError[];
  /** Timeline index → form row number, to tie the validator's problems to the row they came from. */
  rowOf: number[];
  childOf: number[];
}

/** The posted form as a scenario object (not yet validated), or the problems with what was typed. */
export function readAuthorForm(f: FormValues): Read {
  const errors: FieldError[] = [];
  const { children: nChildren, rows: nRows } = formRows(f);
  const children: ChildFacts[] = [];
  const childOf: number[] = [];
  for (let i = 1; i <= nChildren; i++) {
    const p = `child${i}`;
    const id = one(f, `${p}-id`);
    const unborn = one(f, `${p}-unborn`) === "yes";
    const dob = date(f, `${p}-dob`, `Child row ${i}, date of birth`, errors);
    const edd = date(f, `${p}-edd`, `Child row ${i}, expected delivery date`, errors);
    if (!id && !dob && !edd && !unborn) continue;
    const c: ChildFacts = { id };
    if (dob) c.dateOfBirth = dob;
    if (unborn) c.unborn = true;
    if (edd) c.expectedDeliveryDate = edd;
    const la = yesNo(one(f, `${p}-lookedAfter`));
    if (la !== undefined) c.lookedAfter = la;
    children.push(c);
    childOf.push(i);
  }
  const facts: Facts = {};
  for (const k of FACT_IDS) {
    const v = yesNo(one(f, `fact-${k}`));
    if (v !== undefined) facts[k] = v;
  }
  if (one(f, "agencies-given") === "yes") facts.agencies = many(f, "agencies");
  const timeline: ScenarioEntry[] = [];
  const rowOf: number[] = [];
  for (let i = 1; i <= nRows; i++) {
    const p = `row${i}`;
    const kind = one(f, `${p}-kind`);
    const texts = ["pause", "narration", "notes", "done", "date"].map((k) => one(f, `${p}-${k}`));
    if (!kind && texts.every((t) => !t)) continue;
    const e: Partial<ScenarioEntry> = {};
    const d = date(f, `${p}-date`, `Entry ${i}, date`, errors);
    if (!d && !one(f, `${p}-date`)) errors.push({ field: `${p}-date`, message: `Entry ${i}: enter the date` });
    e.date = d ?? "";
    if (!kind) errors.push({ field: `${p}-kind`, message: `Entry ${i}: choose what this entry is` });
    else if (kind === "pause") e.pause = one(f, `${p}-pause`) || DEFAULT_QUESTION;
    else if (kind === "done")
      e.done = one(f, `${p}-done`)
        .split(/[\s,]+/)
        .filter(Boolean);
    else if ((EVENT_TYPES as readonly string[]).includes(kind)) {
      e.event = kind as EventType;
      const booked = date(f, `${p}-bookedOn`, `Entry ${i}, booked on`, errors);
      if (booked && BOOKINGS.includes(e.event)) e.bookedOn = booked;
      const outcome = one(f, `${p}-outcome`);
      if (outcome) e.outcome = outcome;
      const time = one(f, `${p}-time`);
      if (time) e.time = time;
      const flags = many(f, `${p}-flags`);
      if (flags.includes("splitVote")) e.splitVote = true;
      if (flags.includes("seenAlone")) e.seenAlone = true;
      if (flags.includes("childNotSeen")) e.childSeen = false;
      if (flags.includes("bedroomSeen")) e.bedroomSeen = true;
      if (flags.includes("immediateRisk")) e.immediateRisk = true;
      const grading = one(f, `${p}-grading`);
      if (grading) {
        if (/^\d{1,2}$/.test(grading)) e.grading = Number(grading);
        else errors.push({ field: `${p}-grading`, message: `Entry ${i}: the grading is a whole number from 0 to 10` });
      }
    } else errors.push({ field: `${p}-kind`, message: `Entry ${i}: choose what this entry is` });
    if (kind === "pause" && one(f, `${p}-notes`)) e.notes = one(f, `${p}-notes`);
    const narration = one(f, `${p}-narration`);
    if (narration) e.narration = narration;
    timeline.push(e as ScenarioEntry);
    rowOf.push(i);
  }
  if (!timeline.length && !errors.length)
    errors.push({ field: "row1-date", message: "Add at least one entry to the timeline: a date and what happened" });
  const value = {
    title: one(f, "title"),
    summary: one(f, "summary"),
    set: one(f, "set"),
    children,
    facts,
    timeline,
  };
  return { value: errors.length ? undefined : value, errors, rowOf, childOf };
}

const CHILD_FIELDS: Record<string, string> = {
  id: "id",
  dateOfBirth: "dob",
  expectedDeliveryDate: "edd",
  unborn: "unborn",
  lookedAfter: "lookedAfter-yes",
  ageYears: "dob",
};
const ENTRY_FIELDS: Record<string, string> = {
  date: "date",
  bookedOn: "bookedOn",
  event: "kind",
  outcome: "outcome",
  time: "time",
  pause: "pause",
  notes: "notes",
  done: "done",
  narration: "narration",
  grading: "grading",
};

const LABELS: Record<string, string> = {
  title: "Title",
  summary: "Summary",
  set: "Procedure set",
  id: "label",
  dob: "date of birth",
  edd: "expected delivery date",
  unborn: "unborn",
  "lookedAfter-yes": "looked after",
  kind: "what this entry is",
};

/** The validator's problems (`timeline[3].date: …`) as errors on the form's own fields. */
export function formErrors(err: InvalidInput, read: Pick<Read, "rowOf" | "childOf">): FieldError[] {
  const details = Array.isArray(err.details) ? err.details : [{ field: err.field ?? "(form)", message: err.message }];
  return details.map(({ field, message }) => {
    let m = /^timeline\[(\d+)\](?:\.(\w+))?/.exec(field);
    if (m) {
      const row = read.rowOf[Number(m[1])] ?? 1;
      const part = m[2] ? (ENTRY_FIELDS[m[2]] ?? "kind") : "kind";
      return {
        field: `row${row}-${part}`,
        message: `Entry ${row}${m[2] ? ` (${LABELS[part] ?? part})` : ""}: ${message}`,
      };
    }
    m = /^children\[(\d+)\](?:\.(\w+))?/.exec(field);
    if (m) {
      const row = read.childOf[Number(m[1])] ?? 1;
      const part = (m[2] && CHILD_FIELDS[m[2]]) || "id";
      return { field: `child${row}-${part}`, message: `Child row ${row} (${LABELS[part] ?? part}): ${message}` };
    }
    if (field.startsWith("facts.agencies")) return { field: "agencies-given-yes", message: `Agencies: ${message}` };
    if (field.startsWith("facts.")) return { field: `fact-${field.slice(6)}-yes`, message };
    if (field === "set") return { field: `set-${ANY_SET}`, message: `Procedure set: ${message}` };
    if (field === "title" || field === "summary") return { field, message: `${LABELS[field]}: ${message}` };
    return { field: "title", message: `${field}: ${message}` };
  });
}

const uk = (iso?: string) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : "");

/** A scenario as the form's fields (to edit one, copy a shipped one, or review one made from a case). */
export function scenarioToForm(s: Scenario, spare = true): FormValues {
  const v: FormValues = { title: s.title, summary: s.summary, set: s.set };
  s.children.forEach((c, i) => {
    const p = `child${i + 1}`;
    v[`${p}-id`] = c.id;
    v[`${p}-dob`] = uk(c.dateOfBirth);
    v[`${p}-edd`] = uk(c.expectedDeliveryDate);
    if (c.unborn) v[`${p}-unborn`] = "yes";
    if (c.lookedAfter !== undefined) v[`${p}-lookedAfter`] = c.lookedAfter ? "yes" : "no";
  });
  for (const k of FACT_IDS) {
    const x = s.facts[k];
    if (typeof x === "boolean") v[`fact-${k}`] = x ? "yes" : "no";
  }
  if (s.facts.agencies) {
    v["agencies-given"] = "yes";
    v.agencies = s.facts.agencies;
  }
  s.timeline.forEach((e, i) => {
    const p = `row${i + 1}`;
    v[`${p}-date`] = uk(e.date);
    v[`${p}-kind`] = e.event ?? (e.pause ? "pause" : "done");
    if (e.bookedOn) v[`${p}-bookedOn`] = uk(e.bookedOn);
    if (e.outcome) v[`${p}-outcome`] = e.outcome;
    if (e.time) v[`${p}-time`] = e.time;
    const flags = [
      e.splitVote ? "splitVote" : "",
      e.seenAlone ? "seenAlone" : "",
      e.childSeen === false ? "childNotSeen" : "",
      e.bedroomSeen ? "bedroomSeen" : "",
      e.immediateRisk ? "immediateRisk" : "",
    ].filter(Boolean);
    if (flags.length) v[`${p}-flags`] = flags;
    if (e.grading !== undefined) v[`${p}-grading`] = String(e.grading);
    if (e.pause) v[`${p}-pause`] = e.pause;
    if (e.notes) v[`${p}-notes`] = e.notes;
    if (e.done) v[`${p}-done`] = e.done.join(", ");
    if (e.narration) v[`${p}-narration`] = e.narration;
  });
  v.children = String(s.children.length + (spare ? SPARE_CHILDREN : 0));
  v.rows = String(s.timeline.length + (spare ? SPARE_ROWS : 0));
  return v;
}

/** What a case gives a scenario: its set, children, facts and events — nothing that names anyone. */
export interface CaseLike {
  procedures: string;
  children: ChildFacts[];
  facts: Facts;
  events: (Omit<ScenarioEntry, "event" | "date"> & { type: EventType; date: string; recordedAt?: string })[];
}

/**
 * A case as a scenario: without its reference, its audit trail, who recorded what, or its done marks (their ids
 * carry the children's initials); children become "Child 1", "Child 2"… A booking is placed on the day it was
 * recorded. The trainer reviews it in the author form before anything is saved.
 */
export function scenarioFromCase(c: CaseLike, today: string): Scenario {
  const children = c.children.map((ch, i): ChildFacts => {
    const out: ChildFacts = { id: `Child ${i + 1}` };
    if (ch.dateOfBirth) out.dateOfBirth = ch.dateOfBirth;
    if (ch.unborn) out.unborn = true;
    if (ch.expectedDeliveryDate) out.expectedDeliveryDate = ch.expectedDeliveryDate;
    if (ch.lookedAfter !== undefined) out.lookedAfter = ch.lookedAfter;
    return out;
  });
  const noDob = c.children.flatMap((ch, i) => (!ch.dateOfBirth && !ch.unborn ? [`Child ${i + 1}`] : []));
  const facts: Facts = {};
  for (const k of FACT_IDS) if (typeof c.facts[k] === "boolean") facts[k] = c.facts[k];
  if (c.facts.agencies) facts.agencies = [...c.facts.agencies];
  const entries = c.events.map((e, i) => {
    const entry: ScenarioEntry = { date: e.date, event: e.type };
    for (const k of ["outcome", "time", "splitVote", "seenAlone", "childSeen", "bedroomSeen", "immediateRisk"] as const)
      if (e[k] !== undefined) (entry as unknown as Record<string, unknown>)[k] = e[k];
    if (e.grading !== undefined) entry.grading = e.grading;
    const recorded = e.recordedAt?.slice(0, 10);
    if (BOOKINGS.includes(e.type) && recorded && isValidIso(recorded) && recorded < e.date) entry.bookedOn = recorded;
    return { entry, i };
  });
  entries.sort((a, b) => {
    const x = a.entry.bookedOn ?? a.entry.date;
    const y = b.entry.bookedOn ?? b.entry.date;
    return x < y ? -1 : x > y ? 1 : a.i - b.i;
  });
  const timeline = entries.map((x) => x.entry).slice(0, LIMITS.timeline - 1);
  const last = timeline[timeline.length - 1];
  if (last) timeline.push({ date: last.bookedOn ?? last.date, pause: DEFAULT_QUESTION });
  const notes = [
    `Made from a case on ${formatLong(today)}: its reference, names, initials and who recorded what are left out.`,
    noDob.length ? `${noDob.join(" and ")} had an age but no date of birth: add one where age matters.` : "",
    c.events.length >= LIMITS.timeline ? `Only the first ${LIMITS.timeline - 1} events are kept.` : "",
  ].filter(Boolean);
  return {
    title: "A case as a training scenario",
    summary: notes.join(" "),
    set: c.procedures,
    children,
    facts,
    timeline,
  };
}
