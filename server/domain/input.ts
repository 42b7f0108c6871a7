/**
 * The one gate for what comes in: the JSON API, the forms, case import, the assistant's "save as case" and the
 * case files read at start-up all check what they are given with what is here, so they accept exactly the same
 * things (docs/DOMAIN.md, "Input bounds").
 *
 * Two layers:
 * - **Shapes** (zod, no clock): types, real dates, known event types and outcomes, flags only where they apply,
 *   whole-number grading, printable text, lengths and counts, unique ids, an unborn child without a date of birth.
 *   The stored case file (server/store/schema.ts) is built from the same shapes.
 * - **Bounds against the calendar** (plain functions of `today` and the day the case was opened): a held event
 *   not after today, a booking at most two years ahead, nothing before 2000, a child under 18 when the case was
 *   opened and not born after today, an expected delivery date near the case, an age that agrees with the date of
 *   birth, and what must be known (the procedure set, its documents' versions, its rules). They give
 *   `FieldProblem`s naming the field as the request named it (`events[2].date`); the services put them together
 *   per entry point (server/cases/validate.ts, server/plan/service.ts).
 */
import { z } from "zod";
import { addMonths, ageOn, isValidIso } from "./dates.js";
import { EVENT_FLAGS, EVENT_TYPES, type EventType } from "./rules/schema.js";
import { type FieldProblem, InvalidInput, NotFound } from "./errors.js";

// ── Bounds ─────────────────────────────────────────────────────────────────────────────────────────────

/** No event before this: child protection records older than this are not casework Pathway plans for. */
export const EARLIEST_EVENT = "2000-01-01";
/** Any date at all: nothing centuries away, whatever the clock says. */
export const EARLIEST_DATE = "1900-01-01";
export const LATEST_DATE = "2099-12-31";
/** A booking (an ICPC or RCPC scheduled) may be at most this many months after today. */
export const BOOKING_MONTHS_AHEAD = 24;
/** `today` sent to /api/plan or /api/ask: from EARLIEST_EVENT to this many months after the server's today. */
export const TODAY_MONTHS_AHEAD = 24;
/** A child on a case is under this age on the day the case was opened. */
export const CHILD_UNDER_YEARS = 18;
/** An expected delivery date: at most this many months before the case was opened… */
export const EDD_MONTHS_BEFORE = 3;
/** …and at most this many months after today (a pregnancy is about nine). */
export const EDD_MONTHS_AHEAD = 10;
export const MAX_REFERENCE = 80;
export const MAX_NOTE = 500;
export const MAX_CHILDREN = 20;
export const MAX_AGENCIES = 50;
/** Events and done ids one /api/plan request may carry. */
export const MAX_PLAN_EVENTS = 5000;
export const MAX_DONE = 5000;
export const MAX_ACTION_ID = 300;

/** Event types that are bookings, the only events that may be dated in the future. */
export const BOOKINGS: readonly EventType[] = EVENT_TYPES.filter((t) => t.endsWith("_scheduled"));
export const isBooking = (t: string) => (BOOKINGS as readonly string[]).includes(t);

export const OUTCOMES: Partial<Record<EventType, string[]>> = {
  icpc_held: ["plan", "no_plan", "deferred"],
  rcpc_held: ["plan_continues", "plan_ended"],
};

/** The events each detail may be recorded with; a flag not listed here may go with any event. */
export const FLAG_EVENTS: Record<string, readonly EventType[]> = {
  splitVote: ["icpc_held"],
  seenAlone: ["cp_visit"],
  childSeen: ["cp_visit"],
  bedroomSeen: ["cp_visit"],
  immediateRisk: ["maqa_raised"],
  grading: ["icpc_held", "rcpc_held"],
};

// ── Shapes ─────────────────────────────────────────────────────────────────────────────────────────────

const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** The first character that does not belong in a line of text (control, format such as a direction override, line separator), as U+XXXX. */
export function unprintable(s: string): string | undefined {
  const m = UNPRINTABLE.exec(s);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : undefined;
}

const PRINTABLE_MESSAGE = "must be printable text: no line breaks, tabs, control or direction-changing characters";

