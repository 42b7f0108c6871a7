/** Loads content and rules and builds the search index: everything the app needs before it can answer. */
import type { AppContext } from "./app-context.js";
import { loadLibrary } from "./guidance/load.js";
import { GuidanceSearch } from "./search/index.js";
import { londonToday } from "./domain/dates.js";
import { loadChecklists, SHIPPED_CHECKLISTS } from "./checklists/load.js";
import type { CaseStore } from "./store/store.js";
import { type ConversationLimits, ConversationStore, type Conversations } from "./assistant/conversations.js";
import { summariserFor } from "./cases/summary.js";
import { FileFeedbackStore, type FeedbackStore } from "./feedback/store.js";
import { loadScenarios } from "./scenarios/service.js";

export { SHIPPED_CHECKLISTS } from "./checklists/load.js";

export interface ContextOptions {
  guidanceDir: string;
  store: CaseStore;
  /** Where conversations are kept (DATA_DIR); a temp folder when not given. */
  dataDir: string;
  conversationTtlHours?: number;
  /** Caps on stored conversations (count, turns, bytes); defaults in assistant/conversations.ts. */
  conversationLimits?: Partial<ConversationLimits>;
  today?: () => string;
  checklistsDir?: string;
  /** Defaults to DATA_DIR/feedback.jsonl. */
  feedback?: FeedbackStore;
  /** Shipped training scenarios; defaults to checklists/scenarios. */
  scenariosDir?: string;
  /** Defaults to DATA_DIR/conversations/ (PostgreSQL when DATABASE_URL is set: server/store/open.ts). */
  conversations?: Conversations;
}

export function buildContext(opts: ContextOptions): AppContext {
  const library = loadLibrary(opts.guidanceDir);
  // Rules live beside the text they quote (guidance/<set>/<document>/<version>.rules.yaml); checklists/ holds the vocabulary.
  const checklists = loadChecklists(opts.guidanceDir, library, {
    vocabularyDir: opts.checklistsDir ?? SHIPPED_CHECKLISTS,
  });
  const conversations =
    opts.conversations ??
    new ConversationStore(
      opts.dataDir,
      (opts.conversationTtlHours ?? 12) * 3_600_000,
      undefined,
      opts.conversationLimits,
    );
  const ctx: AppContext = {
    library,
    search: new GuidanceSearch(library),
    guidanceDir: opts.guidanceDir,
    reloadGuidance: () => {
      // Build both before swapping either, so a request never sees a library with another library's index.
      const next = loadLibrary(opts.guidanceDir);
      const search = new GuidanceSearch(next);
      ctx.library = next;
      ctx.search = search;
    },
    feedback: opts.feedback ?? new FileFeedbackStore(opts.dataDir),
    checklists,
    store: opts.store,
    conversations,
    scenarios: loadScenarios({ library, checklists, dataDir: opts.dataDir, shippedDir: opts.scenariosDir }),
    today: opts.today ?? (() => londonToday()),
    storeReady: Promise.resolve(),
  };
  // The case list reads per-case summaries the store keeps; the store works them out with the app's rules.
  ctx.storeReady = opts.store.attach(summariserFor(ctx));
  ctx.storeReady.catch(() => {}); // awaited by main.ts; a test that never awaits it is not an unhandled rejection
  return ctx;
}
