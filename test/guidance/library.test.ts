import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../server/guidance/load.js";
import { compareVersions } from "../../server/guidance/changes.js";
import { currentVersion, findDocument, isPastReview } from "../../server/guidance/model.js";
import { MAX_PASSAGE_CHARS } from "../../server/guidance/sections.js";
import { FIXTURE_GUIDANCE, SHIPPED_GUIDANCE } from "../helpers.js";

const lib = loadLibrary(SHIPPED_GUIDANCE);
const version = (set: string, doc: string) => currentVersion(findDocument(lib, set, doc)!);

describe("shipped guidance", () => {
  it("has the five sets under the ids fixed in docs/DOMAIN.md, each with a document", () => {
    expect(lib.sets.map((s) => s.id).sort()).toEqual(["bolton", "cp-guide", "darlington", "llr", "lscb-ch9"]);
    for (const s of lib.sets) expect(s.documents.length).toBeGreaterThan(0);
  });

  it("records the LLR standards' approval and review dates and knows they are past review", () => {
    const v = version("llr", "practice-standards");
    expect(v.approved).toBe("2020-02");
    expect(v.reviewDue).toBe("2021-07-30");
    expect(isPastReview(v, "2026-11-23")).toBe(true);
    expect(isPastReview(v, "2021-07-30")).toBe(false);
  });

  it("uses the document's own numbering as section ids where it has one", () => {
    const v = version("lscb-ch9", "core-group-chapter-9");
    const s = v.sections.find((x) => x.id === "9.2.4")!;
    expect(s.passages[0]!.text).toContain("within ten working days of the initial child protection conference");
    expect(s.parents).toEqual(["9.2 Core group", "Timing"]);
    // The source numbers two paragraphs 9.2.2; both stay linkable.
    expect(v.sections.filter((x) => x.id.startsWith("9.2.2")).map((x) => x.id)).toEqual(["9.2.2", "9.2.2-2"]);
  });

  it("gives readable heading slugs where the document has no numbering", () => {
    const v = version("darlington", "practitioner-guidance-notes");
    expect(v.sections.map((s) => s.id)).toContain("invitation-to-icpc");
    expect(v.sections.find((s) => s.id === "invitation-to-icpc")!.passages[0]!.text).toMatch(
      /^Invitation to ICPC: By the 4th day of the enquiry/,
    );
  });

  it("keeps LLR's responsible column with each standard", () => {
    const v = version("llr", "practice-standards");
    const p = v.sections.find((s) => s.id === "icpc-2")!.passages[0]!;
    expect(p.text).toMatch(/within 15 working days[\s\S]*Responsible: Safeguarding unit\/ social worker$/);
  });

  it("turns the core group flow chart into one table row per step", () => {
    const v = version("darlington", "practitioner-guidance-notes");
    const rows = v.sections.find((s) => s.id === "core-group-frequency")!.passages.map((p) => p.text);
    expect(rows).toContain("Step: 2; After: 10 days; Meeting or task: FIRST CORE GROUP - chaired by Team Manager");
  });

  it("cuts passages to a glance: never over the limit, never empty", () => {
    for (const s of lib.sets)
      for (const d of s.documents)
        for (const v of d.versions)
          for (const p of v.passages) {
            expect(p.text.length, `${s.id} ${p.id}`).toBeLessThanOrEqual(MAX_PASSAGE_CHARS + 100);
            expect(p.text.trim().length, `${s.id} ${p.id}`).toBeGreaterThan(0);
          }
  });

  it("has a glossary covering the field's abbreviations", () => {
    const terms = lib.glossary.flatMap((g) => g.synonyms);
    for (const t of [
      "icpc",
      "rcpc",
      "s47",
      "section 47",
      "core group",
      "cp plan",
      "lac",
      "looked after",
      "csu",
      "cpu",
      "iro",
      "c&f",
      "single assessment",
      "core assessment",
      "hv",
      "gp",
      "camhs",
      "maqa",
    ]) {
      expect(terms, t).toContain(t);
    }
  });
});

describe("versions (fixture)", () => {
  const fx = loadLibrary(FIXTURE_GUIDANCE);
  const doc = findDocument(fx, "demo", "procedure")!;

  it("orders versions naturally and treats the last as current", () => {
    expect(doc.versions.map((v) => v.version)).toEqual(["1", "2", "10"]);
    expect(currentVersion(doc).version).toBe("10");
  });

  it("lists sections added, removed and changed, with a word-level diff", () => {
    const changes = compareVersions(doc.versions[0]!, doc.versions[1]!);
    expect(changes.map((c) => `${c.kind}:${c.id}`).sort()).toEqual(["added:4", "changed:1", "removed:3"]);
    const changed = changes.find((c) => c.id === "1")!;
    expect(changed.parts.filter((p) => p.removed).map((p) => p.value.trim())).toEqual(["15"]);
    expect(changed.parts.filter((p) => p.added).map((p) => p.value.trim())).toEqual(["10"]);
  });

  it("sanitizes rendered markdown: no script, no javascript: links, no event handlers", () => {
    const html = doc.versions[1]!.sections.find((s) => s.id === "4")!.html;
    expect(html).not.toMatch(/<script|javascript:|onerror|<img/i);
    expect(html).toContain("a bad link");
  });
});
