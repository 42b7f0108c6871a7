/**
 * The guidance pages' lookups: a set, a document, a version, a section by id, the source text and the changes
 * between two versions — each checked, with a NotFound that lists what does exist.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NotFound } from "../domain/errors.js";
import type { FieldProblem } from "../domain/errors.js";
import { compareVersions, type SectionChange } from "./changes.js";
import { ID_PATTERN, VERSION_PATTERN } from "./load.js";
import {
  findDocument,
  findSet,
  findVersion,
  versionUrl,
  type DocumentVersion,
  type GuidanceDocument,
  type GuidanceLibrary,
  type ProcedureSet,
} from "./model.js";

export function getSet(lib: GuidanceLibrary, setId: string): ProcedureSet {
  const set = ID_PATTERN.test(setId) ? findSet(lib, setId) : undefined;
  if (!set)
    throw new NotFound(
      "procedure set",
      `There is no procedure set called “${setId}”. The sets are: ${lib.sets.map((s) => s.id).join(", ")}.`,
    );
  return set;
}

export function getDocument(
  lib: GuidanceLibrary,
  setId: string,
  docId: string,
): { set: ProcedureSet; doc: GuidanceDocument } {
  const set = getSet(lib, setId);
  const doc = ID_PATTERN.test(docId) ? findDocument(lib, setId, docId) : undefined;
  if (!doc) throw new NotFound("document", `The ${set.name} procedure set has no document called “${docId}”.`);
  return { set, doc };
}

export function getVersion(doc: GuidanceDocument, version: string): DocumentVersion {
  const v = VERSION_PATTERN.test(version) ? findVersion(doc, version) : undefined;
  if (!v)
    throw new NotFound(
      "version",
      `This document has no version “${version}”. Versions: ${doc.versions.map((x) => x.version).join(", ")}.`,
    );
  return v;
}

/** The link to a section or passage of a version, once the id is known to be there. */
export function sectionUrl(version: DocumentVersion, id: string): string {
  const known = version.sections.some((s) => s.id === id) || version.passages.some((p) => p.id === id);
  if (!known)
    throw new NotFound(
      "section",
      `Version ${version.versionLabel} of “${version.title}” has no section or paragraph “${id}”.`,
    );
  return `${versionUrl(version)}#${encodeURIComponent(id)}`;
}

/** The original text a version was made from. */
export const readSource = (guidanceDir: string, set: ProcedureSet, version: DocumentVersion): string =>
  readFileSync(join(guidanceDir, set.id, version.source), "utf8");

export interface VersionChanges {
  from?: DocumentVersion;
  to?: DocumentVersion;
  changes: SectionChange[];
  /** Problems with the chosen versions, shown beside the pickers. */
  errors: FieldProblem[];
}

/** What changed between two versions; by default the previous and the current one. */
export function changesBetween(doc: GuidanceDocument, query: { from?: string; to?: string }): VersionChanges {
  const errors: FieldProblem[] = [];
  const pick = (field: "from" | "to", fallback: number) => {
    const value = query[field];
    if (value === undefined) return doc.versions[Math.max(0, fallback)];
    const v = VERSION_PATTERN.test(value) ? findVersion(doc, value) : undefined;
    if (!v) errors.push({ field, message: `Choose a version of this document (there is no version “${value}”)` });
    return v;
  };
  const from = pick("from", doc.versions.length - 2);
  const to = pick("to", doc.versions.length - 1);
  if (from && to && from.version === to.version && doc.versions.length > 1)
    errors.push({ field: "to", message: "Choose two different versions to compare" });
  const changes = from && to && !errors.length ? compareVersions(from, to) : [];
  return { from, to, changes, errors };
}
