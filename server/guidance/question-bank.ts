/**
 * The question bank: for each passage, the questions people ask that it answers, in their words.
 * Content lives beside the guidance (`<version>.questions.yaml`); each entry carries a hash of the passage
 * text so an edited passage shows its questions as stale instead of silently answering for new words.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

export const passageHash = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 8);

export const QuestionEntry = z.object({
  passage: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{8}$/, "8 hexadecimal characters"),
  says: z.string().optional(),
  duty: z.string().optional(),
  questions: z.array(z.string().min(3).max(300)).default([]),
});
export type QuestionEntry = z.infer<typeof QuestionEntry>;
export const QuestionBankFile = z.array(QuestionEntry);

export const questionBankFileName = (version: string): string => `${version}.questions.yaml`;

export const MIN_QUESTIONS = 4;