/** A line of printable text of at most `max` characters. */
export const printableText = (max: number) =>
  z
    .string({ error: "must be text" })
    .max(max, `must be ${max} characters or fewer`)
    .superRefine((s, ctx) => {
      const bad = unprintable(s);
      if (bad)
        ctx.addIssue({
          code: "custom",
          message: `${PRINTABLE_MESSAGE} (found ${bad})`,
          params: { code: "unprintable" },
        });
    });

export const Reference = z
  .string({ error: "is required: the case reference" })
  .trim()
  .min(1, "is required: the case reference")
  .pipe(printableText(MAX_REFERENCE));

export const Note = printableText(MAX_NOTE);

const REAL_DATE =
  "must be a real date written YYYY-MM-DD, e.g. 2027-01-13 (day-first dates such as 13/01/2027 go in forms, not the API)";

/** A real calendar date, YYYY-MM-DD, in 1900–2099. The bounds for each kind of date come on top (below). */
export const isoDate = z.string({ error: "must be a date written YYYY-MM-DD" }).superRefine((s, ctx) => {
  if (!isValidIso(s)) ctx.addIssue({ code: "custom", message: REAL_DATE, params: { code: "not_a_date" } });
  else if (s < EARLIEST_DATE || s > LATEST_DATE)
    ctx.addIssue({
      code: "custom",
      message: `must be between ${EARLIEST_DATE} and ${LATEST_DATE} (check the year)`,
      params: { code: "out_of_range", bound: s < EARLIEST_DATE ? EARLIEST_DATE : LATEST_DATE },
    });
});

export const CHILD_ID = /^[A-Za-z0-9][A-Za-z0-9 _.'-]{0,39}$/;

const ChildFields = z
  .object({
    id: z
      .string({ error: "is required: initials or a short label" })
      .regex(CHILD_ID, "must be 1–40 letters, digits, spaces or - _ . ' (initials or a label, not a full name)"),
    dateOfBirth: isoDate.optional(),
    ageYears: z.number({ error: "must be a number of years" }).min(0).max(25).optional(),
    unborn: z.boolean().optional(),
    expectedDeliveryDate: isoDate.optional(),
    lookedAfter: z.boolean().optional(),
  })
  .strict();

export const ChildInput = ChildFields.superRefine((c, ctx) => {
  if (c.unborn === true && c.dateOfBirth !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["dateOfBirth"],
      message:
        "an unborn child has no date of birth: give expectedDeliveryDate, or unborn: false once the child is born",
      params: { code: "unborn_with_dob" },
    });
  if (c.unborn === true && c.ageYears !== undefined)
    ctx.addIssue({ code: "custom", path: ["ageYears"], message: "an unborn child has no age" });
  if (c.expectedDeliveryDate !== undefined && c.unborn !== true)
    ctx.addIssue({
      code: "custom",
      path: ["expectedDeliveryDate"],
      message: "is only for an unborn child (unborn: true); once born, give dateOfBirth",
    });
});

/** The children of one case: at most MAX_CHILDREN, each id once. */
export const Children = z
  .array(ChildInput)
  .max(MAX_CHILDREN, `at most ${MAX_CHILDREN} children`)
  .superRefine((children, ctx) => {
    const seen = new Set<string>();
    children.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({
          code: "custom",
          path: [i, "id"],
          message: `“${c.id}” is used for another child of this case`,
          params: { code: "duplicate" },
        });
      seen.add(c.id);
    });
  });

const EventFields = z
  .object({
    type: z.enum(EVENT_TYPES, { error: `must be one of: ${EVENT_TYPES.join(", ")}` }),
    date: isoDate,
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour time HH:MM")
      .optional(),
    outcome: z.string().max(40).optional(),
    ...EVENT_FLAGS,
    grading: z
      .number({ error: "must be a whole number from 0 to 10" })
      .int("must be a whole number from 0 to 10")
      .min(0, "must be a whole number from 0 to 10")
      .max(10, "must be a whole number from 0 to 10")
      .optional(),
  })
  .strict();

