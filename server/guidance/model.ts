/** The guidance library as the rest of the server sees it: sets → documents → versions → sections → passages. */

export interface Passage {
  /** Anchor id, unique within the version: `<sectionId>-p<n>`. */
  id: string;
  sectionId: string;
  /** Headings from the document title down to the passage's own section. */
  headingPath: string[];
  /** Plain text, as a practitioner reads it (markdown removed). */
  text: string;
  /** Questions people ask that this passage answers (the question bank), when it has any. */
  questions?: string[];
  /** The duty the question bank says the passage is about (an id from checklists/catalogue.json). */
  duty?: string;
  /** The bank's entry was written for different text: its questions are not used until reviewed. */
  staleQuestions?: boolean;
}

export interface Section {
  id: string;
  heading: string;
  level: number;
  /** Ancestor headings, outermost first, not including this one. */
  parents: string[];
  /** Sanitized HTML of the section's body (without its heading). */
  html: string;
  passages: Passage[];
}

export interface DocumentVersion {
  set: string;
  document: string;
  version: string;
  versionLabel: string;
  title: string;
  area: string;
  approved?: string;
  reviewDue?: string;
  /** Source text file, relative to the set folder. */
  source: string;
  sections: Section[];
  passages: Passage[];
}

export interface GuidanceDocument {
  set: string;
  id: string;
  /** Oldest first; the last is current. */
  versions: DocumentVersion[];
}

export interface ProcedureSet {
  id: string;
  name: string;
  area: string;
  description: string;
  /** Words people use to name the set in a question (set.json `words`). */
  words: string[];
  documents: GuidanceDocument[];
}

export interface GlossaryEntry {
  id: string;
  term: string;
  stands: string;
  synonyms: string[];
  definition: string;
}

/** How practitioners ask, mapped to the words procedures use (query side only). */
export interface Phrasing {
  id: string;
  phrases: string[];
  expands: string[];
}

export interface GuidanceLibrary {
  sets: ProcedureSet[];
  glossary: GlossaryEntry[];
  phrasings: Phrasing[];
}

export const currentVersion = (doc: GuidanceDocument): DocumentVersion => doc.versions[doc.versions.length - 1]!;

/** A version is past review when its review-due date is before `today` (ISO dates compare as strings). */
export const isPastReview = (v: DocumentVersion, today: string): boolean =>
  v.reviewDue !== undefined && v.reviewDue < today;

export const versionUrl = (v: DocumentVersion): string =>
  `/guidance/${v.set}/${v.document}/v/${encodeURIComponent(v.version)}`;

export const passageUrl = (v: DocumentVersion, anchor: string): string => `${versionUrl(v)}#${anchor}`;

export function findSet(lib: GuidanceLibrary, id: string): ProcedureSet | undefined {
  return lib.sets.find((s) => s.id === id);
}

export function findDocument(lib: GuidanceLibrary, set: string, doc: string): GuidanceDocument | undefined {
  return findSet(lib, set)?.documents.find((d) => d.id === doc);
}

export function findVersion(doc: GuidanceDocument, version: string): DocumentVersion | undefined {
  return doc.versions.find((v) => v.version === version);
}

/** The set a question names ("in Bolton", "LLR's standards"), by each set's `words`, longest first. */
export function setNamedIn(lib: GuidanceLibrary, text: string): { set: string; word: string } | undefined {
  const lower = text.toLowerCase();
  let best: { set: string; word: string } | undefined;
  for (const s of lib.sets)
    for (const w of s.words) {
      const re = new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}('?s)?(?![a-z0-9])`);
      if (re.test(lower) && (!best || w.length > best.word.length)) best = { set: s.id, word: w };
    }
  return best;
}
