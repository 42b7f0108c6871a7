/**
 * Reads every set's rules: one file per document version, beside the text it quotes
 * (`guidance/<set>/<document>/<version>.rules.yaml`). A version without a rules file of its own uses the newest
 * older version's file. Every quote is checked, word for word, against the section it cites in each version that
 * uses it, so a case pinned to a version is computed with rules that quote that version.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fromRoot } from "../paths.js";
import type { Checklist, FactCatalogue, Readings, Source } from "../domain/rules/schema.js";
import { VOCABULARY, type VocabularyData } from "../domain/vocabulary.js";
import { loadVocabulary, type Vocabulary } from "./vocabulary.js";
import type { DocumentVersion, GuidanceLibrary } from "../guidance/model.js";
import { currentVersion } from "../guidance/model.js";
import { readRulesFile, type RuleBook } from "./rules-file.js";

export interface Checklists {
  /** Facts, agencies and duties as the forms and pages list them (from the vocabulary). */
  catalogue: FactCatalogue;
  /** The assistant's words: roles, topics, event words, intents and follow-ups. */
  vocabulary: Vocabulary;
  /** Each set's rules at the current version of its documents. */
  bySet: Map<string, Checklist>;
  /** Every rules file read. */
  books: RuleBook[];
  /** A set's rules at the given versions of its documents (the current version where none is given). */
  forVersions(set: string, versions?: Record<string, string>): Checklist | undefined;
  /** The rules file a document version uses: its own, or the newest older version's. */
  bookFor(set: string, document: string, version: string): RuleBook | undefined;
}

/** A rules file that cannot be used; the message names the file, the rule and the problem. */
export class ChecklistError extends Error {}

export const RULES_SUFFIX = ".rules.yaml";
/** The shipped checklists/ folder: the vocabulary (and the assistant's intents). */
export const SHIPPED_CHECKLISTS = fromRoot("checklists");
export const rulesFileName = (version: string) => `${version}${RULES_SUFFIX}`;

const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();

/** A section's words as a quote is checked against (quote marks and spacing normalised). */
export function sectionText(version: DocumentVersion, section: string): string | undefined {
  const s = version.sections.find((x) => x.id === section);
  return s ? norm(s.passages.map((p) => p.text).join(" ")) : undefined;
}

/** Where a quote is in the version (section order, then place in the section), for checking rules keep document order. */
export function quotePosition(version: DocumentVersion, source: Source): number {
  const i = version.sections.findIndex((x) => x.id === source.section);
  const at = sectionText(version, source.section)?.indexOf(norm(source.quote)) ?? -1;
  return i < 0 || at < 0 ? -1 : i * 1_000_000 + at;
}

export function catalogueOf(v: VocabularyData): FactCatalogue {
  return {
    facts: v.facts.map((f) => ({ id: f.id, text: f.question, kind: f.kind })),
    agencies: [...v.agencies.values()].map((a) => ({ id: a.id, label: a.label })),
    duties: [...v.duties.values()],
  };
}

/**
 * Reads the rules of every set in `library` (files under `guidanceDir`) and returns them with every problem found,
 * each a sentence naming the file and the rule. `npm run check-content` prints the problems; start-up refuses them.
 */
export function readChecklists(
  guidanceDir: string,
  library: GuidanceLibrary,
  opts: { vocabularyDir?: string; vocabulary?: VocabularyData } = {},
): { checklists: Checklists; problems: string[] } {
  const vocabulary = opts.vocabulary ?? VOCABULARY;
  const problems: string[] = [];
  const books: RuleBook[] = [];
  /** set → document → version → the book that version uses. */
  const used = new Map<string, Map<string, Map<string, RuleBook>>>();
  for (const set of library.sets) {
    const byDoc = new Map<string, Map<string, RuleBook>>();
    for (const doc of set.documents) {
      const byVersion = new Map<string, RuleBook>();
      let last: RuleBook | undefined;
      for (const version of doc.versions) {
        const path = join(guidanceDir, set.id, doc.id, rulesFileName(version.version));
        if (existsSync(path)) {
          const file = `guidance/${set.id}/${doc.id}/${rulesFileName(version.version)}`;
          const read = readRulesFile(readFileSync(path, "utf8"), {
            file,
            set: set.id,
            document: doc.id,
            version: version.version,
            vocabulary,
          });
          problems.push(...read.problems);
          last = read.book;
          books.push(last);
        }
        if (last) {
          byVersion.set(version.version, last);
          problems.push(...quoteProblems(last, version));
        }
      }
      if (byVersion.size) byDoc.set(doc.id, byVersion);
    }
    if (byDoc.size) used.set(set.id, byDoc);
  }

  const cache = new Map<string, Checklist>();
  const compose = (setId: string, versions: Record<string, string> = {}): Checklist | undefined => {
    const set = library.sets.find((s) => s.id === setId);
    const byDoc = used.get(setId);
    if (!set || !byDoc) return undefined;
    const picked = set.documents
      .filter((d) => byDoc.has(d.id))
      // A version the case pinned that is not (or no longer) in the guidance reads as the current one, as its links do.
      .map((d) => byDoc.get(d.id)!.get(versions[d.id] ?? "") ?? byDoc.get(d.id)!.get(currentVersion(d).version))
      .filter((b): b is RuleBook => b !== undefined);
    const key = `${setId}:${picked.map((b) => `${b.document}@${b.version}`).join(",")}`;
    let c = cache.get(key);
    if (!c) {
      c = combine(setId, picked);
      cache.set(key, c);
    }
    return c;
  };

  const bySet = new Map<string, Checklist>();
  for (const set of library.sets) {
    const byDoc = used.get(set.id);
    if (!byDoc) continue;
    // Every combination a case can pin is checked the same way: each document's versions with the others current.
    for (const doc of set.documents)
      for (const version of byDoc.get(doc.id)?.keys() ?? []) {
        const c = compose(set.id, { [doc.id]: version });
        if (c) problems.push(...setProblems(c, byDoc.get(doc.id)!.get(version)!));
      }
    bySet.set(set.id, compose(set.id)!);
  }
  return {
    checklists: {
      catalogue: catalogueOf(vocabulary),
      vocabulary: loadVocabulary(opts.vocabularyDir ?? SHIPPED_CHECKLISTS),
      bySet,
      books,
      forVersions: compose,
      bookFor: (set, document, version) => used.get(set)?.get(document)?.get(version),
    },
    problems: [...new Set(problems)],
  };
}

