/** Validates a plan request (POST /api/plan) with messages that name the field; the input shapes are the domain's. */
import { z } from "zod";
import { ActionId, Children, EventInput, FactsInput, MAX_DONE, MAX_PLAN_EVENTS, isoDate } from "../domain/input.js";

export function planRequestSchema(agencyIds: string[]) {
  return z
    .object({
      procedures: z.string({ error: "is required: one of the procedure set ids" }).max(40),
      today: isoDate.optional(),
      children: Children.default([]),
      facts: FactsInput(agencyIds).default({}),
      events: z.array(EventInput).max(MAX_PLAN_EVENTS, `at most ${MAX_PLAN_EVENTS} events`).default([]),
      done: z.array(ActionId).max(MAX_DONE, `at most ${MAX_DONE} ids`).default([]),
    })
    .strict();
}
