/** Reads the case forms: UK dates typed day first, every error tied to its field, everything typed kept for redisplay. */
import { isValidIso, parseUkDate } from "../domain/dates.js";
import { EVENT_TYPES, type EventType } from "../domain/rules/schema.js";
import { OUTCOMES } from "../domain/input.js";
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
  opts: { required?: boolean; notAfter?: string } = {},
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
  if (opts.notAfter && iso > opts.notAfter) {
    errors.push({ field, message: `${cap(label)} must be today or in the past` });
    return undefined;
  }
  return iso;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface NewCaseForm {
  reference: string;
  procedures: string;
  children: ChildFacts[];
  by: string;
}

export function readNewCase(f: Form, setIds: string[], today: string): { value?: NewCaseForm; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const reference = str(f, "reference");
  if (!reference) errors.push({ field: "reference", message: "Enter a case reference" });
  else if (reference.length > 80)
    errors.push({ field: "reference", message: "Case reference must be 80 characters or fewer" });
  const procedures = str(f, "procedures");
  if (!setIds.includes(procedures))
    errors.push({ field: `procedures-${setIds[0] ?? ""}`, message: "Select the procedure set this case follows" });
  const children: ChildFacts[] = [];
  for (let i = 1; i <= MAX_CHILDREN_ON_FORM; i++) {
    const label = str(f, `child${i}-label`);
    const dob = str(f, `child${i}-dob`);
    const unborn = str(f, `child${i}-unborn`) === "yes";
    if (!label && !dob && !unborn) continue;
    if (!label) {
      errors.push({ field: `child${i}-label`, message: `Enter initials or a label for child ${i}` });
      continue;
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9 _.'-]{0,39}$/.test(label)) {
      errors.push({
        field: `child${i}-label`,
        message: `Child ${i}: use initials or a short label (letters, digits, spaces, - _ . ')`,
      });
      continue;
    }
    if (children.some((c) => c.id === label)) {
      errors.push({ field: `child${i}-label`, message: `Child ${i}: “${label}” is already used for another child` });
      continue;
    }
    const child: ChildFacts = { id: label };
    if (unborn) {
      child.unborn = true;
      const edd = readUkDate(f, `child${i}-edd`, `child ${i}'s expected delivery date`, errors);
      if (edd) child.expectedDeliveryDate = edd;
    } else {
      const iso = readUkDate(f, `child${i}-dob`, `child ${i}'s date of birth`, errors, { notAfter: today });
      if (iso) child.dateOfBirth = iso;
    }
    const la = str(f, `child${i}-lookedAfter`);
    if (la === "yes" || la === "no") child.lookedAfter = la === "yes";
    children.push(child);
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
  const isFuture = date && date > today;
  if (isFuture && !["icpc_scheduled", "rcpc_scheduled"].includes(type))
    errors.push({
      field: "date",
      message: "The date must be today or in the past (use “ICPC booked” or “RCPC booked” for a future conference)",
    });
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
    if (grading) {
      const g = Number(grading);
      if (!Number.isInteger(g) || g < 0 || g > 10)
        errors.push({ field: "grading", message: "Overall grading must be a whole number from 0 to 10" });
      else value.grading = g;
    }
  }
  if (type === "icpc_held" && str(f, "splitVote") === "yes") value.splitVote = true;
  if (type === "cp_visit") {
    value.childSeen = str(f, "childSeen") !== "no";
    if (str(f, "seenAlone") === "yes") value.seenAlone = true;
    if (str(f, "bedroomSeen") === "yes") value.bedroomSeen = true;
  }
  if (type === "maqa_raised" && str(f, "immediateRisk") === "yes") value.immediateRisk = true;
  return errors.length ? { errors } : { value, errors };
}
