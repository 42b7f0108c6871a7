/** Loads content and rules and builds the search index: everything the app needs before it can answer. */
import { fileURLToPath } from "node:url";
import type { AppContext } from "./app-context.js";
import { loadLibrary } from "./guidance/load.js";
import { GuidanceSearch } from "./search/index.js";
import { londonToday } from "./domain/dates.js";
import { loadChecklists } from "./checklists/load.js";
import type { CaseStore } from "./store/store.js";
import { ConversationStore } from "./assistant/conversations.js";

export const SHIPPED_CHECKLISTS = fileURLToPath(new URL("../checklists", import.meta.url));

export interface ContextOptions {
  guidanceDir: string;
  store: CaseStore;
  /** Where conversations are kept (DATA_DIR); a temp folder when not given. */
  dataDir: string;
  conversationTtlHours?: number;
  today?: () => string;
  checklistsDir?: string;
}

export function buildContext(opts: ContextOptions): AppContext {
  const library = loadLibrary(opts.guidanceDir);
  const checklists = loadChecklists(
    opts.checklistsDir ?? SHIPPED_CHECKLISTS,
    library.sets.map((s) => s.id),
  );
  const conversations = new ConversationStore(opts.dataDir, (opts.conversationTtlHours ?? 12) * 3_600_000);
  return {
    library,
    search: new GuidanceSearch(library),
    checklists,
    store: opts.store,
    conversations,
    today: opts.today ?? (() => londonToday()),
  };
}
