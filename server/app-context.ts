/** What routes need, built once at startup and passed in (no module-level state, so tests build their own). */
import type { GuidanceLibrary } from "./guidance/model.js";
import type { GuidanceSearch } from "./search/index.js";
import type { Checklists } from "./checklists/load.js";
import type { CaseStore } from "./store/store.js";
import type { Conversations } from "./assistant/conversations.js";
import type { FeedbackStore } from "./feedback/store.js";
import type { ScenarioLibrary } from "./scenarios/library.js";

export interface AppContext {
  /**
   * The guidance and its search index. Both are replaced by `reloadGuidance()` (after the question bank is
   * taught a question): read them from the context at call time, never keep a copy.
   */
  library: GuidanceLibrary;
  search: GuidanceSearch;
  /** The folder the guidance was loaded from (the question bank files live there). */
  guidanceDir: string;
  /** Reloads the guidance and rebuilds the search index; the old ones stay in use if loading fails (it throws). */
  reloadGuidance: () => void;
  /** "Did this answer your question?" and questions not answered well (DATA_DIR/feedback.jsonl). */
  feedback: FeedbackStore;
  checklists: Checklists;
  store: CaseStore;
  conversations: Conversations;
  /**
   * Resolves once the case store has the summariser (the case list's summaries): cases never summarised are
   * summarised first. Stale summaries are remade in the background after that.
   */
  storeReady: Promise<void>;
  /** Training scenarios: shipped (read-only) and saved in DATA_DIR/scenarios. Never cases. */
  scenarios: ScenarioLibrary;
  /** Today's date in Europe/London; injectable so tests and trainers can fix the date. */
  today: () => string;
}
