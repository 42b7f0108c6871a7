/** Validates a plan request (POST /api/plan and the case pages) with messages that name the field. */
import { z } from "zod";
import { isValidIso } from "../domain/dates.js";
import { EVENT_FLAGS, EVENT_TYPES } from "../domain/rules/schema.js";
import { badRequest } from "../http/errors.js";

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

export function planRequestSchema(agencyIds: string[]) {
  return z
    .object({
      procedures: z.string({ error: "is required: one of the procedure set ids" }),
      today: isoDate.optional(),
      children: z.array(ChildInput).max(20).default([]),
      facts: FactsInput(agencyIds).default({}),
      events: z.array(EventInput).max(5000).default([]),
      done: z.array(z.string().max(300)).max(5000).default([]),
    })
    .strict();
}

/** "events[2].type" from a zod path. */
export const fieldName = (path: PropertyKey[]) =>
  path.reduce<string>(
    (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    "",
  );

export function zodToBadRequest(error: z.ZodError, prefix = "") {
  const details = error.issues.map((i) => {
    const field = fieldName([...(prefix ? [prefix] : []), ...i.path]);
    const message =
      i.code === "unrecognized_keys" ? `unknown field${i.keys.length > 1 ? "s" : ""}: ${i.keys.join(", ")}` : i.message;
    return { field: field || "(body)", message };
  });
  const first = details[0]!;
  return badRequest(`${first.field}: ${first.message}`, details);
}

/** Checks that need the whole request: dates of birth not after today, distinct child ids. */
export function crossCheck(req: { today: string; children: ChildInputT[] }) {
  const seen = new Set<string>();
  req.children.forEach((c, i) => {
    if (c.dateOfBirth && c.dateOfBirth > req.today) {
      throw badRequest(
        `children[${i}].dateOfBirth: ${c.dateOfBirth} is after today (${req.today}); for an unborn child give unborn: true and expectedDeliveryDate`,
        [{ field: `children[${i}].dateOfBirth`, message: "is in the future" }],
      );
    }
    if (seen.has(c.id))
      throw badRequest(`children[${i}].id: “${c.id}” is used twice`, [
        { field: `children[${i}].id`, message: "duplicate" },
      ]);
    seen.add(c.id);
  });
}
