/** Loads content and rules and builds the search index: everything the app needs before it can answer. */
import { fileURLToPath } from "node:url";
import type { AppContext } from "./app-context.js";
import { loadLibrary } from "./guidance/load.js";
import { GuidanceSearch } from "./search/index.js";
import { londonToday } from "./domain/dates.js";
import { loadChecklists } from "./checklists/load.js";

export const SHIPPED_CHECKLISTS = fileURLToPath(new URL("../checklists", import.meta.url));

export function buildContext(guidanceDir: string, today: () => string = () => londonToday(), checklistsDir = SHIPPED_CHECKLISTS): AppContext {
  const library = loadLibrary(guidanceDir);
  const checklists = loadChecklists(checklistsDir, library.sets.map((s) => s.id));
  return { library, search: new GuidanceSearch(library), checklists, today };
}
