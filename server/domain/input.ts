/**
 * The shapes of what the domain accepts — dates, children, facts and events — validated with zod and reported
 * field by field. Shared by the API's request validation (server/plan/request.ts, routes) and by the stored
 * case file (server/store/schema.ts), so a case on disk holds exactly what the API accepts.
 */
import { z } from "zod";
import { isValidIso } from "./dates.js";
import { EVENT_FLAGS, EVENT_TYPES } from "./rules/schema.js";
import { InvalidInput } from "./errors.js";

export const isoDate = z.string({ error: "must be a date written YYYY-MM-DD" }).refine(isValidIso, {
  message:
    "must be a real date written YYYY-MM-DD, e.g. 2027-01-13 (day-first dates such as 13/01/2027 go in forms, not the API)",
});

export const OUTCOMES: Partial<Record<(typeof EVENT_TYPES)[number], string[]>> = {
  icpc_held: ["plan", "no_plan", "deferred"],
  rcpc_held: ["plan_continues", "plan_ended"],
};

export const ChildInput = z
  .object({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9 _.'-]{0,39}$/,
        "must be 1–40 letters, digits, spaces or - _ . ' (initials or a label, not a full name)",
      ),
    dateOfBirth: isoDate.optional(),
    ageYears: z.number().min(0).max(25).optional(),
    unborn: z.boolean().optional(),
    expectedDeliveryDate: isoDate.optional(),
    lookedAfter: z.boolean().optional(),
  })
  .strict();

const EventFields = z
  .object({
    type: z.enum(EVENT_TYPES, { error: `must be one of: ${EVENT_TYPES.join(", ")}` }),
    date: isoDate,
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour time HH:MM")
      .optional(),
    outcome: z.string().optional(),
    ...EVENT_FLAGS,
    grading: z.number().min(0).max(10).optional(),
  })
  .strict();

function checkEvent(e: z.infer<typeof EventFields>, ctx: z.RefinementCtx) {
  const allowed = OUTCOMES[e.type];
  if (e.outcome !== undefined && !allowed)
    ctx.addIssue({ code: "custom", path: ["outcome"], message: `a ${e.type} event has no outcome` });
  if (e.outcome !== undefined && allowed && !allowed.includes(e.outcome))
    ctx.addIssue({ code: "custom", path: ["outcome"], message: `must be one of: ${allowed.join(", ")}` });
  if (e.splitVote && e.type !== "icpc_held")
    ctx.addIssue({ code: "custom", path: ["splitVote"], message: "applies only to icpc_held" });
}

export const EventInput = EventFields.superRefine(checkEvent);
/** An event as a case stores it: who recorded it and when. */
export const StoredEventSchema = EventFields.extend({
  id: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
}).superRefine(checkEvent);

/** Case facts; with `agencyIds`, agencies must come from the catalogue (input), without, any id (stored files). */
export const FactsInput = (agencyIds?: string[]) =>
  z
    .object({
      nonResidentParent: z.boolean(),
      interpreterNeeded: z.boolean(),
      newCase: z.boolean(),
      allocatedInAssessmentService: z.boolean(),
      agencies: z.array(
        agencyIds
          ? z.enum(agencyIds as [string, ...string[]], { error: `must be among: ${agencyIds.join(", ")}` })
          : z.string(),
      ),
    })
    .partial()
    .strict();

export type ChildInputT = z.infer<typeof ChildInput>;
export type EventInputT = z.infer<typeof EventInput>;

/** "events[2].type" from a zod path. */
export const fieldName = (path: PropertyKey[]) =>
  path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );

/** A zod failure as InvalidInput: the message names the first field, the details list every problem. */
export function invalidInput(error: z.ZodError, prefix = ""): InvalidInput {
  const details = error.issues.map((i) => {
    const field = fieldName([...(prefix ? [prefix] : []), ...i.path]);
    const message =
      i.code === "unrecognized_keys" ? `unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` : i.message;
    return { field: field || "(body)", message };
  });
  const first = details[0]!;
  return new InvalidInput(first.field, `${first.field}: ${first.message}`, details);
}

/** Parses with a schema, throwing InvalidInput that names the field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw invalidInput(r.error);
  return r.data;
}

/** Checks across a list of children: dates of birth not after today, distinct ids. */
export function checkChildren(today: string, children: ChildInputT[]) {
  const seen = new Set<string>();
  children.forEach((c, i) => {
    const field = `children[${i}]`;
    if (c.dateOfBirth && c.dateOfBirth > today) {
      throw new InvalidInput(
        `${field}.dateOfBirth`,
        `${field}.dateOfBirth: ${c.dateOfBirth} is after today (${today}); for an unborn child give unborn: true and expectedDeliveryDate`,
        [{ field: `${field}.dateOfBirth`, message: "is in the future" }],
      );
    }
    if (seen.has(c.id))
      throw new InvalidInput(`${field}.id`, `${field}.id: “${c.id}” is used twice`, [
        { field: `${field}.id`, message: "duplicate" },
      ]);
    seen.add(c.id);
  });
}
