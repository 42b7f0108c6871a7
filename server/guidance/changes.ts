/** What changed between two versions of a document, section by section (matched on stable section ids), with a word-level diff. */
import { diffWords } from "diff";
import { htmlToText } from "./markdown.js";
import type { DocumentVersion, Section } from "./model.js";

export interface WordPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface SectionChange {
  id: string;
  heading: string;
  kind: "added" | "removed" | "changed";
  parts: WordPart[];
}

const sectionText = (s: Section) => htmlToText(s.html);

export function compareVersions(from: DocumentVersion, to: DocumentVersion): SectionChange[] {
  const before = new Map(from.sections.map((s) => [s.id, s]));
  const after = new Map(to.sections.map((s) => [s.id, s]));
  const changes: SectionChange[] = [];
  for (const s of to.sections) {
    const old = before.get(s.id);
    if (!old)
      changes.push({ id: s.id, heading: s.heading, kind: "added", parts: [{ value: sectionText(s), added: true }] });
    else if (sectionText(old) !== sectionText(s) || old.heading !== s.heading) {
      const parts = diffWords(`${old.heading}\n${sectionText(old)}`, `${s.heading}\n${sectionText(s)}`).map((p) => ({
        value: p.value,
        ...(p.added ? { added: true } : {}),
        ...(p.removed ? { removed: true } : {}),
      }));
      changes.push({ id: s.id, heading: s.heading, kind: "changed", parts });
    }
  }
  for (const s of from.sections) {
    if (!after.has(s.id))
      changes.push({
        id: s.id,
        heading: s.heading,
        kind: "removed",
        parts: [{ value: sectionText(s), removed: true }],
      });
  }
  return changes;
}
