import { Hono, type Context } from "hono";
import type { AppContext } from "../app-context.js";
import { respond, wantsFragment } from "../http/respond.js";
import { csrfToken } from "../http/csrf.js";
import { HttpError, badRequest, notFound } from "../http/errors.js";
import { ask } from "../assistant/service.js";
import { pinnedVersions } from "../cases/service.js";
import { str } from "../cases/forms.js";
import { form, whoIs } from "./cases.js";
import { ChatBody, ChatPage, type ChatModel } from "../../views/chat.js";
import { emptyState, type ConversationState } from "../assistant/state.js";

export function chatRoutes(ctx: AppContext) {
  const app = new Hono();
  const model = (c: Context, state: ConversationState | undefined, extra: Partial<ChatModel> = {}): ChatModel => ({
    state,
    sets: ctx.library.sets,
    csrf: csrfToken(c),
    caseRef: state?.caseId ? ctx.store.get(state.caseId)?.reference : undefined,
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
      const rec = ctx.store.get(caseId);
      if (!rec) throw notFound(`There is no case “${caseId}”.`);
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
    const f = await form(c);
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
      if (!(e instanceof HttpError) || e.status >= 500) throw e;
      const state = input.conversationId ? ctx.conversations.get(input.conversationId) : undefined;
      return page(
        c,
        model(c, state, { error: e.message.replace(/^message: /, ""), draft: input.message }),
        e.status === 404 ? 404 : 400,
      );
    }
  });

  app.post("/chat/:id/save", async (c) => {
    const state = ctx.conversations.get(c.req.param("id"));
    if (!state) throw notFound("That conversation has expired; nothing was saved.");
    if (!state.set) throw badRequest("Choose a procedure set in the conversation before saving it as a case.");
    const f = await form(c);
    const reference = str(f, "reference");
    if (!reference || reference.length > 80)
      return page(
        c,
        model(c, state, {
          error: "Enter a case reference (80 characters or fewer) to save the conversation as a case.",
        }),
        400,
      );
    const children = state.children.map((ch) => ({ ...ch }));
    const rec = await ctx.store.create(
      { reference, procedures: state.set, versions: pinnedVersions(ctx, state.set), children, facts: state.facts },
      whoIs(c),
    );
    const at = new Date().toISOString();
    const saved = await ctx.store.update(rec.id, whoIs(c), "events from a conversation", (d) => {
      d.events = state.events.map((e, i) => ({
        ...e,
        id: `c${i}${rec.id.slice(0, 4)}`,
        recordedAt: at,
        recordedBy: whoIs(c),
      }));
      return { after: d.events };
    });
    return c.redirect(`/cases/${saved.id}`, 303);
  });

  return app;
}
