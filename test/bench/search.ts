/** Search benchmark: speed on the shipped corpus and on one 100 times larger, index build time, and quality against a Fuse.js baseline. */
import Fuse from "fuse.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { currentVersion } from "../../server/guidance/model.js";
import { GuidanceSearch } from "../../server/search/index.js";
import { loadSearchQuestions, top3 } from "../fixtures/eval.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";
import { ms, report, timeEach } from "./stats.js";

export function benchSearch() {
  console.log("\nSearch");
  let t = performance.now();
  const lib = loadLibrary(SHIPPED_GUIDANCE);
  const loadMs = performance.now() - t;
  t = performance.now();
  const search = new GuidanceSearch(lib);
  const buildMs = performance.now() - t;
  console.log(
    `  startup: load guidance ${ms(loadMs)} + build index ${ms(buildMs)} = ${ms(loadMs + buildMs)} (target < 500 ms), ${search.size} passages`,
  );

  const questions = [
    ...loadSearchQuestions("search-dev.json"),
    ...loadSearchQuestions("search-extra.json"),
    ...loadSearchQuestions("search-more.json"),
    ...loadSearchQuestions("probe/search-probe.json"),
    ...loadSearchQuestions("probe/search-heldout.json"),
  ];
  const queries = questions.map((q) => q.q);
  report(
    "shipped corpus, per query (target p50 < 5, p95 < 20)",
    timeEach(queries, (q) => search.search(q), 5),
  );

  // 100× corpus: every passage 99 more times, words shuffled, so the vocabulary and postings grow realistically.
  const entries = lib.sets
    .flatMap((s) => s.documents.map(currentVersion))
    .flatMap((v) => v.passages.map((p) => ({ passage: p, version: v })));
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const extra = [];
  for (let i = 1; i < 100; i++)
    for (const e of entries) {
      const words = e.passage.text.split(/\s+/);
      for (let j = words.length - 1; j > 0; j--) {
        const k = Math.floor(rand() * (j + 1));
        [words[j], words[k]] = [words[k]!, words[j]!];
      }
      extra.push({
        passage: { ...e.passage, id: `${e.passage.id}-x${i}`, text: `${words.join(" ")} case${i}` },
        version: e.version,
      });
    }
  t = performance.now();
  const big = new GuidanceSearch(lib, extra);
  console.log(`  100× corpus: ${big.size} passages, index built in ${ms(performance.now() - t)}`);
  report(
    "100× corpus, per query (target p95 < 50)",
    timeEach(queries, (q) => big.search(q), 2),
  );

  const ours = top3(questions, (q) => search.search(q).results);
  const passages = entries.map((e) => ({ text: e.passage.text, heading: e.passage.headingPath.join(" ") }));
  const fuse = new Fuse(passages, { keys: ["text", "heading"], ignoreLocation: true, threshold: 0.4 });
  const fuseTimes: number[] = [];
  const theirs = top3(questions, (q) => {
    const s = performance.now();
    const r = fuse.search(q).map((x) => x.item);
    fuseTimes.push(performance.now() - s);
    return r;
  });
  console.log(
    `  quality, top 3 holds an accepted passage (dev, our own, probe and held-out sets: ${questions.length} questions):`,
  );
  console.log(`    Pathway search (BM25 + glossary + phrasings): ${(ours.share * 100).toFixed(0)}%`);
  console.log(`    Fuse.js, ignoreLocation:                       ${(theirs.share * 100).toFixed(0)}%`);
  report("Fuse.js per query, shipped corpus", fuseTimes);
}
