/** Timescale coverage: stub. */
import type { GuidanceLibrary } from "../guidance/model.js";
import type { Checklists } from "./load.js";
export function coverageProblems(_lib: GuidanceLibrary, _c: Checklists): string[] {
  return [];
}
