/** The procedures lead's view of feedback: one group per question (same words), newest first, with counts. */
import {
  NEEDS_REVIEW,
  groupId,
  queryKey,
  type FeedbackItem,
  type FeedbackLine,
  type PassageRef,
  type Resolution,
  type Signal,
} from "./model.js";

export interface FeedbackGroup {
  id: string;
  key: string;
  /** The question as most recently typed. */
  query: string;
  /** Records still to review, by signal. */
  counts: Partial<Record<Signal, number>>;
  open: number;
  kinds: ("search" | "ask")[];
  /** Sets the question was limited to (empty: all sets, or none said). */
  sets: string[];
  /** Time of the newest record still to review (or of the newest record, once all are dealt with). */
  last: string;
  /** The passage that came top the last time. */
  top?: PassageRef;
  resolution?: Resolution;
}

export interface FeedbackSummary {
  groups: FeedbackGroup[];
  yes: number;
  no: number;
}

export function summarise(lines: readonly FeedbackLine[]): FeedbackSummary {
  const resolvedAt = new Map<string, Resolution>();
  for (const l of lines) if (l.type === "resolved") resolvedAt.set(l.key, l);
  const groups = new Map<string, FeedbackGroup>();
  let yes = 0;
  let no = 0;
  for (const l of lines) {
    if (l.type !== "feedback") continue;
    if (l.signal === "yes") yes++;
    if (l.signal === "no") no++;
    if (!NEEDS_REVIEW.has(l.signal)) continue;
    const key = queryKey(l.query);
    if (!key) continue;
    const g = groups.get(key) ?? newGroup(key, l);
    groups.set(key, g);
    const resolution = resolvedAt.get(key);
    if (resolution) g.resolution = resolution;
    g.query = l.query;
    if (l.top) g.top = l.top;
    else if (l.signal === "no-results") delete g.top;
    if (!g.kinds.includes(l.kind)) g.kinds.push(l.kind);
    for (const s of l.sets) if (!g.sets.includes(s)) g.sets.push(s);
    if (resolution && resolution.at >= l.at) {
      if (!g.open) g.last = l.at;
      continue;
    }
    g.counts[l.signal] = (g.counts[l.signal] ?? 0) + 1;
    g.open++;
    g.last = l.at;
  }
  return { groups: [...groups.values()].sort((a, b) => (a.last < b.last ? 1 : a.last > b.last ? -1 : 0)), yes, no };
}

function newGroup(key: string, l: FeedbackItem): FeedbackGroup {
  return { id: groupId(key), key, query: l.query, counts: {}, open: 0, kinds: [], sets: [], last: l.at };
}

export const openGroups = (s: FeedbackSummary): FeedbackGroup[] => s.groups.filter((g) => g.open > 0);
export const findGroup = (s: FeedbackSummary, id: string): FeedbackGroup | undefined =>
  s.groups.find((g) => g.id === id);
