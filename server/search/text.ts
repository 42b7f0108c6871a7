/**
 * How text becomes search terms. Practitioners type abbreviations (ICPC, s47, CG), plurals and question words;
 * procedures spell things out. Both sides go through the same pipeline, and every glossary synonym family and
 * every stated timescale adds a marker term (`zz…`), so "ICPC" finds "initial child protection conference"
 * and "when is…" questions favour passages that state a timescale.
 */
import { stemmer } from "stemmer";
import type { GlossaryEntry, Phrasing } from "../guidance/model.js";

export const MARKER = "zz";
export const TIMESCALE_TERM = `${MARKER}timescale`;

export const STOPWORDS = new Set(
  (
    "a about above again all am an and any are as at be been being below both but by can could did do does doing " +
    "down during each few for from further had has have having he her here hers him his how i if in into is it its itself just " +
    "me more most my no nor not now of off on once only or other our out over own same she should so some such than that the their " +
    "them then there these they this those through to too under until up very was we were what when where which while who whom why " +
    "will with would you your yours need needs must may might shall also get got does done happen happens"
  ).split(" "),
);

export function normalize(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .toLowerCase();
}

export const words = (s: string): string[] =>
  normalize(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const NUMBER = String.raw`(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty(?:[- ]one)?|twenty[- ]eight|thirty[- ]five|forty[- ]five)`;
const TIMESCALE_IN_TEXT = new RegExp(
  String.raw`\b${NUMBER}\s*(?:working\s+)?(?:days?|weeks?|months?|hours?)\b|\bday\s+\d+\b|\b\d+(?:st|nd|rd|th)\s+day\b|\bweekly\b|\bmonthly\b`,
);
const TIMESCALE_IN_QUERY =
  /\b(when|how soon|how long|how often|how quickly|deadline|deadlines|timescale|timescales|timeframe|time limit|due|frequency|frequent|by when|how many days|days?|weeks?|months?|hours?|date|dates|late|overdue)\b/;

function phrasePattern(phrase: string): string {
  return `${normalize(phrase)
    .split(/[\s\-./]+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(String.raw`[\s\-./']*`)}(?:s|es|'s)?`; // plurals and possessives: "conferences", "child's"
}

export interface Analyzer {
  /** Terms for indexing or querying a text: surface words plus marker terms. */
  tokenize(text: string, kind: "document" | "query"): string[];
  /** Stem a surface word; null drops it (stop words). Marker terms pass through. */
  processTerm(term: string): string | null;
  /** Which glossary entries a text mentions. */
  glossaryMatches(text: string): GlossaryEntry[];
}

const anyPhrase = (phrases: string[]) =>
  new RegExp(`(?:^|[^a-z0-9])(?:${phrases.map(phrasePattern).join("|")})(?![a-z0-9])`);

export function createAnalyzer(glossary: GlossaryEntry[], phrasings: Phrasing[] = []): Analyzer {
  const rewrites = phrasings.map((p) => ({ re: anyPhrase(p.phrases), expands: p.expands.flatMap(words) }));
  const families = glossary.filter((g) => g.synonyms.length > 0).map((g) => ({ entry: g, re: anyPhrase(g.synonyms) }));
  const glossaryMatches = (text: string) => {
    const n = normalize(text);
    return families.filter((f) => f.re.test(n)).map((f) => f.entry);
  };
  return {
    glossaryMatches,
    tokenize(text, kind) {
      const n = normalize(text);
      const terms = n.split(/[^a-z0-9]+/).filter(Boolean);
      // "co-operate" and "cooperate", "pre-birth" and "prebirth": index the joined form too.
      for (const m of n.matchAll(/\b([a-z]{2,})-([a-z]{2,})\b/g)) terms.push(m[1]! + m[2]!);
      for (const f of families) if (f.re.test(n)) terms.push(`${MARKER}${f.entry.id}`);
      if (kind === "query") for (const r of rewrites) if (r.re.test(n)) terms.push(...r.expands);
      const timed = kind === "document" ? TIMESCALE_IN_TEXT.test(n) : TIMESCALE_IN_QUERY.test(n);
      if (timed) terms.push(TIMESCALE_TERM);
      return terms;
    },
    processTerm(term) {
      if (term.startsWith(MARKER)) return term;
      if (STOPWORDS.has(term)) return null;
      return stemmer(term);
    },
  };
}
