/**
 * Timescale coverage (docs/coverage.md): every sentence of the five documents that states a timescale is quoted by
 * a rule or reading of its set, or listed as skipped with a reason; each is checked against the guidance here.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { coverage, coverageProblems, coverageTable } from "../../server/checklists/coverage.js";
import { loadChecklists } from "../../server/checklists/load.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const lib = loadLibrary(SHIPPED_GUIDANCE);
const checklists = loadChecklists(SHIPPED_GUIDANCE, lib);
const rows = coverage(lib, checklists);

describe("timescale coverage", () => {
  it("finds the timescale sentences of every document", () => {
    for (const set of lib.sets) expect(rows.filter((r) => r.set === set.id).length, set.id).toBeGreaterThan(5);
  });

  it("every timescale is a rule, a reading, or skipped with a reason", () => {
    expect(coverageProblems(lib, checklists)).toEqual([]);
  });

  it("each sentence is found in the guidance it is listed under", () => {
    const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ");
    for (const r of rows) {
      const doc = lib.sets.find((s) => s.id === r.set)!.documents.find((d) => d.id === r.document)!;
      const section = doc.versions.at(-1)!.sections.find((s) => s.id === r.section)!;
      expect(norm(section.passages.map((p) => p.text).join(" ")), r.sentence).toContain(r.sentence);
    }
  });

  it("the known gaps are rules: LLR's review invitations and Darlington's single assessment", () => {
    const by = (words: string) => rows.find((r) => r.sentence.includes(words))!.phrases.flatMap((p) => p.by);
    expect(by("Invitations for the RCPC will be sent out within 10 working days")).toContainEqual(
      expect.objectContaining({ rule: "llr.rcpc-invitations" }),
    );
    const single = rows.find((r) => r.sentence.includes("SINGLE ASSESSMENT (completed by RCPC)"))!;
    expect(checklists.bySet.get("darlington")!.rules.some((r) => r.id === "darlington.single-assessment")).toBe(true);
    expect(single.phrases.every((p) => p.by.length > 0)).toBe(true);
  });

  it("docs/coverage.md is current (npm run coverage writes it)", () => {
    const file = readFileSync(fileURLToPath(new URL("../../docs/coverage.md", import.meta.url)), "utf8");
    expect(file).toBe(coverageTable(lib, checklists));
  });
});
