/**
 * `npm run check-content`: checks what a procedures officer edits — the guidance, its question banks, the rules
 * beside it, the golden cases and the timescale coverage — the way start-up and the tests do, and says what is
 * wrong in plain words (which file, which rule, what to change).
 */
import { loadLibrary } from "../guidance/load.js";
import { questionBankProblems } from "../guidance/question-bank-check.js";
import { contentProblems } from "../checklists/check.js";

const root = process.env.GUIDANCE_DIR ?? "guidance";
try {
  const lib = loadLibrary(root);
  const sections: [string, string[]][] = [
    ["Question banks", questionBankProblems(root, lib)],
    ...contentProblems(root, lib),
  ];
  let total = 0;
  for (const [name, problems] of sections) {
    console.log(problems.length ? `${name}: ${problems.length} problem(s)` : `${name}: all good`);
    for (const p of problems) console.log(`  ✗ ${p}`);
    total += problems.length;
  }
  console.log(total ? `${total} problem(s) to fix.` : "Guidance, rules, question banks and golden cases: all good.");
  process.exit(total ? 1 : 0);
} catch (e) {
  console.log(`✗ ${(e as Error).message}`);
  process.exit(1);
}
