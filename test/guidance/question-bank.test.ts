import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../server/guidance/load.js";
import { questionBankProblems } from "../../server/guidance/question-bank-check.js";
import { GuidanceSearch } from "../../server/search/index.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

describe("the question bank", () => {
  it("has at least 4 current questions for every passage of every shipped document, and no orphans", () => {
    expect(questionBankProblems(SHIPPED_GUIDANCE, loadLibrary(SHIPPED_GUIDANCE))).toEqual([]);
  });

  it("flags a passage edited after its questions were written, and stops using them", () => {
    const root = mkdtempSync(join(tmpdir(), "qb-"));
    cpSync(SHIPPED_GUIDANCE, root, { recursive: true });
    const md = join(root, "cp-guide/conference-guide-for-social-workers/1.md");
    const text = readFileSync(md, "utf8");
    const edited = text.replace(
      "A Child Protection Conference is held when",
      "A Child Protection Conference is convened when",
    );
    expect(edited).not.toBe(text);
    writeFileSync(md, edited);
    const lib = loadLibrary(root);
    const problems = questionBankProblems(root, lib);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/"what-is-a-conference-p1" has changed since its questions were written/);
    const passage = lib.sets
      .flatMap((s) => s.documents.flatMap((d) => d.versions.flatMap((v) => v.passages)))
      .find((p) => p.id === "what-is-a-conference-p1")!;
    expect(passage.staleQuestions).toBe(true);
  });

  it("lets search find a passage by a question in its bank that shares few words with the passage", () => {
    const lib = loadLibrary(SHIPPED_GUIDANCE);
    const search = new GuidanceSearch(lib);
    // Pick a bank question and check that its own passage comes back in the top 3 for it.
    const passages = lib.sets.flatMap((s) => s.documents.flatMap((d) => d.versions.at(-1)!.passages));
    let found = 0;
    for (const p of passages) {
      const q = p.questions![0]!;
      if (search.search(q, { limit: 3 }).results.some((r) => r.text === p.text)) found++;
    }
    expect(found / passages.length).toBeGreaterThan(0.9);
  });
});
