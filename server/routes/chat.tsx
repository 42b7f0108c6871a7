import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { httpErrorOf } from "../http/errors.js";
import { readForm, whoIs } from "../http/request.js";
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
  const model = (c: Context, state: ConversationState | undefined, extra: Partial<ChatModel> = {}): ChatModel => ({
    state,
    sets: ctx.library.sets,
    csrf: csrfToken(c),
    caseRef: state?.caseId ? ctx.store.get(state.caseId)?.reference : undefined,
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

  app.get("/chat", (c) => {
    const id = c.req.query("c");
    const state = id ? ctx.conversations.get(id) : undefined;
    if (id && !state)
      return page(
        c,
        model(c, undefined, { error: "That conversation has expired or does not exist. Start a new one below." }),
        404,
      );
    const caseId = c.req.query("case");
    if (caseId && !state) {
      const rec = getCase(ctx, caseId);
      // Not stored until the first message: a page view should not start a conversation.
      const draft: ConversationState = {
        ...emptyState("", new Date().toISOString()),
        caseId: rec.id,
        set: rec.procedures,
      };
      return page(c, model(c, draft, { caseRef: rec.reference }));
    }
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
      return page(c, model(c, conversation));
    } catch (e) {
      // Bad input is answered on the chat page, with what was typed kept; anything else goes to the error handler.
      const known = httpErrorOf(e);
      if (!known || known.status >= 500) throw e;
      const state = input.conversationId ? ctx.conversations.get(input.conversationId) : undefined;
      return page(
        c,
        model(c, state, { error: known.message.replace(/^message: /, ""), draft: input.message }),
        known.status === 404 ? 404 : 400,
      );
    }
  });

  app.post("/chat/:id/save", async (c) => {
    const state = ctx.conversations.get(c.req.param("id"));
    if (!state) throw new NotFound("conversation", "That conversation has expired; nothing was saved.");
    const reference = str(await readForm(c), "reference");
    if (!reference || reference.length > 80) {
      const error = "Enter a case reference (80 characters or fewer) to save the conversation as a case.";
      return page(c, model(c, state, { error }), 400);
    }
    const saved = await saveConversationAsCase(ctx, state, reference, whoIs(c));
    return c.redirect(`/cases/${saved.id}`, 303);
  });

  return app;
}
