/**
 * A cited paragraph named the way a person reads it — the document's title and the section's heading
 * ("Child protection conferences, ‘Timing’") — never by its internal ids (a set id, a section slug).
 */
import type { GuidanceLibrary } from "./model.js";
import { currentVersion, findDocument, findSet } from "./model.js";

export interface Cited {
  /** The procedure set's name. */
  set: string;
  /** The document's title (of the cited version). */
  document: string;
  /** The section's heading; the quote's own section when the id is no longer in the guidance. */
  heading?: string;
  /** "Child protection conferences, ‘Timing’". */
  label: string;
}

const LINK = /^\/guidance\/([^/#?]+)\/([^/#?]+)(?:\/v\/([^/#?]+))?/;

/** `set` is the set the citation belongs to when its link does not say (links normally do). */
export function citeSource(
  lib: GuidanceLibrary,
  src: { document: string; section: string; url?: string },
  set?: string,
): Cited {
  const m = LINK.exec(src.url ?? "");
  const setId = m?.[1] ?? set ?? "";
  const s = findSet(lib, setId);
  const doc = findDocument(lib, setId, src.document) ?? (m?.[2] ? findDocument(lib, setId, m[2]) : undefined);
  if (!s || !doc) return { set: s?.name ?? "", document: "", label: s?.name ?? "the procedure" };
  const wanted = m?.[3] ? decodeURIComponent(m[3]) : undefined;
  const version = doc.versions.find((v) => v.version === wanted) ?? currentVersion(doc);
  const heading = version.sections.find((x) => x.id === src.section)?.heading;
  return {
    set: s.name,
    document: version.title,
    ...(heading ? { heading } : {}),
    label: heading ? `${version.title}, ‘${heading}’` : version.title,
  };
}
