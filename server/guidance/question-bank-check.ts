/** Problems with the question banks, in words a procedures officer can act on (used by tests and check-content). */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { currentVersion, type GuidanceLibrary } from "./model.js";
import { MIN_QUESTIONS, passageHash, QuestionBankFile, questionBankFileName } from "./question-bank.js";

export function questionBankProblems(root: string, lib: GuidanceLibrary): string[] {
  const problems: string[] = [];
  for (const set of lib.sets)
    for (const doc of set.documents) {
      const v = currentVersion(doc);
      const file = join(set.id, doc.id, questionBankFileName(v.version));
      if (!existsSync(join(root, file))) {
        problems.push(`${file}: missing — every current version needs a question bank`);
        continue;
      }
      const entries = QuestionBankFile.parse(parse(readFileSync(join(root, file), "utf8")) ?? []);
      const byId = new Map(entries.map((e) => [e.passage, e]));
      for (const e of entries)
        if (!v.passages.some((p) => p.id === e.passage))
          problems.push(
            `${file}: "${e.passage}" is not a passage of this version any more — move its questions or delete it`,
          );
      for (const p of v.passages) {
        const e = byId.get(p.id);
        if (!e) problems.push(`${file}: passage "${p.id}" has no entry`);
        else if (e.hash !== passageHash(p.text))
          problems.push(
            `${file}: passage "${p.id}" has changed since its questions were written — check them, then set hash to ${passageHash(p.text)}`,
          );
        else if (e.questions.length < MIN_QUESTIONS)
          problems.push(
            `${file}: passage "${p.id}" has ${e.questions.length} questions; write at least ${MIN_QUESTIONS}`,
          );
      }
    }
  return problems;
}
