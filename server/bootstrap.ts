/** Loads content and rules and builds the search index: everything the app needs before it can answer. */
import type { AppContext } from "./app-context.js";
import { loadLibrary } from "./guidance/load.js";
import { GuidanceSearch } from "./search/index.js";
import { londonToday } from "./domain/dates.js";
import { loadChecklists, SHIPPED_CHECKLISTS } from "./checklists/load.js";
import type { CaseStore } from "./store/store.js";
import { type ConversationLimits, ConversationStore } from "./assistant/conversations.js";
import { FileFeedbackStore, type FeedbackStore } from "./feedback/store.js";

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
}

export function buildContext(opts: ContextOptions): AppContext {
  const library = loadLibrary(opts.guidanceDir);
  // Rules live beside the text they quote (guidance/<set>/<document>/<version>.rules.yaml); checklists/ holds the vocabulary.
  const checklists = loadChecklists(opts.guidanceDir, library, {
    vocabularyDir: opts.checklistsDir ?? SHIPPED_CHECKLISTS,
  });
  const conversations = new ConversationStore(
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
    today: opts.today ?? (() => londonToday()),
  };
  return ctx;
}
