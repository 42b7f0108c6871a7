/** Prints search and dialogue scores on every set we hold (dev, our own, probe): `npx tsx test/bench/quality.ts`. */
process.env.LOG_REQUESTS ??= "0";
import { loadLibrary } from "../../server/guidance/load.js";
import { GuidanceSearch } from "../../server/search/index.js";
import { countChecks, loadDialogs, runDialog } from "../fixtures/dialogs.js";
import { loadSearchQuestions, top3 } from "../fixtures/eval.js";
import { makeApp, SHIPPED_GUIDANCE } from "../helpers.js";

const verbose = process.argv.includes("-v");
// `--only a,b`: just the sets whose file names contain one of these (a fresh probe set, say, scored on its own).
const onlyArg = process.argv[process.argv.indexOf("--only") + 1];
const only = process.argv.includes("--only") && onlyArg ? onlyArg.split(",") : undefined;
const chosen = (file: string) => !only || only.some((o) => file.includes(o));
const search = new GuidanceSearch(loadLibrary(SHIPPED_GUIDANCE));
const run = (q: string, p?: string) => search.search(q, p ? { procedures: [p] } : {}).results;
for (const file of [
  "search-dev.json",
  "search-extra.json",
  "search-more.json",
  "probe/search-probe.json",
  "probe/search-heldout.json",
  "probe/search-fresh5.json",
  // Written from the seeds in session 3 and scored, never read: see the README (The assistant).
  ...(process.argv.includes("--untouched") ? ["probe/search-holdout6.json"] : []),
  ...(process.env.EXTRA_SEARCH ? [process.env.EXTRA_SEARCH] : []),
].filter(chosen)) {
  const qs = loadSearchQuestions(file);
  const r = top3(qs, run);
  console.log(`search ${file}: ${Math.round(r.share * 1000) / 10}% of ${qs.length}`);
  if (verbose) for (const m of r.misses) console.log(`   miss: ${m}`);
}
const { app } = await makeApp();
for (const file of [
  "dialogs-dev.json",
  "dialogs-extra.json",
  "dialogs-more.json",
  "probe/dialogs-probe.json",
  "probe/dialogs-heldout.json",
  "probe/dialogs-heldout3.json",
  "probe/dialogs-fresh5.json",
  // Scored before changing anything, never read: see the README (The assistant).
  ...(process.argv.includes("--untouched") ? ["probe/dialogs-untouched.json", "probe/dialogs-holdout6.json"] : []),
  ...(process.env.EXTRA_DIALOGS ? [process.env.EXTRA_DIALOGS] : []),
].filter(chosen)) {
  const ds = loadDialogs(file);
  let checks = 0;
  let failed = 0;
  let perfect = 0;
  for (const d of ds) {
    const p = await runDialog(app, d);
    const n = countChecks(d);
    checks += n;
    failed += Math.min(n, p.length);
    if (!p.length) perfect++;
    if (verbose && p.length) console.log(`   ${d.name}: ${p.join(" || ").slice(0, 600)}`);
  }
  console.log(
    `dialogs ${file}: checks ${checks - failed}/${checks}; conversations right in every turn ${perfect}/${ds.length}`,
  );
}
process.exit(0);
