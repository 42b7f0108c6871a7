/** Golden cases (guidance/<set>/golden-cases.yaml): stub, filled in below. */
import type { GuidanceLibrary } from "../guidance/model.js";
import type { Checklists } from "./load.js";
export function goldenProblems(_root: string, _lib: GuidanceLibrary, _c: Checklists): string[] {
  return [];
}
