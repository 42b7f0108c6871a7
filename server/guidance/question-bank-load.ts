/** Reads a version's question bank file (if any) and attaches each entry's questions to its passage. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { Section } from "./model.js";
import { passageHash, QuestionBankFile, questionBankFileName } from "./question-bank.js";

export function attachQuestionBank(docDir: string, version: string, sections: Section[]): void {
  const path = join(docDir, questionBankFileName(version));
  if (!existsSync(path)) return;
  const parsed = QuestionBankFile.safeParse(parse(readFileSync(path, "utf8")) ?? []);
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `entry ${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const passages = new Map(sections.flatMap((s) => s.passages.map((p) => [p.id, p])));
  for (const entry of parsed.data) {
    const p = passages.get(entry.passage);
    if (!p) continue; // orphaned entries are reported by npm run check-content, not fatal at start-up
    p.questions = entry.questions;
    if (entry.duty) p.duty = entry.duty;
    if (entry.hash !== passageHash(p.text)) p.staleQuestions = true;
  }
}
