/**
 * Adding one question to a passage's entry in its question bank file, keeping the rest of the file as it was
 * (header comment, order, quoting). Refuses — and writes nothing — when the file or the passage's entry is
 * missing, or the entry was written for different text (its hash no longer matches the passage).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import { isMap, isSeq, parseDocument, type Document } from "yaml";
import { writeFileAtomic } from "../store/atomic-file.js";
import type { DocumentVersion, Passage } from "./model.js";
import { QuestionBankFile, QuestionEntry, passageHash, questionBankFileName } from "./question-bank.js";

export const MIN_QUESTION = 3;
export const MAX_QUESTION = 300;

export type BankProblem = "no-file" | "no-entry" | "stale" | "unreadable" | "duplicate";

export type BankEntryCheck =
  | { ok: true; path: string; file: string; questions: string[] }
  | { ok: false; problem: BankProblem; path: string; file: string; message: string };

export const questionBankPath = (guidanceDir: string, v: DocumentVersion): string =>
  join(guidanceDir, v.set, v.document, questionBankFileName(v.version));

const sameQuestion = (a: string, b: string) => {
  const n = (s: string) =>
    s
      .toLowerCase()
      .replace(/\s+/g, " ")
      .replace(/[\s?.!]+$/, "")
      .trim();
  return n(a) === n(b);
};

function open(guidanceDir: string, v: DocumentVersion, passage: Passage) {
  const path = questionBankPath(guidanceDir, v);
  const file = `${v.set}/${v.document}/${questionBankFileName(v.version)}`;
  const fail = (problem: BankProblem, message: string) => ({ ok: false as const, problem, path, file, message });
  if (!existsSync(path))
    return fail("no-file", `There is no question bank file for this version (${file}), so nothing was added.`);
  const doc = parseDocument(readFileSync(path, "utf8"));
  if (doc.errors.length || !isSeq(doc.contents))
    return fail("unreadable", `${file} could not be read as a list of entries, so nothing was added.`);
  const node = doc.contents.items.find((i) => isMap(i) && (i.get("passage") as unknown) === passage.id);
  const entry = node ? QuestionEntry.safeParse((node as { toJSON(): unknown }).toJSON()) : undefined;
  if (!node || !entry?.success)
    return fail(
      "no-entry",
      `${file} has no entry for passage ${passage.id}, so nothing was added. Add the entry first (npx tsx server/tools/question-bank-skeleton.ts adds the missing ones).`,
    );
  if (entry.data.hash !== passageHash(passage.text))
    return fail(
      "stale",
      `The question bank entry for passage ${passage.id} is stale: it was written for different text (hash ${entry.data.hash}, the passage is now ${passageHash(passage.text)}). Nothing was added; review the entry's questions against the new text and update its hash first.`,
    );
  return { ok: true as const, path, file, doc, node, questions: entry.data.questions };
}

/** Whether a question can be added to this passage's entry, and the questions it has now. */
export function checkBankEntry(guidanceDir: string, v: DocumentVersion, passage: Passage): BankEntryCheck {
  const r = open(guidanceDir, v, passage);
  return r.ok ? { ok: true, path: r.path, file: r.file, questions: r.questions } : r;
}

/** Appends `question` to the passage's entry. The caller reloads the guidance so search uses it. */
export async function addQuestionToBank(
  guidanceDir: string,
  v: DocumentVersion,
  passage: Passage,
  question: string,
): Promise<BankEntryCheck> {
  const r = open(guidanceDir, v, passage);
  if (!r.ok) return r;
  if (r.questions.some((q) => sameQuestion(q, question)))
    return {
      ok: false,
      problem: "duplicate",
      path: r.path,
      file: r.file,
      message: `The passage's question bank already has “${question}”. Nothing was added.`,
    };
  const doc = r.doc as Document;
  const map = r.node as { get(k: string, keepNode: true): unknown; set(k: string, v: unknown): void };
  const list = map.get("questions", true);
  if (isSeq(list)) {
    list.flow = false; // "questions: []" becomes a block list
    list.items.push(doc.createNode(question));
  } else map.set("questions", doc.createNode([question]));
  const text = doc.toString({ lineWidth: 0 });
  // Never write a file the loader would refuse.
  QuestionBankFile.parse(parseDocument(text).toJS());
  const mode = statSync(r.path).mode & 0o777;
  await writeFileAtomic(r.path, text);
  await chmod(r.path, mode); // the temp file was private; keep the content file's own permissions
  return { ok: true, path: r.path, file: r.file, questions: [...r.questions, question] };
}
