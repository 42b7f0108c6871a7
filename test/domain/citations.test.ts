/**
 * Every rule is cited, and every quote — of rules, readings and skipped timescales — is found word for word in the
 * section it cites (whitespace and quote marks normalised), in every version that uses it.
 */
import { describe, expect, it } from "vitest";
import { readChecklists, sectionText } from "../../server/checklists/load.js";
import { readRulesFile } from "../../server/checklists/rules-file.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { currentVersion, findDocument } from "../../server/guidance/model.js";
import { VOCABULARY } from "../../server/domain/vocabulary.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const lib = loadLibrary(SHIPPED_GUIDANCE);
const { checklists, problems } = readChecklists(SHIPPED_GUIDANCE, lib);
const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();

describe("rule citations", () => {
  it("the shipped rules files have no problems", () => {
    expect(problems).toEqual([]);
  });

  it("has rules for every shipped procedure set", () => {
    expect([...checklists.bySet.keys()].sort()).toEqual(lib.sets.map((s) => s.id).sort());
  });

  for (const [set, checklist] of checklists.bySet) {
    describe(set, () => {
      for (const rule of checklist.rules) {
        it(`${rule.id} cites its own set's paragraphs, quoted word for word`, () => {
          expect(rule.sources.length).toBeGreaterThan(0);
          for (const s of rule.sources) {
            const doc = findDocument(lib, set, s.document);
            const text = doc && sectionText(currentVersion(doc), s.section);
            expect(text, `${rule.id}: no section ${s.document} §${s.section} in ${set}`).toBeDefined();
            expect(text).toContain(norm(s.quote));
          }
        });
      }
    });
  }

  it("refuses a rule without a quote, and says so in words", () => {
    const { problems } = readRulesFile(
      `rules:\n  - id: demo.x\n    title: A rule\n    duty: icpc\n    owner: Someone\n    clock starts: icpc_held\n    timescale: 1 working day after\n`,
      { file: "demo/1.rules.yaml", set: "demo", document: "procedure", version: "1", vocabulary: VOCABULARY },
    );
    expect(problems).toContain(
      "demo/1.rules.yaml, rule 1 (demo.x): put the quote first: a rule starts with the sentence it comes from.",
    );
    expect(problems.some((p) => p.includes("needs “quote”"))).toBe(true);
  });
});
