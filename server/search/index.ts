/**
 * Passage search, chosen by measurement (README, `npm run bench`): BM25 over one-paragraph passages, with
 * glossary and timescale marker terms and practitioners' phrasings, puts an accepted passage in the top 3
 * for every development question, where Fuse.js (fuzzy string scoring, slow on long passages) manages about
 * half. Typos are corrected against the corpus's own words before searching; prefix matching covers
 * abbreviations and the word still being typed.
 */
import {
  currentVersion,
  passageUrl,
  type DocumentVersion,
  type GuidanceLibrary,
  type Passage,
  setNamedIn,
} from "../guidance/model.js";
import { Bm25Index, type TermSpec } from "./bm25.js";
import { Speller } from "./spelling.js";
import { MARKER, createAnalyzer, type Analyzer } from "./text.js";

/** Weight of the question bank field against the passage text (1): measured on our probe set. */
const QUESTION_BOOST = 1;
/** Weight of the single closest bank question (0.5–2 measured within a point of each other on held-out questions). */
const BEST_QUESTION_WEIGHT = 1;

export interface SearchHit {
  procedures: string;
  document: string;
  documentTitle: string;
  version: string;
  section: string;
  heading: string;
  text: string;
  url: string;
  score: number;
  reviewDue?: string;
  /** The duty the passage's question bank entry names, when it names one. */
  duty?: string;
}

export interface SearchOutcome {
  query: string;
  /** The query actually searched, when spelling correction changed it. */
  correctedQuery?: string;
  results: SearchHit[];
}

export interface SearchOptions {
  procedures?: string[];
  limit?: number;
}

export class GuidanceSearch {
  private readonly index: Bm25Index;
  /** One document per question-bank question, pointing back at its passage (`questionOwner`). */
  private readonly questionIndex: Bm25Index;
  private readonly questionOwner: number[] = [];
  private readonly entries: { passage: Passage; version: DocumentVersion }[] = [];
  readonly analyzer: Analyzer;
  readonly speller: Speller;

  /** Only each document's current version is searched: older versions stay readable by link. */
  constructor(
    private readonly lib: GuidanceLibrary,
    extra: { passage: Passage; version: DocumentVersion }[] = [],
  ) {
    this.analyzer = createAnalyzer(lib.glossary, lib.phrasings);
    for (const set of lib.sets)
      for (const doc of set.documents) {
        const version = currentVersion(doc);
        for (const passage of version.passages) this.entries.push({ passage, version });
      }
    this.entries.push(...extra);
    const terms = (text: string) => this.analyze(text, "document");
    this.index = new Bm25Index(
      [
        { name: "text", boost: 1 },
        { name: "heading", boost: 0.6 },
        { name: "questions", boost: QUESTION_BOOST },
      ],
      this.entries.map((e) => [
        terms(e.passage.text),
        terms([e.version.title, ...e.passage.headingPath].join(" ")),
        e.passage.staleQuestions ? [] : terms((e.passage.questions ?? []).join("\n")),
      ]),
    );
    const questions: string[][][] = [];
    this.entries.forEach((e, i) => {
      if (e.passage.staleQuestions) return;
      for (const q of e.passage.questions ?? []) {
        questions.push([terms(q)]);
        this.questionOwner.push(i);
      }
    });
    this.questionIndex = new Bm25Index([{ name: "question", boost: 1 }], questions);
    this.speller = new Speller(
      this.entries.map((e) => e.passage.text),
      [
        ...lib.glossary.flatMap((g) => g.synonyms),
        ...lib.phrasings.flatMap((p) => p.phrases),
        // Words the question bank teaches ("nan", "TAC") are known, not "corrected" into other words.
        ...this.entries.flatMap((e) => (e.passage.staleQuestions ? [] : (e.passage.questions ?? []))),
      ],
    );
  }

  private analyze(text: string, kind: "document" | "query"): string[] {
    const out: string[] = [];
    for (const t of this.analyzer.tokenize(text, kind)) {
      const p = this.analyzer.processTerm(t);
      if (p) out.push(p);
    }
    return out;
  }

