import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../server/guidance/load.js";
import { GuidanceSearch } from "../../server/search/index.js";
import { editDistance } from "../../server/search/spelling.js";
import { loadSearchQuestions, top3 } from "../fixtures/eval.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const search = new GuidanceSearch(loadLibrary(SHIPPED_GUIDANCE));

describe("search quality", () => {
  it("puts an accepted passage in the top 3 for at least 90% of the development questions", () => {
    const r = top3(loadSearchQuestions("search-dev.json"), (q) => search.search(q).results);
    expect(r.misses).toEqual([]);
    expect(r.share).toBeGreaterThanOrEqual(0.9);
  });

  it("does as well on our own further practitioner questions (50, written to probe the general skill)", () => {
    const r = top3(
      [...loadSearchQuestions("search-extra.json"), ...loadSearchQuestions("search-more.json")],
      (q) => search.search(q).results,
    );
    expect(r.share, r.misses.join(" | ")).toBeGreaterThanOrEqual(0.9);
  });

  it("holds its measured level on the probe sets written from the procedure text alone (regression)", () => {
    // search-probe: written before the question bank existed (first score 69%); search-heldout: never tuned on.
    // search-fresh5: written from the seeds by a helper in session 3, first score 93.6%.
    for (const file of ["probe/search-probe.json", "probe/search-heldout.json", "probe/search-fresh5.json"]) {
      const r = top3(loadSearchQuestions(file), (q, p) => search.search(q, p ? { procedures: [p] } : {}).results);
      expect(r.share, `${file}: ${r.misses.join(" | ")}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("finds spelled-out procedures from an abbreviation (glossary synonyms)", () => {
    // Bolton never writes "ICPC" in this paragraph; the synonym family links the two.
    const r = search.search("ICPC timescale", { procedures: ["bolton"] }).results.slice(0, 3);
    expect(r.some((x) => x.text.includes("should take place within 15 working days of a strategy discussion"))).toBe(
      true,
    );
  });

  it("corrects spelling against the procedures' own words and says so", () => {
    const o = search.search("wen is the reveiw conferance");
    expect(o.correctedQuery).toBe("when is the review conference");
    expect(o.results.slice(0, 3).some((r) => /review/i.test(r.text))).toBe(true);
  });

  it("leaves abbreviations and half-typed words alone", () => {
    for (const q of ["core grp mins", "s47 deadlin"]) {
      const o = search.search(q);
      expect(o.correctedQuery, q).toBeUndefined();
      // Left alone, and still found: the words are matched as prefixes.
      expect(o.results.length, q).toBeGreaterThan(0);
    }
  });

  it("reads an area's name in the question as where to look, not as a word to find", () => {
    // "llr" and "bolton's" appear in no passage as asked; left in, they dilute the question.
    const top = (q: string, set: string) =>
      search
        .search(q, { procedures: [set] })
        .results.slice(0, 3)
        .map((r) => r.url);
    for (const [q, named, set] of [
      ["what's in the cp plan", "what's in the cp plan llr", "llr"],
      ["who chairs the first core group", "who chairs the first core group in bolton's procedure", "bolton"],
    ] as const)
      expect(top(named, set), named).toEqual(top(q, set));
  });

  it("filters by procedure set", () => {
    const r = search.search("core group", { procedures: ["llr", "bolton"], limit: 20 }).results;
    expect(r.length).toBeGreaterThan(0);
    expect(new Set(r.map((x) => x.procedures))).toEqual(new Set(["llr", "bolton"]));
  });

  it("returns passages with a heading path and a link to the passage", () => {
    const [r] = search.search("first core group within ten working days", { procedures: ["lscb-ch9"] }).results;
    expect(r).toMatchObject({
      procedures: "lscb-ch9",
      document: "core-group-chapter-9",
      section: "9.2.4",
      heading: "9.2 Core group › Timing › 9.2.4",
    });
    expect(r!.url).toBe("/guidance/lscb-ch9/core-group-chapter-9/v/1#9.2.4-p1");
  });

  it("counts edits the way a typist makes them (a swap is one edit)", () => {
    expect(editDistance("reveiw", "review", 2)).toBe(1);
    expect(editDistance("wen", "when", 1)).toBe(1);
    expect(editDistance("core", "group", 2)).toBe(3);
  });
});
