import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { httpErrorOf } from "../http/errors.js";
import { readForm, whoIs } from "../http/request.js";
import { placementOf } from "../auth/middleware.js";
import { NotFound } from "../domain/errors.js";
import { aboutConversation, ask } from "../assistant/service.js";
import { getCase } from "../cases/service.js";
import { saveConversationAsCase } from "../cases/mutations.js";
import { str } from "../cases/forms.js";
import { citeSource } from "../guidance/cite.js";
import { ChatBody, ChatPage, type ChatModel } from "../../views/chat.js";
import { repliesAnswered, replyKey } from "../feedback/record.js";
import { emptyState, type ConversationState } from "../assistant/state.js";

export function chatRoutes(ctx: AppContext) {
  const app = new Hono();
  /** References of the cases conversations are about, read before a page is made (the model is made synchronously). */
  const caseRefs = new Map<string, string>();
  const knowCase = async (state: ConversationState | undefined) => {
    if (!state?.caseId || caseRefs.has(state.caseId)) return;
    const rec = await ctx.store.get(state.caseId);
    if (rec) caseRefs.set(state.caseId, rec.reference);
    if (caseRefs.size > 1000) caseRefs.delete(caseRefs.keys().next().value!);
  };
  const model = (c: Context, state: ConversationState | undefined, extra: Partial<ChatModel> = {}): ChatModel => ({
    state,
    sets: ctx.library.sets,
    csrf: csrfToken(c),
    caseRef: state?.caseId ? caseRefs.get(state.caseId) : undefined,
    about: state ? aboutConversation(ctx, state) : undefined,
    cite: (src) => citeSource(ctx.library, src, state?.set).label,
    feedbackSent: (at) => (state?.id ? repliesAnswered(ctx).get(replyKey(state.id, at)) : undefined),
    ...extra,
  });
  const page = (c: Context, m: ChatModel, status: 200 | 400 | 404 = 200) =>
    respond(c, {
      title: m.error ? "Error: Ask Pathway" : "Ask Pathway",
      nav: "chat",
      status,
      body: () => <ChatPage m={m} />,
      fragment: () => <ChatBody m={m} />,
    });

  app.get("/chat", async (c) => {
    const id = c.req.query("c");
    const state = id ? await ctx.conversations.get(id) : undefined;
    if (id && !state)
      return page(
        c,
        model(c, undefined, { error: "That conversation has expired or does not exist. Start a new one below." }),
        404,
      );
    const caseId = c.req.query("case");
    if (caseId && !state) {
      const rec = await getCase(ctx, caseId);
      // Not stored until the first message: a page view should not start a conversation.
      const draft: ConversationState = {
        ...emptyState("", new Date().toISOString()),
        caseId: rec.id,
        set: rec.procedures,
      };
      return page(c, model(c, draft, { caseRef: rec.reference }));
    }
    await knowCase(state);
    return page(c, model(c, state));
  });

  app.post("/chat", async (c) => {
    const f = await readForm(c);
    const input = {
      message: str(f, "message"),
      conversationId: str(f, "conversationId") || undefined,
      procedures: str(f, "procedures") || undefined,
      caseId: str(f, "caseId") || undefined,
    };
    try {
      const { conversation } = await ask(ctx, input);
      if (!wantsFragment(c)) return c.redirect(`/chat?c=${conversation.id}`, 303);
      await knowCase(conversation);
      return page(c, model(c, conversation));
    } catch (e) {
      // Bad input is answered on the chat page, with what was typed kept; anything else goes to the error handler.
      const known = httpErrorOf(e);
      if (!known || known.status >= 500) throw e;
      const state = input.conversationId ? await ctx.conversations.get(input.conversationId) : undefined;
      await knowCase(state);
      return page(
        c,
        model(c, state, { error: known.message.replace(/^message: /, ""), draft: input.message }),
        known.status === 404 ? 404 : 400,
      );
    }
  });

  app.post("/chat/:id/save", async (c) => {
    const state = await ctx.conversations.get(c.req.param("id"));
    if (!state) throw new NotFound("conversation", "That conversation has expired; nothing was saved.");
    await knowCase(state);
    const reference = str(await readForm(c), "reference");
    if (!reference) {
      const error = "Enter a case reference (80 characters or fewer) to save the conversation as a case.";
      return page(c, model(c, state, { error }), 400);
    }
    try {
      // Checked whole by the same gate as the API and the forms; nothing is written if anything fails.
      const saved = await saveConversationAsCase(ctx, state, reference, whoIs(c), placementOf(c));
      return c.redirect(`/cases/${saved.id}`, 303);
    } catch (e) {
      const known = httpErrorOf(e);
      if (!known || known.status >= 500 || known.status === 409) throw e;
      return page(c, model(c, state, { error: known.message }), 400);
    }
  });

  return app;
}