  /**
   * Fuzzy matching only for words the corpus lacks (the speller has fixed real typos), prefix matching only for
   * those and the word being typed: expanding every known word slowed large corpora for no gain in ranking.
   */
  private querySpecs(text: string): TermSpec[] {
    const terms = this.analyze(text, "query");
    return terms.map((term, i) => {
      const unknown = !term.startsWith(MARKER) && !this.index.has(term);
      return {
        term,
        prefix: term.length >= 3 && !term.startsWith(MARKER) && (unknown || i === terms.length - 1),
        fuzzy: unknown && term.length >= 5 ? Math.min(6, Math.round(term.length * 0.2)) : 0,
      };
    });
  }

  /**
   * Passage score (text, headings and all its bank questions as one field) plus the best single bank question's
   * score: one close paraphrase of the user's question is stronger evidence than the same words spread over many.
   */
  private rank(specs: TermSpec[], limit: number, accept?: (d: number) => boolean): [number, number][] {
    const pool = Math.max(limit, 50);
    const combined = new Map<number, number>();
    for (const [d, score] of this.index.search(specs, pool, accept)) combined.set(d, score);
    const best = new Map<number, number>();
    for (const [q, score] of this.questionIndex.search(
      specs,
      pool * 4,
      accept && ((q) => accept(this.questionOwner[q]!)),
    )) {
      const d = this.questionOwner[q]!;
      if (!best.has(d)) best.set(d, score);
    }
    for (const [d, score] of best) combined.set(d, (combined.get(d) ?? 0) + BEST_QUESTION_WEIGHT * score);
    return [...combined].sort((a, b) => b[1] - a[1]).slice(0, limit);
  }

  /** The content words of a text as search compares them (stemmed, stop words out), for matching short labels. */
  terms(text: string): string[] {
    return this.analyze(text, "document").filter((t) => !t.startsWith(MARKER));
  }

  /** How close the closest question-bank question is (its score), for telling on-topic questions from others. */
  closestQuestion(query: string): number {
    const specs = this.querySpecs(this.speller.correct(query).text);
    return this.questionIndex.search(specs, 1)[0]?.[1] ?? 0;
  }

  /** How many of the question's content words the procedures (or the glossary and phrasings) know. */
  known(query: string): { known: number; total: number } {
    const terms = this.analyze(this.speller.correct(query).text, "query");
    return { known: terms.filter((t) => t.startsWith(MARKER) || this.index.has(t)).length, total: terms.length };
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, opts: SearchOptions = {}): SearchOutcome {
    const limit = opts.limit ?? 10;
    // A question that names its area ("rcpc due when lscb") is searched in that area.
    const namedIn = setNamedIn(this.lib, query);
    const named = opts.procedures?.length ? undefined : namedIn;
    const sets = opts.procedures?.length ? new Set(opts.procedures) : named ? new Set([named.set]) : undefined;
    // The area's name says where to look, not what about ("first core group llr timescale").
    const escaped = namedIn?.word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const about = escaped
      ? query.replace(new RegExp(`(^|[^a-z0-9])${escaped}('?s)?(?![a-z0-9])`, "gi"), "$1 ").trim()
      : query;
    const corrected = this.speller.correct(about || query);
    const accept = sets ? (d: number) => sets.has(this.entries[d]!.version.set) : undefined;
    const results = this.rank(this.querySpecs(corrected.text), limit, accept).map(([d, score]): SearchHit => {
      const { passage, version } = this.entries[d]!;
      return {
        procedures: version.set,
        document: version.document,
        documentTitle: version.title,
        version: version.version,
        section: passage.sectionId,
        heading: passage.headingPath.join(" › "),
        text: passage.text,
        url: passageUrl(version, passage.id),
        score: Math.round(score * 1000) / 1000,
        ...(version.reviewDue ? { reviewDue: version.reviewDue } : {}),
        ...(passage.duty ? { duty: passage.duty } : {}),
      };
    });
    return { query, ...(corrected.changed ? { correctedQuery: corrected.text } : {}), results };
  }
}
