import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../server/search/bm25.js";

const docs = [
  [["core", "group", "within", "ten", "working", "days"], ["timing"]],
  [["core", "assessment", "thirty", "five", "working", "days"], ["assessment"]],
  [["visit", "every", "ten", "working", "days", "visit", "alone"], ["visits"]],
  [
    ["minutes", "within", "fifteen", "working", "days"],
    ["record", "keeping"],
  ],
];
const index = new Bm25Index(
  [
    { name: "text", boost: 1 },
    { name: "heading", boost: 0.6 },
  ],
  docs,
);
const exact = (term: string) => ({ term, prefix: false, fuzzy: 0 });

describe("BM25 index", () => {
  it("ranks documents matching more of the query first", () => {
    const top = index.search([exact("core"), exact("group")], 10);
    expect(top.map(([d]) => d)).toEqual([0, 1]);
  });

  it("weights rare terms above common ones (IDF)", () => {
    const top = index.search([exact("working"), exact("alone")], 10);
    expect(top[0]![0]).toBe(2);
  });

  it("counts a repeated query term once per document", () => {
    const once = index.search([exact("alone"), exact("core")], 10);
    const twice = index.search([exact("alone"), exact("alone"), exact("core")], 10);
    // Repeating adds score but not a second 'matched term': doc 2 still matches one distinct term.
    const score = (r: [number, number][], d: number) => r.find(([x]) => x === d)![1];
    expect(score(twice, 2) / score(once, 2)).toBeCloseTo(2, 5);
  });

  it("expands prefixes and fuzzy matches only when asked", () => {
    expect(index.search([exact("assess")], 10)).toEqual([]);
    expect(index.search([{ term: "assess", prefix: true, fuzzy: 0 }], 10).map(([d]) => d)).toEqual([1]);
    expect(index.search([{ term: "minuets", prefix: false, fuzzy: 2 }], 10).map(([d]) => d)).toEqual([3]);
  });

  it("filters and limits, and leaves no state behind between queries", () => {
    expect(index.search([exact("days")], 2).length).toBe(2);
    expect(index.search([exact("days")], 10, (d) => d === 3).map(([d]) => d)).toEqual([3]);
    const a = index.search([exact("within")], 10);
    const b = index.search([exact("within")], 10);
    expect(b).toEqual(a);
  });
});