/** Reads the rules, or stops with the first problem (and how many more there are). */
export function loadChecklists(
  guidanceDir: string,
  library: GuidanceLibrary,
  opts: { vocabularyDir?: string; vocabulary?: VocabularyData } = {},
): Checklists {
  const { checklists, problems } = readChecklists(guidanceDir, library, opts);
  if (problems.length)
    throw new ChecklistError(
      problems[0]! +
        (problems.length > 1 ? ` (and ${problems.length - 1} more problem(s): run npm run check-content)` : ""),
    );
  return checklists;
}

function combine(set: string, books: RuleBook[]): Checklist {
  const readings: Readings = { countsAs: [] };
  for (const b of books) {
    readings.plan ??= b.readings.plan;
    readings.age ??= b.readings.age;
    readings.baby ??= b.readings.baby;
    readings.countsAs.push(...b.readings.countsAs);
  }
  return {
    set,
    silent: Object.assign({}, ...books.map((b) => b.silent)),
    readings,
    rules: books.flatMap((b) => b.rules),
    skipped: books.flatMap((b) => b.skipped),
  };
}

/** Every quote of a book found word for word in the section it cites, in a version that uses the book. */
function quoteProblems(book: RuleBook, version: DocumentVersion): string[] {
  const out: string[] = [];
  const own = book.version === version.version;
  const prefix = own
    ? book.file
    : `guidance/${book.set}/${book.document}/${version.version}.md has no rules file of its own and uses ${book.file}`;
  const check = (at: string, s: Source) => {
    const text = sectionText(version, s.section);
    if (text === undefined)
      out.push(
        `${prefix}, ${at}: there is no section “${s.section}” in version ${version.version}. Use the section id shown in the document’s link (…#${version.sections[1]?.id ?? "1"}).`,
      );
    else if (!text.includes(norm(s.quote))) {
      const heading = version.sections.find((x) => x.id === s.section)?.heading ?? s.section;
      out.push(
        `${prefix}, ${at}: the quote “${s.quote.length > 90 ? `${s.quote.slice(0, 90)}…` : s.quote}” is not in section ${s.section} (‘${heading}’) of version ${version.version} word for word. Copy the sentence from that section exactly${own ? "" : `, or add ${rulesFileName(version.version)} for this version`}.`,
      );
    }
  };
  for (const r of book.rules) for (const s of r.sources) check(book.where.get(r)!, s);
  const rd = book.readings;
  for (const x of [rd.plan, rd.age, rd.baby, ...rd.countsAs]) if (x) check(book.where.get(x) ?? "a reading", x.source);
  for (const s of book.skipped) check(book.where.get(s) ?? "skipped", s);
  return out;
}

/** What a set's rules need from its readings, and rule ids unique across its documents. */
function setProblems(c: Checklist, book: RuleBook): string[] {
  const out: string[] = [];
  const ids = new Set<string>();
  for (const r of c.rules) {
    const at = `${book.file}, ${book.where.get(r) ?? r.id}`;
    if (ids.has(r.id)) out.push(`${at}: another document of the set has a rule with the id ${r.id}.`);
    ids.add(r.id);
    if (!book.rules.includes(r)) continue;
    if (r.when.some((w) => "state" in w) && !c.readings.plan)
      out.push(
        `${at}: it applies “on a plan” or “before the ICPC”, but the set has no reading of who is on a plan. Add one under readings (“plan starts: icpc_held with outcome plan”, with the sentence that says so).`,
      );
    if (r.perChild?.overAge !== undefined && !c.readings.age)
      out.push(
        `${at}: it is for children “over the age of ${r.perChild.overAge}”, but the set has no reading of “over the age of”. Add one under readings (“over the age of N means: N or over”, with the sentence it reads).`,
      );
    if (r.perChild?.baby && !c.readings.baby)
      out.push(
        `${at}: it is for babies, but the set has no reading of who is a baby. Add one under readings (“a baby is: under 1”).`,
      );
  }
  return out;
}
