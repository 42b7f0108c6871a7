/** Reads the guidance folder: one folder per procedure set (set.json + one folder per document, one markdown file per version). */
import { readdirSync, readFileSync, existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { splitFrontMatter } from "./frontmatter.js";
import { parseSections } from "./sections.js";
import { attachQuestionBank } from "./question-bank-load.js";
import type { DocumentVersion, GlossaryEntry, GuidanceDocument, GuidanceLibrary, ProcedureSet } from "./model.js";

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

const SetMeta = z.object({
  name: z.string().min(1),
  area: z.string().min(1),
  description: z.string().default(""),
  /** How people name the set in a question ("Leicestershire", "LSCB"): lower case. */
  words: z.array(z.string().min(2)).default([]),
});
const isoOrMonth = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, "a date as YYYY-MM-DD (or YYYY-MM)");
const VersionMeta = z.object({
  title: z.string().min(1),
  area: z.string().min(1),
  version: z.string().regex(VERSION_PATTERN),
  versionLabel: z.string().optional(),
  approved: isoOrMonth.optional(),
  reviewDue: isoOrMonth.optional(),
  source: z.string().min(1),
});
const Glossary = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      term: z.string(),
      stands: z.string(),
      synonyms: z.array(z.string()),
      definition: z.string(),
    }),
  ),
});

const Phrasings = z.object({
  phrasings: z.array(
    z.object({ id: z.string(), phrases: z.array(z.string()).min(1), expands: z.array(z.string()).min(1) }),
  ),
});

const readJson = <T>(path: string, schema: z.ZodType<T>, fallback: T): T =>
  existsSync(path) ? schema.parse(JSON.parse(readFileSync(path, "utf8"))) : fallback;

const dirs = (p: string) =>
  readdirSync(p)
    .filter((n) => statSync(join(p, n)).isDirectory())
    .sort();
/** Versions sort naturally by their id ("2" < "10", "2020-02" < "2021-07"): name version files so. */
const byVersion = (a: DocumentVersion, b: DocumentVersion) =>
  a.version.localeCompare(b.version, "en", { numeric: true });

function loadVersion(setDir: string, set: string, document: string, file: string): DocumentVersion {
  const path = join(setDir, document, file);
  const { meta, body } = splitFrontMatter(readFileSync(path, "utf8"));
  const parsed = VersionMeta.safeParse(meta);
  if (!parsed.success)
    throw new Error(
      `${path}: bad front matter: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  const m = parsed.data;
  if (`${m.version}.md` !== file) throw new Error(`${path}: file name must be the version (${m.version}.md)`);
  if (!existsSync(join(setDir, m.source))) throw new Error(`${path}: source ${m.source} not found beside the guidance`);
  const { sections } = parseSections(body);
  const anchors = new Set<string>();
  for (const id of [...sections.map((s) => s.id), ...sections.flatMap((s) => s.passages.map((p) => p.id))]) {
    if (anchors.has(id)) throw new Error(`${path}: duplicate section or passage id "${id}"`);
    anchors.add(id);
  }
  attachQuestionBank(join(setDir, document), m.version, sections);
  return {
    set,
    document,
    version: m.version,
    versionLabel: m.versionLabel ?? m.version,
    title: m.title,
    area: m.area,
    approved: m.approved,
    reviewDue: m.reviewDue,
    source: m.source,
    sections,
    passages: sections.flatMap((s) => s.passages),
  };
}

export function loadLibrary(root: string): GuidanceLibrary {
  const sets: ProcedureSet[] = dirs(root).map((id) => {
    if (!ID_PATTERN.test(id)) throw new Error(`${root}/${id}: set ids are lower-case letters, digits and hyphens`);
    const setDir = join(root, id);
    const meta = SetMeta.parse(JSON.parse(readFileSync(join(setDir, "set.json"), "utf8")));
    const documents: GuidanceDocument[] = dirs(setDir)
      .filter((d) => d !== "source")
      .map((doc) => {
        const files = readdirSync(join(setDir, doc)).filter((f) => f.endsWith(".md"));
        if (!files.length) throw new Error(`${setDir}/${doc}: no versions`);
        return { set: id, id: doc, versions: files.map((f) => loadVersion(setDir, id, doc, f)).sort(byVersion) };
      });
    return { id, name: meta.name, area: meta.area, description: meta.description, words: meta.words, documents };
  });
  const glossary: GlossaryEntry[] = readJson(join(root, "glossary.json"), Glossary, { entries: [] }).entries;
  const phrasings = readJson(join(root, "phrasings.json"), Phrasings, { phrasings: [] }).phrasings;
  return { sets, glossary, phrasings };
}