function checkEvent(e: z.infer<typeof EventFields>, ctx: z.RefinementCtx) {
  const allowed = OUTCOMES[e.type];
  if (e.outcome !== undefined && !allowed)
    ctx.addIssue({ code: "custom", path: ["outcome"], message: `a ${e.type} event has no outcome` });
  if (e.outcome !== undefined && allowed && !allowed.includes(e.outcome))
    ctx.addIssue({ code: "custom", path: ["outcome"], message: `must be one of: ${allowed.join(", ")}` });
  for (const [flag, types] of Object.entries(FLAG_EVENTS))
    if ((e as Record<string, unknown>)[flag] !== undefined && !types.includes(e.type))
      ctx.addIssue({ code: "custom", path: [flag], message: `applies only to ${types.join(" and ")}` });
}

export const EventInput = EventFields.superRefine(checkEvent);

export const EVENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** An event as a case stores it: who recorded it and when. */
export const StoredEventSchema = EventFields.extend({
  id: z.string().regex(EVENT_ID, "must be 1–64 letters, digits, - or _"),
  recordedAt: z.string(),
  recordedBy: z.string(),
}).superRefine(checkEvent);

/** Stored events: each id once (an id is how one is removed). */
export const StoredEvents = z.array(StoredEventSchema).superRefine((events, ctx) => {
  const seen = new Set<string>();
  events.forEach((e, i) => {
    if (seen.has(e.id))
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `“${e.id}” is used for another event of this case` });
    seen.add(e.id);
  });
});

/** Case facts; with `agencyIds`, agencies must come from the catalogue (input), without, any id (stored files). */
export const FactsInput = (agencyIds?: string[]) =>
  z
    .object({
      nonResidentParent: z.boolean(),
      interpreterNeeded: z.boolean(),
      newCase: z.boolean(),
      allocatedInAssessmentService: z.boolean(),
      agencies: z
        .array(
          agencyIds
            ? z.enum(agencyIds as [string, ...string[]], { error: `must be among: ${agencyIds.join(", ")}` })
            : z.string().max(60),
        )
        .max(MAX_AGENCIES)
        .refine((a) => new Set(a).size === a.length, "lists an agency twice"),
    })
    .partial()
    .strict();

/** `<rule>[:<child>|:<agency>]@<anchor date>`, as the plan gives it. */
export const ACTION_ID = /^([a-z0-9-]+\.[a-z0-9-]+)((?::[A-Za-z0-9 _.'-]+)*)@(\d{4}-\d{2}-\d{2})$/;

export const ActionId = z
  .string({ error: "is required: the id of an action, as the plan gives it" })
  .max(MAX_ACTION_ID)
  .superRefine((s, ctx) => {
    const m = ACTION_ID.exec(s);
    if (!m || !isValidIso(m[3]!))
      ctx.addIssue({
        code: "custom",
        message: "must be an action id as the plan gives it: <rule>[:<child>|:<agency>]@YYYY-MM-DD",
      });
  });

/** The rule an action id names. */
export const ruleOfAction = (id: string) => ACTION_ID.exec(id)?.[1];

export type ChildInputT = z.infer<typeof ChildInput>;
export type EventInputT = z.infer<typeof EventInput>;

// ── Field names and errors ─────────────────────────────────────────────────────────────────────────────

/** "events[2].type" from a zod path. */
export const fieldName = (path: PropertyKey[]) =>
  path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );

/** Every problem of a zod failure, each naming its field (under `prefix`, as the request named it). */
export function zodProblems(error: z.ZodError, prefix = ""): FieldProblem[] {
  return error.issues.map((i) => {
    const field = fieldName([...(prefix ? [prefix] : []), ...i.path]);
    const message =
      i.code === "unrecognized_keys" ? `unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` : i.message;
    const params = (i as { params?: { code?: string; bound?: string } }).params;
    return {
      field: field || "(body)",
      message,
      ...(params?.code ? { code: params.code } : {}),
      ...(params?.bound ? { bound: params.bound } : {}),
    };
  });
}

/** Problems as the error to throw: the message names the first field, the details list every problem. */
export function problemsError(problems: FieldProblem[]): InvalidInput | NotFound {
  const first = problems[0]!;
  if (first.code === "unknown_set") return new NotFound("procedure set", `${first.field}: ${first.message}`);
  return new InvalidInput(first.field, `${first.field}: ${first.message}`, problems);
}

/** Throws the problems found, if any. */
export function assertNone(problems: FieldProblem[]) {
  if (problems.length) throw problemsError(problems);
}

/** A zod failure as InvalidInput: the message names the first field, the details list every problem. */
export function invalidInput(error: z.ZodError, prefix = ""): InvalidInput {
  return problemsError(zodProblems(error, prefix)) as InvalidInput;
}

/** Parses with a schema, throwing InvalidInput that names the field (under `prefix`). */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, prefix = ""): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidInput(r.error, prefix);
  return r.data;
}

