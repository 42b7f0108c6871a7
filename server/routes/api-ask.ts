import { Hono } from "hono";
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import { readJson } from "../http/body.js";
import { isoDate, parseInput } from "../domain/input.js";
import { ask, MAX_MESSAGE } from "../assistant/service.js";

const AskBody = z
  .object({
    message: z
      .string({ error: "is required: what you want to ask or tell" })
      .max(MAX_MESSAGE, `must be ${MAX_MESSAGE} characters or fewer`),
    conversationId: z.string().max(64).optional(),
    procedures: z.string().max(40).optional(),
    caseId: z.string().max(64).optional(),
    today: isoDate.optional(),
  })
  .strict();

export function askApi(ctx: AppContext) {
  const app = new Hono();
  app.post("/api/ask", async (c) => {
    const { conversation, reply } = await ask(ctx, parseInput(AskBody, await readJson(c)));
    return c.json({
      conversationId: conversation.id,
      reply: {
        text: reply.text,
        sources: reply.sources,
        ...(reply.actions?.length ? { actions: reply.actions } : {}),
        ...(reply.suggestions?.length ? { suggestions: reply.suggestions } : {}),
        ...(reply.links?.length ? { links: reply.links } : {}),
        ...(reply.confident === false ? { confident: false } : {}),
      },
    });
  });
  return app;
}
