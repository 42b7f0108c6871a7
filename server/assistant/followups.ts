/**
 * Follow-ups that lean on the last turn: "how did you get that?", "and then?", "same question for LLR",
 * "suppose the conference slipped a week", "no — the 9th". Read as data (patterns → kinds), so adding a
 * phrasing is adding a row (checklists/intents.yaml); what each kind does with the conversation's state is in compose.ts.
 */
import { setNamedIn, type GuidanceLibrary } from "../guidance/model.js";
import type { Vocabulary } from "../checklists/vocabulary.js";

export type FollowUp =
  | { kind: "explain" }
  | { kind: "next" }
  | { kind: "waiting" }
  | { kind: "switchSet"; set: string }
  | { kind: "shift"; days: number; event?: "icpc" | "rcpc" | "core_group" | "strategy" }
  | { kind: "correction" }
  | { kind: "sameIntent" };

const SHIFT =
  /\b(slipped|slips|slip|moved|moves|move|pushed back|pushed|delayed|put back|postponed|brought forward|was|is|been|happened|held)\s+(back\s+|forward\s+)?(by\s+)?(a|an|one|two|three|four|\d+)\s+(day|week|fortnight)s?\s*(later|earlier|back|forward|late|early)?/i;
const EVENT_NAMES: [RegExp, "icpc" | "rcpc" | "core_group" | "strategy"][] = [
  [/\b(rcpc|review)\b/gi, "rcpc"],
  [/\b(core group|cg)\b/gi, "core_group"],
  [/\bstrat(egy)?\b/gi, "strategy"],
  [/\b(icpc|conference|conf)\b/gi, "icpc"],
];
const lastIndex = (text: string, re: RegExp) => {
  let at = -1;
  for (const m of text.matchAll(re)) at = m.index;
  return at;
};
const NUMBERS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4 };

export function readFollowUp(
  message: string,
  lib: GuidanceLibrary,
  hasLast: boolean,
  phrasings: Vocabulary["followUps"],
): FollowUp | undefined {
  const text = message.trim();
  const shift = SHIFT.exec(text);
  if (shift && /\b(suppose|what if|if|say)\b/i.test(text)) {
    const n = NUMBERS[shift[4]!.toLowerCase()] ?? Number(shift[4]);
    const unit = shift[5]!.toLowerCase();
    const days = n * (unit === "week" ? 7 : unit === "fortnight" ? 14 : 1);
    const earlier = /brought forward|earlier|early|forward/i.test(shift[0]);
    // The event that moves is the one named just before the verb ("the ICPC had slipped a week … the review date?").
    const before = text.slice(0, shift.index);
    const named = EVENT_NAMES.map(([re, e]) => ({ e, at: lastIndex(before, re) }))
      .filter((x) => x.at >= 0)
      .sort((a, b) => b.at - a.at)[0];
    const event = named?.e;
    return { kind: "shift", days: earlier ? -days : days, ...(event ? { event } : {}) };
  }
  if (!hasLast) return undefined;
  const named = setNamedIn(lib, text);
  const words = text.split(/\s+/).length;
  if (named && (/\bsame\b|\bwhat about\b|\bhow about\b|^and\b|\bthere\b|\binstead\b/i.test(text) || words <= 5))
    return { kind: "switchSet", set: named.set };
  for (const { re, kind } of phrasings) if (re.test(text)) return { kind } as FollowUp;
  return undefined;
}
