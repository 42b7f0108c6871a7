/**
 * Reads the case forms: UK dates typed day first, every error tied to its field, everything typed kept for
 * redisplay. What is typed is then checked by the same input gate as the JSON API (server/domain/input.ts), so
 * the forms and the API accept the same things; its problems are put in the form's words here.
 */
import { formatLong, isValidIso, parseUkDate } from "../domain/dates.js";
import { EVENT_TYPES, type EventType } from "../domain/rules/schema.js";
import {
  BOOKING_MONTHS_AHEAD,
  CHILD_UNDER_YEARS,
  Children,
  EventInput,
  OUTCOMES,
  Reference,
  childProblems,
  eventProblems,
  zodProblems,
} from "../domain/input.js";
import type { FieldProblem } from "../domain/errors.js";
import type { ChildFacts } from "../domain/types.js";

export type Form = Record<string, string | string[] | undefined>;
export interface FieldError {
  field: string;
  message: string;
}

export const str = (f: Form, k: string): string => {
  const v = f[k];
  return ((Array.isArray(v) ? v[0] : v) ?? "").toString().trim();
};

export const MAX_CHILDREN_ON_FORM = 4;

export function readUkDate(
  f: Form,
  field: string,
  label: string,
  errors: FieldError[],
  opts: { required?: boolean } = {},
): string | undefined {
  const raw = str(f, field);
  if (!raw) {
    if (opts.required) errors.push({ field, message: `Enter ${label}` });
    return undefined;
  }
  const iso = parseUkDate(raw) ?? (isValidIso(raw) ? raw : undefined);
  if (!iso) {
    errors.push({
      field,
      message: /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(raw)
        ? `${cap(label)} must be a real date, day first, like 13/01/2027`
        : `Enter ${label} as day/month/year, like 13/01/2027`,
    });
    return undefined;
  }
  return iso;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A problem the input gate found, in a form's words; `label` names the field as the form does ("the date"). */
export function formMessage(p: FieldProblem, label: string, hint = ""): string {
  const L = cap(label);
  switch (p.code) {
    case "after_today":
      return `${L} must be today or in the past${hint}`;
    case "too_far_ahead":
      return `${L} must be no later than ${formatLong(p.bound!)} (${BOOKING_MONTHS_AHEAD / 12} years from today): check the year`;
    case "too_early":
      return /birth/.test(label)
        ? `${L} makes the child ${CHILD_UNDER_YEARS} or older: check the year (plans are for children under ${CHILD_UNDER_YEARS})`
        : `${L} must be on or after ${formatLong(p.bound!)}: check the year`;
    case "out_of_range":
      return `${L} must be a date between 1900 and 2099: check the year`;
    case "not_a_date":
      return `${L} must be a real date, day first, like 13/01/2027`;
    case "unprintable":
      return `${L} must not contain line breaks, tabs, control or direction-changing characters`;
    case "edd_range":
      return `${L} must be no more than 3 months ago and no more than 10 months from today`;
    case "duplicate":
      return `${L}: this label is already used for another child`;
    case "unborn_with_dob":
      return `${L}: an unborn child has an expected delivery date, not a date of birth`;
  }
  return `${L} ${p.message.replace(/^./, (c) => c.toLowerCase())}`;
}

export interface NewCaseForm {
  reference: string;
  procedures: string;
  children: ChildFacts[];
  by: string;
}

/**
 * The new-case form (and a child's fields on their own, for the children page): `opened` is the day the case was
 * opened when it exists already (a child's age is checked as of then).
 */
export function readNewCase(
  f: Form,
  setIds: string[],
  today: string,
  opened?: string,
): { value?: NewCaseForm; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reference = str(f, "reference");
  if (!reference) errors.push({ field: "reference", message: "Enter a case reference" });
  else {
    const r = Reference.safeParse(reference);
    if (!r.success)
      errors.push({ field: "reference", message: formMessage(zodProblems(r.error)[0]!, "case reference") });
  }
  const procedures = str(f, "procedures");
  if (!setIds.includes(procedures))
    errors.push({ field: `procedures-${setIds[0] ?? ""}`, message: "Select the procedure set this case follows" });
  const children: ChildFacts[] = [];
  /** The form's row of each child read (rows left empty are skipped). */
  const rows: number[] = [];
  for (let i = 1; i <= MAX_CHILDREN_ON_FORM; i++) {
    const label = str(f, `child${i}-label`);
    const dob = str(f, `child${i}-dob`);
    const unborn = str(f, `child${i}-unborn`) === "yes";
    if (!label && !dob && !unborn) continue;
    if (!label) {
      errors.push({ field: `child${i}-label`, message: `Enter initials or a label for child ${i}` });
      continue;
    }
    const child: ChildFacts = { id: label };
    if (unborn) {
      child.unborn = true;
      const edd = readUkDate(f, `child${i}-edd`, `child ${i}'s expected delivery date`, errors);
      if (edd) child.expectedDeliveryDate = edd;
    } else {
      const iso = readUkDate(f, `child${i}-dob`, `child ${i}'s date of birth`, errors);
      if (iso) child.dateOfBirth = iso;
    }
    const la = str(f, `child${i}-lookedAfter`);
    if (la === "yes" || la === "no") child.lookedAfter = la === "yes";
    children.push(child);
    rows.push(i);
  }
  // The same checks as the API's: labels, one label per child, dates of birth and delivery within their bounds.
  const checked = Children.safeParse(children);
  const problems = checked.success
    ? childProblems(checked.data, { today, opened }, (i) => `children[${i}]`)
    : zodProblems(checked.error, "children");
  for (const p of problems) {
    const m = /^children\[(\d+)\](?:\.(\w+))?/.exec(p.field);
    const row = m ? rows[Number(m[1])]! : (rows[0] ?? 1);
    const part = m?.[2];
    const [suffix, label] =
      part === "dateOfBirth"
        ? ["dob", `child ${row}'s date of birth`]
        : part === "expectedDeliveryDate"
          ? ["edd", `child ${row}'s expected delivery date`]
          : part === "id"
            ? ["label", `child ${row}'s initials or label`]
            : ["label", `child ${row}`];
    const hint =
      part === "dateOfBirth" ? " (for an unborn child, tick Unborn and give the expected delivery date)" : "";
    const message =
      part === "id" && p.code !== "duplicate"
        ? `Child ${row}: use initials or a short label (letters, digits, spaces, - _ . ')`
        : formMessage(p, label, hint);
    if (!errors.some((e) => e.field === `child${row}-${suffix}`))
      errors.push({ field: `child${row}-${suffix}`, message });
  }
  if (!children.length && !errors.some((e) => e.field.startsWith("child")))
    errors.push({ field: "child1-label", message: "Enter at least one child (initials are enough)" });
  const by = str(f, "by") || "not given";
  return errors.length ? { errors } : { value: { reference, procedures, children, by }, errors };
}

export interface EventForm {
  type: EventType;
  date: string;
  time?: string;
  outcome?: string;
  splitVote?: boolean;
  seenAlone?: boolean;
  childSeen?: boolean;
  bedroomSeen?: boolean;
  immediateRisk?: boolean;
  grading?: number;
}

export function readEvent(f: Form, today: string): { value?: EventForm; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const type = str(f, "type") as EventType;
  if (!EVENT_TYPES.includes(type)) errors.push({ field: "type", message: "Select what happened" });
  const date = readUkDate(f, "date", "the date", errors, { required: true });
  const time = str(f, "time");
  if (time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time))
    errors.push({ field: "time", message: "Enter the time as 24-hour HH:MM, like 10:00" });
  const value: EventForm = { type, date: date ?? "" };
  if (time) value.time = time;
  const allowed = OUTCOMES[type];
  if (allowed) {
    const outcome = str(f, "outcome");
    if (!allowed.includes(outcome))
      errors.push({ field: `outcome-${allowed[0]}`, message: "Select the outcome of the conference" });
    else value.outcome = outcome;
    const grading = str(f, "grading");
    // Digits only: Number() would read "0x5" as 5 and "1e1" as 10.
    if (grading && !/^\d{1,2}$/.test(grading))
      errors.push({ field: "grading", message: "Overall grading must be a whole number from 0 to 10" });
    else if (grading) value.grading = Number(grading);
  }
  if (type === "icpc_held" && str(f, "splitVote") === "yes") value.splitVote = true;
  if (type === "cp_visit") {
    value.childSeen = str(f, "childSeen") !== "no";
    if (str(f, "seenAlone") === "yes") value.seenAlone = true;
    if (str(f, "bedroomSeen") === "yes") value.bedroomSeen = true;
  }
  if (type === "maqa_raised" && str(f, "immediateRisk") === "yes") value.immediateRisk = true;
  if (errors.length) return { errors };
  // The same checks as the API's: the event's shape, then its date against today (only bookings in the future).
  const checked = EventInput.safeParse(value);
  const problems = checked.success
    ? eventProblems([checked.data], today, () => "event")
    : zodProblems(checked.error, "event");
  for (const p of problems) {
    const part = p.field.replace(/^event\.?/, "") || "type";
    const [field, label] =
      part === "date"
        ? ["date", "the date"]
        : part === "time"
          ? ["time", "the time"]
          : part === "grading"
            ? ["grading", "overall grading"]
            : part === "outcome"
              ? [`outcome-${allowed?.[0] ?? "plan"}`, "the outcome"]
              : ["type", "what happened"];
    const hint = " (use “ICPC booked” or “RCPC booked” for a future conference)";
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: formMessage(p, label, hint) });
  }
  return errors.length ? { errors } : { value, errors };
}
