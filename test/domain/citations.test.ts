/** Every rule is cited, and every quote is found word for word in the section it cites (whitespace and quote marks normalised). */
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadChecklists } from "../../server/checklists/load.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { currentVersion, findDocument } from "../../server/guidance/model.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const CHECKLISTS = fileURLToPath(new URL("../../checklists", import.meta.url));
const lib = loadLibrary(SHIPPED_GUIDANCE);
const { bySet } = loadChecklists(
  CHECKLISTS,
  lib.sets.map((s) => s.id),
);
const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();

function sectionText(set: string, document: string, section: string): string | undefined {
  const doc = findDocument(lib, set, document);
  const s = doc && currentVersion(doc).sections.find((x) => x.id === section);
  return s ? norm(s.passages.map((p) => p.text).join(" ")) : undefined;
}

describe("rule citations", () => {
  it("has a checklist for every shipped procedure set", () => {
    expect([...bySet.keys()].sort()).toEqual(lib.sets.map((s) => s.id).sort());
  });

  for (const [set, checklist] of bySet) {
    describe(set, () => {
      for (const rule of checklist.rules) {
        it(`${rule.id} cites its own set's paragraphs, quoted word for word`, () => {
          expect(rule.sources.length).toBeGreaterThan(0);
          for (const s of rule.sources) {
            const text = sectionText(set, s.document, s.section);
            expect(text, `${rule.id}: no section ${s.document} §${s.section} in ${set}`).toBeDefined();
            expect(text).toContain(norm(s.quote));
          }
        });
      }
      for (const [name, p] of Object.entries(checklist.parameters)) {
        it(`parameter ${name}: every dated value is referenced word for word`, () => {
          for (const v of p.values)
            expect(sectionText(set, v.reference.document, v.reference.section)).toContain(norm(v.reference.quote));
        });
      }
    });
  }

  it("refuses a rule without a citation", async () => {
    const { Rule } = await import("../../server/domain/rules/schema.js");
    const uncited = {
      id: "x.y",
      duty: "icpc",
      title: "A rule",
      owner: "Someone",
      anchor: [{ event: "icpc_held" }],
      offsets: [{ unit: "working_days", n: 1 }],
      sources: [],
    };
    expect(Rule.safeParse(uncited).success).toBe(false);
    expect(Rule.safeParse({ ...uncited, sources: undefined }).success).toBe(false);
  });
});
