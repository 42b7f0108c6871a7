/**
 * Timescale coverage: every sentence of every current procedure document that states a timescale — a number of
 * working days, days, weeks, months or hours, a day of the pathway, or "immediately" / "without delay" / "as soon
 * as possible" — must be quoted by a rule (or a reading) of its set, or listed under `skipped` in the rules file
 * with the reason it is not a rule. docs/coverage.md is the table, made by `npm run coverage` and checked by a test.
 */
import { currentVersion, type DocumentVersion, type GuidanceLibrary } from "../guidance/model.js";
import type { Checklist, Source } from "../domain/rules/schema.js";
import type { Checklists } from "./load.js";

const NUMBER =
  "\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-one|twenty-eight|on";
/** The words that make a sentence a timescale sentence (found in the text as normalised for quotes). */
export const TIMESCALE = new RegExp(
  [
    `\\b(?:${NUMBER})(?:\\s*[–-]\\s*(?:${NUMBER}))?\\s+(?:working\\s+)?(?:days?|weeks?|months?|hours?)\\b`,
    "\\b\\d+\\s+monthly\\b",
    "\\bday\\s+\\d+\\b",
    "\\b\\d+(?:st|nd|rd|th)\\s+day\\b",
    "\\bimmediately\\b",
    "\\bwithout delay\\b",
    "\\bas soon as possible\\b",
  ].join("|"),
  "gi",
);

const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();

export interface TimescaleSentence {
  set: string;
  document: string;
  section: string;
  heading: string;
  sentence: string;
  /** The timescale words found, each with what covers it. */
  phrases: { words: string; by: Cover[] }[];
}

export type Cover = { rule: string; title: string } | { reading: string } | { skipped: string };

/** A passage's sentences (a table row or a list item is one). */
function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.?!])\s+(?=["'(“‘]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Where a quote is in a sentence: its span, the whole sentence when the quote holds it, or the span of the quote's sentence that is in it. */
function span(sentence: string, quote: string): [number, number] | undefined {
  const s = norm(sentence);
  const q = norm(quote);
  if (q.includes(s)) return [0, s.length];
  for (const part of [q, ...sentences(q)]) {
    const at = s.indexOf(part);
    if (at >= 0) return [at, at + part.length];
  }
  return undefined;
}

/** The timescale sentences of one document version and what covers each timescale in them. */
export function coverageOf(version: DocumentVersion, checklist: Checklist | undefined): TimescaleSentence[] {
  const quotes: { source: Source; cover: Cover }[] = [];
  for (const r of checklist?.rules ?? [])
    for (const s of r.sources) quotes.push({ source: s, cover: { rule: r.id, title: r.title } });
  const rd = checklist?.readings;
  for (const x of [rd?.plan, rd?.age, rd?.baby, ...(rd?.countsAs ?? [])])
    if (x) quotes.push({ source: x.source, cover: { reading: x.source.quote } });
  for (const s of checklist?.skipped ?? []) quotes.push({ source: s, cover: { skipped: s.why } });
  const out: TimescaleSentence[] = [];
  for (const section of version.sections)
    for (const passage of section.passages)
      for (const sentence of sentences(passage.text)) {
        const text = norm(sentence);
        const found = [...text.matchAll(TIMESCALE)];
        if (!found.length) continue;
        const here = quotes
          .filter((q) => q.source.document === version.document && q.source.section === section.id)
          .map((q) => ({ cover: q.cover, span: span(text, q.source.quote) }))
          .filter((q): q is { cover: Cover; span: [number, number] } => q.span !== undefined);
        const phrases = found.map((m) => {
          const [a, b] = [m.index!, m.index! + m[0].length];
          const by = here.filter((q) => q.span[0] <= a && q.span[1] >= b).map((q) => q.cover);
          const unique = by.filter((c, i) => by.findIndex((x) => JSON.stringify(x) === JSON.stringify(c)) === i);
          return { words: m[0], by: unique };
        });
        out.push({
          set: version.set,
          document: version.document,
          section: section.id,
          heading: section.heading,
          sentence: text,
          phrases,
        });
      }
  return out;
}

export function coverage(lib: GuidanceLibrary, checklists: Checklists): TimescaleSentence[] {
  return lib.sets.flatMap((s) => s.documents.flatMap((d) => coverageOf(currentVersion(d), checklists.bySet.get(s.id))));
}

/** check-content: each timescale no rule, reading or skip covers. */
export function coverageProblems(lib: GuidanceLibrary, checklists: Checklists): string[] {
  if (!checklists.bySet.size) return [];
  return coverage(lib, checklists)
    .filter((s) => checklists.bySet.has(s.set))
    .flatMap((s) =>
      s.phrases
        .filter((p) => !p.by.length)
        .map(
          (p) =>
            `guidance/${s.set}/${s.document}: section ${s.section} (‘${s.heading}’) says “${p.words}” in “${s.sentence}”, but no rule quotes it. Add a rule that quotes it, or list the sentence under skipped in the rules file with why it is not a rule.`,
        ),
    );
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** docs/coverage.md: every timescale sentence, and the rule, reading or reason that covers it. */
export function coverageTable(lib: GuidanceLibrary, checklists: Checklists): string {
  const all = coverage(lib, checklists);
  const lines = [
    "# Timescale coverage",
    "",
    "Every sentence of the five procedure documents (their current versions) that states a timescale — a number of",
    "working days, days, weeks, months or hours, a day of the pathway, or “immediately”, “without delay” or “as soon",
    "as possible” — and what Pathway does with it: the rule that quotes it, the reading that quotes it, or why it is",
    "not a rule (listed under `skipped` in the set's rules file). Made by `npm run coverage` from the guidance and",
    "the rules; `test/checklists/coverage.test.ts` checks that it is current and that nothing is left uncovered.",
    "",
  ];
  let rules = 0;
  let skipped = 0;
  let total = 0;
  for (const set of lib.sets) {
    const rows = all.filter((s) => s.set === set.id);
    const phrases = rows.flatMap((r) => r.phrases);
    total += phrases.length;
    const ruled = phrases.filter((p) => p.by.some((c) => "rule" in c || "reading" in c)).length;
    rules += ruled;
    skipped += phrases.length - ruled;
    lines.push(
      `## ${set.name} (\`${set.id}\`)`,
      "",
      `${rows.length} sentences, ${phrases.length} timescales: ${ruled} rules or readings, ${phrases.length - ruled} skipped with a reason.`,
      "",
      "| Section | Sentence | Timescale | Covered by |",
      "| --- | --- | --- | --- |",
    );
    for (const r of rows)
      for (const p of r.phrases) {
        const by = p.by.length
          ? p.by
              .map((c) =>
                "rule" in c ? `rule \`${c.rule}\`` : "reading" in c ? "a reading of the set" : `skipped: ${c.skipped}`,
              )
              .join("; ")
          : "**NOT COVERED**";
        lines.push(`| ${cell(r.section)} | ${cell(r.sentence)} | ${cell(p.words)} | ${cell(by)} |`);
      }
    lines.push("");
  }
  lines.splice(
    8,
    0,
    `In all: ${total} timescales in ${all.length} sentences; ${rules} covered by rules (or readings), ${skipped} skipped with a reason, ${total - rules - skipped} not covered.`,
    "",
  );
  return `${lines.join("\n").trimEnd()}\n`;
}