// ── Bounds against the calendar ────────────────────────────────────────────────────────────────────────

/** Today, and the day the case was opened (today for a new case or a stateless plan). */
export interface Clock {
  today: string;
  opened?: string;
}

/** The day the case was opened, never after today nor before EARLIEST_EVENT. */
export function openedOn(clock: Clock): string {
  const o = clock.opened && isValidIso(clock.opened) && clock.opened < clock.today ? clock.opened : clock.today;
  return o < EARLIEST_EVENT ? EARLIEST_EVENT : o;
}

export const latestBooking = (today: string) => addMonths(today, BOOKING_MONTHS_AHEAD);

/** The date of an event of `type`: nothing before 2000; a held event not after today; a booking at most two years on. */
export function eventDateProblem(type: string, date: string, today: string): Omit<FieldProblem, "field"> | undefined {
  if (!isValidIso(date)) return { message: REAL_DATE, code: "not_a_date" };
  if (date < EARLIEST_EVENT)
    return {
      message: `is before ${EARLIEST_EVENT}: Pathway plans from events since 2000 (check the year)`,
      code: "too_early",
      bound: EARLIEST_EVENT,
    };
  if (isBooking(type)) {
    const max = latestBooking(today);
    if (date > max)
      return {
        message: `is more than ${BOOKING_MONTHS_AHEAD / 12} years ahead (after ${max}): check the year`,
        code: "too_far_ahead",
        bound: max,
      };
  } else if (date > today)
    return {
      message: `is after today (${today}): only a booking (${BOOKINGS.join(", ")}) may be in the future; a ${type} is recorded once it has happened`,
      code: "after_today",
      bound: today,
    };
  return undefined;
}

/** Events against the calendar; `field(i)` names event i as the request did ("events[2]", "event"). */
export function eventProblems(
  events: readonly { type: string; date: string }[],
  today: string,
  field: (i: number) => string,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  events.forEach((e, i) => {
    const p = eventDateProblem(e.type, e.date, today);
    if (p) out.push({ field: `${field(i)}.date`, ...p });
  });
  return out;
}

/**
 * Children against the calendar: born on or before today, under 18 on the day the case was opened; an expected
 * delivery date from three months before the case was opened to ten months after today; an age that agrees with
 * the date of birth (the age at some day from the case's opening to today).
 */
export function childProblems(
  children: readonly ChildInputT[],
  clock: Clock,
  field: (i: number) => string,
): FieldProblem[] {
  const { today } = clock;
  const opened = openedOn(clock);
  const out: FieldProblem[] = [];
  children.forEach((c, i) => {
    const at = field(i);
    if (c.dateOfBirth && isValidIso(c.dateOfBirth)) {
      const oldest = addMonths(opened, -12 * CHILD_UNDER_YEARS);
      if (c.dateOfBirth > today)
        out.push({
          field: `${at}.dateOfBirth`,
          message: `${c.dateOfBirth} is after today (${today}); for an unborn child give unborn: true and expectedDeliveryDate`,
          code: "after_today",
          bound: today,
        });
      else if (c.dateOfBirth <= oldest)
        out.push({
          field: `${at}.dateOfBirth`,
          message: `${c.dateOfBirth} makes the child ${CHILD_UNDER_YEARS} or older on ${opened}${opened === today ? " (today)" : ", when the case was opened"}: plans are for children under ${CHILD_UNDER_YEARS} (check the year)`,
          code: "too_early",
          bound: oldest,
        });
      else if (c.ageYears !== undefined) {
        const lo = ageOn(c.dateOfBirth, opened);
        const hi = ageOn(c.dateOfBirth, today);
        const age = Math.floor(c.ageYears);
        if (age < lo || age > hi)
          out.push({
            field: `${at}.ageYears`,
            message: `${c.ageYears} does not agree with dateOfBirth ${c.dateOfBirth}: that child is ${hi} on ${today}${lo !== hi ? ` (and was ${lo} when the case was opened)` : ""}; give one or the other`,
            code: "age_contradicts",
          });
      }
    }
    if (c.expectedDeliveryDate && isValidIso(c.expectedDeliveryDate)) {
      const min = addMonths(opened, -EDD_MONTHS_BEFORE);
      const max = addMonths(today, EDD_MONTHS_AHEAD);
      if (c.expectedDeliveryDate < min || c.expectedDeliveryDate > max)
        out.push({
          field: `${at}.expectedDeliveryDate`,
          message: `${c.expectedDeliveryDate} must be between ${min} and ${max} (${EDD_MONTHS_BEFORE} months before the case was opened to ${EDD_MONTHS_AHEAD} months from today); once the child is born, give dateOfBirth`,
          code: "edd_range",
          bound: c.expectedDeliveryDate < min ? min : max,
        });
    }
  });
  return out;
}

