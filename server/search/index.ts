/**
 * Passage search. Chosen by measurement (see README, `npm run bench`): a BM25 index (MiniSearch) over
 * one-paragraph passages with glossary and timescale marker terms ranks accepted passages far better than
 * Fuse.js, whose fuzzy scoring over long passages is slow and weighs position over meaning. Fuzzy and
 * prefix matching (MiniSearch's own) cover typos and half-typed words; spelling correction covers the rest.
 */
import MiniSearch from "minisearch";
import { currentVersion, passageUrl, type DocumentVersion, type GuidanceLibrary, type Passage } from "../guidance/model.js";
import { Speller } from "./spelling.js";
import { MARKER, createAnalyzer, type Analyzer } from "./text.js";

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
}

export interface SearchOutcome {
  query: string;
  /** The query actually searched, when spelling correction changed it. */
  correctedQuery?: string;
  results: SearchHit[];
}

interface Doc { id: number; text: string; heading: string }

export interface SearchOptions { procedures?: string[]; limit?: number }

export class GuidanceSearch {
  private readonly mini: MiniSearch<Doc>;
  private readonly entries: { passage: Passage; version: DocumentVersion }[] = [];
  readonly analyzer: Analyzer;
  readonly speller: Speller;

  /** Only each document's current version is searched: older versions stay readable by link. */
  constructor(lib: GuidanceLibrary, extra: { passage: Passage; version: DocumentVersion }[] = []) {
    this.analyzer = createAnalyzer(lib.glossary, lib.phrasings);
    const a = this.analyzer;
    this.mini = new MiniSearch<Doc>({
      fields: ["text", "heading"],
      tokenize: (text) => a.tokenize(text, "document"),
      processTerm: (t) => a.processTerm(t),
      searchOptions: {
        tokenize: (text) => a.tokenize(text, "query"),
        processTerm: (t) => a.processTerm(t),
        boost: { text: 1, heading: 0.6 },
        fuzzy: (term) => (term.startsWith(MARKER) || term.length < 5 ? false : 0.2),
        prefix: (term) => !term.startsWith(MARKER) && term.length >= 3,
        combineWith: "OR",
        weights: { fuzzy: 0.3, prefix: 0.4 },
      },
    });
    for (const set of lib.sets) for (const doc of set.documents) {
      const version = currentVersion(doc);
      for (const passage of version.passages) this.entries.push({ passage, version });
    }
    this.entries.push(...extra);
    this.mini.addAll(this.entries.map((e, id) => ({ id, text: e.passage.text, heading: [e.version.title, ...e.passage.headingPath].join(" ") })));
    this.speller = new Speller(this.entries.map((e) => e.passage.text), [...lib.glossary.flatMap((g) => g.synonyms), ...lib.phrasings.flatMap((p) => p.phrases)]);
  }

  get size(): number {
    return this.entries.length;
  }

  search(query: string, opts: SearchOptions = {}): SearchOutcome {
    const limit = opts.limit ?? 10;
    const sets = opts.procedures?.length ? new Set(opts.procedures) : undefined;
    const corrected = this.speller.correct(query);
    const filter = sets ? (r: { id: number }) => sets.has(this.entries[r.id]!.version.set) : undefined;
    const raw = this.mini.search(corrected.text, filter ? { filter } : {});
    const results = raw.slice(0, limit).map((r): SearchHit => {
      const { passage, version } = this.entries[r.id]!;
      return {
        procedures: version.set,
        document: version.document,
        documentTitle: version.title,
        version: version.version,
        section: passage.sectionId,
        heading: passage.headingPath.join(" › "),
        text: passage.text,
        url: passageUrl(version, passage.id),
        score: Math.round(r.score * 1000) / 1000,
        ...(version.reviewDue ? { reviewDue: version.reviewDue } : {}),
      };
    });
    return { query, ...(corrected.changed ? { correctedQuery: corrected.text } : {}), results };
  }
}
