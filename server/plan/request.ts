/** Validates a plan request (POST /api/plan) with messages that name the field; the input shapes are the domain's. */
import { z } from "zod";
import { ChildInput, EventInput, FactsInput, isoDate } from "../domain/input.js";

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
