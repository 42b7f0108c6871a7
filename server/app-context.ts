/** What routes need, built once at startup and passed in (no module-level state, so tests build their own). */
import type { GuidanceLibrary } from "./guidance/model.js";
import type { GuidanceSearch } from "./search/index.js";
import type { Checklists } from "./checklists/load.js";
import type { CaseStore } from "./store/store.js";
import type { ConversationStore } from "./assistant/conversations.js";

export interface AppContext {
  library: GuidanceLibrary;
  search: GuidanceSearch;
  checklists: Checklists;
  store: CaseStore;
  conversations: ConversationStore;
  /** Today's date in Europe/London; injectable so tests and trainers can fix the date. */
  today: () => string;
}
