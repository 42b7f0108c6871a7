/**
 * Fidelity: every sentence of every source text is found in the guidance made from it, so tidying the layout
 * never changes what a procedure says. Compared case-insensitively, with whitespace, quote marks, markdown
 * syntax and sentence-final punctuation normalised.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splitFrontMatter } from "../../server/guidance/frontmatter.js";

const ROOT = new URL("../../guidance/", import.meta.url).pathname;

/** Deliberate omissions, each with why. Matched against the normalised source fragment. */
const OMISSIONS: { set: string; fragment: string; why: string }[] = [
  {
    set: "llr",
    fragment: "[llr safeguarding procedures](#)",
    why: "broken link: the target is '#', so the words are kept and the link dropped",
  },
];

const norm = (s: string) =>
  s
    .replace(/\uFFFD/g, "")
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

const stripSentenceEnd = (s: string) => s.replace(/[\s.:;,]+$/, "");

function sourceFragments(text: string): string[] {
  return text
    .replace(/<[^>]+>/g, "\n")
    .split(/[\n\t•·\uFFFD]/)
    .flatMap((line) => line.split(/(?<=[.?!])\s+(?=[A-Z(])/))
    .map((s) => stripSentenceEnd(norm(s)).replace(/^- /, ""))
    .filter((s) => s.length > 0);
}

function guidanceText(md: string): string {
  return norm(
    md
      .replace(/\{#[^}]+\}/g, " ")
      .replace(/^#+\s*/gm, " ")
      .replace(/^\s*\|?\s*-{3}.*$/gm, " ")
      .replace(/\*\*/g, "")
      .replace(/\\(?=[.\-*])/g, "")
      .replace(/\|/g, " ")
      .replace(/^\s*- /gm, " "),
  );
}

const sets = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe("guidance keeps the wording of its source", () => {
  it("ships all five procedure sets", () => {
    expect(sets.sort()).toEqual(["bolton", "cp-guide", "darlington", "llr", "lscb-ch9"]);
  });

  for (const set of sets) {
    it(`${set}: every sentence of the source is in the guidance`, () => {
      const setDir = join(ROOT, set);
      const docs = readdirSync(setDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "source");
      const bySource = new Map<string, string[]>();
      for (const doc of docs) {
        for (const f of readdirSync(join(setDir, doc.name)).filter((x) => x.endsWith(".md"))) {
          const { meta, body } = splitFrontMatter(readFileSync(join(setDir, doc.name, f), "utf8"));
          expect(meta.source, `${doc.name}/${f} names its source`).toBeTruthy();
          bySource.set(meta.source!, [...(bySource.get(meta.source!) ?? []), guidanceText(body)]);
        }
      }
      expect(bySource.size).toBeGreaterThan(0);
      for (const [source, texts] of bySource) {
        const omitted = OMISSIONS.filter((o) => o.set === set).map((o) => o.fragment);
        const missing = sourceFragments(readFileSync(join(setDir, source), "utf8"))
          .map((f) => omitted.reduce((s, o) => s.replace(o, ""), f).trim())
          .filter((f) => f && !texts.some((t) => t.includes(f)));
        expect(missing, `${source}: sentences not found in the guidance`).toEqual([]);
      }
    });
  }
});
