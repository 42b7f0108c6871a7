/** `npm run check-content`: checks the guidance and its question banks the way start-up and the tests do, in plain words. */
import { loadLibrary } from "../guidance/load.js";
import { questionBankProblems } from "../guidance/question-bank-check.js";

const root = process.env.GUIDANCE_DIR ?? "guidance";
try {
  const problems = questionBankProblems(root, loadLibrary(root));
  for (const p of problems) console.log(`✗ ${p}`);
  console.log(problems.length ? `${problems.length} problem(s) to fix.` : "Guidance and question banks: all good.");
  process.exit(problems.length ? 1 : 0);
} catch (e) {
  console.log(`✗ ${(e as Error).message}`);
  process.exit(1);
}
