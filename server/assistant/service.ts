/** One turn of a conversation: load or start it, take the message, answer, remember, save. */
import type { AppContext } from "../app-context.js";
import { InvalidInput, NotFound } from "../domain/errors.js";
import { assertNone, todayProblems } from "../domain/input.js";
import { findSet } from "../guidance/model.js";
import { caseAttention, getCase, needsAttention } from "../cases/service.js";
import { Composer, type Reply } from "./compose.js";
import type { ConversationState } from "./state.js";
import { getOrMake } from "../domain/memo.js";
import { recordAsked } from "../feedback/record.js";
import { passageRefFromUrl } from "../feedback/model.js";

export const MAX_MESSAGE = 2000;

export interface AskInput {
  message: string;
  conversationId?: string;
  procedures?: string;
  caseId?: string;
  today?: string;
}

const composers = new WeakMap<AppContext, Composer>();

export async function ask(
  ctx: AppContext,
  input: AskInput,
): Promise<{ conversation: ConversationState; reply: Reply }> {
  const message = input.message.trim();
  if (!message)
    throw new InvalidInput("message", "message: type a question or what has happened.", [
      { field: "message", message: "is empty" },
    ]);
  if (message.length > MAX_MESSAGE)
    throw new InvalidInput("message", `message: keep it under ${MAX_MESSAGE} characters (it has ${message.length}).`, [
      { field: "message", message: "too long" },
    ]);
  if (input.procedures && !findSet(ctx.library, input.procedures))
    throw new NotFound(
      "procedure set",
      `procedures: unknown procedure set “${input.procedures}”. Known sets: ${ctx.library.sets.map((s) => s.id).join(", ")}.`,
    );
  // A `today` to ask as of: within the same bounds as /api/plan's.
  if (input.today) assertNone(todayProblems(input.today, ctx.today()));
  let state: ConversationState;
  if (input.conversationId) {
    const found = await ctx.conversations.get(input.conversationId);
    if (!found)
      throw new NotFound(
        "conversation",
        `conversationId: there is no conversation “${input.conversationId}” (conversations expire after a while). Start a new one without a conversationId.`,
      );
    state = structuredClone(found);
  } else state = ctx.conversations.create();
  if (input.caseId && state.caseId !== input.caseId) {
    const c = await getCase(ctx, input.caseId);
    // A case needing attention has nothing sound to answer from: it is corrected on its page first.
    const problems = caseAttention(ctx, c);
    if (problems) throw needsAttention(c, problems);
    Object.assign(state, {
      caseId: c.id,
      set: c.procedures,
      children: structuredClone(c.children),
      facts: structuredClone(c.facts),
      events: c.events.map(({ id: _i, recordedAt: _r, recordedBy: _b, ...e }) => e),
    });
  }
  if (input.procedures) state.set = input.procedures;
  const composer = getOrMake(composers, ctx, () => new Composer(ctx));
  const today = input.today ?? ctx.today();
  const at = new Date().toISOString();
  state.history.push({ from: "user", text: message, at });
  const reply = composer.answer(state, message, today);
  const top = reply.sources[0] && passageRefFromUrl(reply.sources[0].url);
  void recordAsked(ctx, {
    query: message,
    set: state.set,
    ...(top ? { top } : {}),
    confident: reply.confident !== false,
  });
  state.history.push({
    from: "assistant",
    text: reply.text,
    at,
    sources: reply.sources,
    ...(reply.links ? { links: reply.links } : {}),
    ...(reply.suggestions ? { suggestions: reply.suggestions } : {}),
  });
  if (state.history.length > 200) state.history.splice(0, state.history.length - 200);
  await ctx.conversations.save(state);
  return { conversation: state, reply };
}

/** What the conversation is about, in words for the "What I have understood" panel. */
export function aboutConversation(
  ctx: AppContext,
  state: ConversationState,
): { role?: string; topics: string[]; agency: boolean } {
  const role = state.role ? ctx.checklists.vocabulary.roles.find((r) => r.id === state.role)?.label : undefined;
  const topics = (state.last?.topics ?? [])
    .map((t) => ctx.checklists.catalogue.duties.find((d) => d.id === t)?.label)
    .filter((x): x is string => Boolean(x));
  // Agency staff hold no cases here: their part is on the duties page, so the chat offers no "Save as case".
  const agency = !!state.role && ctx.checklists.catalogue.agencies.some((a) => a.id === state.role);
  return { ...(role ? { role } : {}), topics, agency };
}