/** `today` sent with a request (/api/plan, /api/ask): from EARLIEST_EVENT to two years after the server's today. */
export function todayProblems(today: string, serverToday: string, field = "today"): FieldProblem[] {
  if (!isValidIso(today)) return [{ field, message: REAL_DATE, code: "not_a_date" }];
  const max = addMonths(serverToday, TODAY_MONTHS_AHEAD);
  if (today < EARLIEST_EVENT || today > max)
    return [{ field, message: `must be between ${EARLIEST_EVENT} and ${max} (check the year)`, code: "out_of_range" }];
  return [];
}

// ── What must be known ─────────────────────────────────────────────────────────────────────────────────

/** What the procedure sets loaded hold: each set's documents with their versions, and its rule ids. */
export interface KnownSet {
  documents: ReadonlyMap<string, readonly string[]>;
  rules: ReadonlySet<string>;
}
export interface Known {
  sets: ReadonlyMap<string, KnownSet>;
  agencies: readonly string[];
}

/** The procedure set is one of those loaded (`unknown_set`: a 404 where a request names it). */
export function setProblems(procedures: string, known: Known, field = "procedures"): FieldProblem[] {
  if (known.sets.has(procedures)) return [];
  return [
    {
      field,
      message: `unknown procedure set “${procedures}”. Known sets: ${[...known.sets.keys()].join(", ")}.`,
      code: "unknown_set",
    },
  ];
}

/** Pinned versions name documents of the set and versions they have. */
export function versionProblems(procedures: string, versions: Record<string, string>, known: Known): FieldProblem[] {
  const set = known.sets.get(procedures);
  if (!set) return [];
  const out: FieldProblem[] = [];
  for (const [doc, version] of Object.entries(versions)) {
    const have = set.documents.get(doc);
    if (!have)
      out.push({
        field: `versions.${doc}`,
        message: `${procedures} has no document “${doc}”. Its documents: ${[...set.documents.keys()].join(", ")}.`,
      });
    else if (!have.includes(version))
      out.push({ field: `versions.${doc}`, message: `“${version}” is not a version of ${doc} (${have.join(", ")})` });
  }
  return out;
}

/** Done ids name rules of the set. */
export function doneProblems(
  procedures: string,
  done: readonly string[],
  known: Known,
  field: (i: number) => string,
): FieldProblem[] {
  const set = known.sets.get(procedures);
  if (!set) return [];
  const out: FieldProblem[] = [];
  done.forEach((id, i) => {
    const rule = ruleOfAction(id);
    if (rule && !set.rules.has(rule))
      out.push({
        field: field(i),
        message: `“${rule}” is not a rule of ${procedures}: not an action of this checklist`,
      });
  });
  return out;
}

/**
 * Children as one list (shapes and calendar), for callers that check a list of children on its own. Throws
 * InvalidInput naming `children[i]…`.
 */
export function checkChildren(today: string, children: ChildInputT[], opened?: string) {
  const parsed = parseInput(Children, children, "children");
  assertNone(childProblems(parsed, { today, opened }, (i) => `children[${i}]`));
}
