/** Spelling correction against the corpus's own vocabulary: "wen is the reveiw" → "when is the review". */
import { STOPWORDS, normalize } from "./text.js";

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2.splice(0, prev2.length, ...prev);
    prev = cur;
  }
  return prev[b.length]!;
}

export class Speller {
  private readonly freq = new Map<string, number>();
  private readonly sorted: string[];

  constructor(texts: Iterable<string>, extraWords: Iterable<string> = []) {
    for (const t of texts)
      for (const w of normalize(t).split(/[^a-z0-9]+/)) if (w) this.freq.set(w, (this.freq.get(w) ?? 0) + 1);
    for (const w of [...STOPWORDS, ...extraWords])
      for (const x of normalize(w).split(/[^a-z0-9]+/)) if (x && !this.freq.has(x)) this.freq.set(x, 1);
    this.sorted = [...this.freq.keys()].sort();
  }

  known(word: string): boolean {
    return this.freq.has(word);
  }

  /** True when some vocabulary word starts with `word` (an abbreviation or a word being typed). */
  isPrefix(word: string): boolean {
    let lo = 0,
      hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < word) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.sorted.length && this.sorted[lo]!.startsWith(word);
  }

  /** The most frequent vocabulary word closest to `word`, or undefined when it is known, numeric, a prefix or has no close match. */
  suggest(word: string): string | undefined {
    if (word.length < 3 || /\d/.test(word) || this.known(word) || this.isPrefix(word)) return undefined;
    const max = word.length <= 5 ? 1 : 2;
    let best: { w: string; d: number; f: number } | undefined;
    for (const [w, f] of this.freq) {
      if (Math.abs(w.length - word.length) > max) continue;
      const d = editDistance(word, w, max);
      if (d > max) continue;
      if (!best || d < best.d || (d === best.d && f > best.f)) best = { w, d, f };
    }
    return best?.w;
  }

  /** The query with each unknown word replaced by its correction; `changed` says whether anything was replaced. */
  correct(query: string): { text: string; changed: boolean } {
    let changed = false;
    const text = query.replace(/[A-Za-z][A-Za-z']*/g, (w) => {
      const s = this.suggest(normalize(w));
      if (!s) return w;
      changed = true;
      return s;
    });
    return { text, changed };
  }
}
