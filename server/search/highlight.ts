/** Marks the words of a passage that match the query (same stemming as the index), escaping everything else. */
import { escapeHtml } from "../guidance/markdown.js";
import { normalize, type Analyzer } from "./text.js";

export function highlighter(analyzer: Analyzer, query: string): (text: string) => string {
  const stems = new Set<string>();
  for (const w of normalize(query).split(/[^a-z0-9]+/)) {
    const s = w ? analyzer.processTerm(w) : null;
    if (s) stems.add(s);
  }
  const matches = (word: string) => {
    const s = analyzer.processTerm(normalize(word));
    if (!s) return false;
    if (stems.has(s)) return true;
    for (const q of stems) if (q.length >= 3 && s.startsWith(q)) return true;
    return false;
  };
  return (text) =>
    text
      .split(/([A-Za-z0-9\u00C0-\u024F’']+)/)
      .map((part, i) => (i % 2 === 1 && matches(part) ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part)))
      .join("");
}
