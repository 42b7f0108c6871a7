/** Loads content and builds the search index: everything the app needs before it can answer. */
import type { AppContext } from "./app-context.js";
import { loadLibrary } from "./guidance/load.js";
import { GuidanceSearch } from "./search/index.js";
import { londonToday } from "./domain/dates.js";

export function buildContext(guidanceDir: string, today: () => string = () => londonToday()): AppContext {
  const library = loadLibrary(guidanceDir);
  return { library, search: new GuidanceSearch(library), today };
}
