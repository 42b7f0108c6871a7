import type { SourceRef } from "../domain/types.js";

/** Each quoted paragraph once, in the order first given. */
export const uniqueSources = (list: SourceRef[]) =>
  list.filter((s, i) => list.findIndex((x) => x.url === s.url && x.quote === s.quote) === i);
