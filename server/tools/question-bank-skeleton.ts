/** Adds an empty entry to a version's question bank for every passage that has none (keeps the rest). */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { loadLibrary } from "../guidance/load.js";
import { passageHash, QuestionBankFile, questionBankFileName, type QuestionEntry } from "../guidance/question-bank.js";

const root = process.env.GUIDANCE_DIR ?? "guidance";
const lib = loadLibrary(root);
for (const set of lib.sets)
  for (const doc of set.documents)
    for (const v of doc.versions) {
      const path = join(root, set.id, doc.id, questionBankFileName(v.version));
      const old = existsSync(path) ? QuestionBankFile.parse(parse(readFileSync(path, "utf8")) ?? []) : [];
      const byId = new Map(old.map((e) => [e.passage, e]));
      const entries: QuestionEntry[] = v.passages.map(
        (p) =>
          byId.get(p.id) ?? { passage: p.id, hash: passageHash(p.text), says: p.text.slice(0, 140), questions: [] },
      );
      const head = `# Question bank: ${v.title}, version ${v.versionLabel}.\n# For each passage, 4–8 questions people ask that it answers, in their own words.\n# "hash" ties an entry to the passage text; when the passage changes, npm run check-content says so.\n`;
      writeFileSync(path, head + stringify(entries, { lineWidth: 0 }));
      console.log(`${path}: ${entries.length} passages`);
    }
