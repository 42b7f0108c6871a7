/** The assistant's vocabulary (`checklists/vocabulary.yaml`): who speaks, and which duty a question is about. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { z } from "zod";

const Pattern = z.string().refine((s) => {
  try {
    new RegExp(s, "i");
    return true;
  } catch {
    return false;
  }
}, "is not a pattern that can be read (check the brackets)");

const VocabularyFile = z.object({
  roles: z.array(z.object({ id: z.string().min(1), label: z.string().min(1), words: Pattern })),
  topics: z.array(z.object({ duties: z.array(z.string().min(1)).min(1), words: Pattern })),
});

export interface Vocabulary {
  roles: { id: string; label: string; re: RegExp }[];
  topics: { duties: string[]; re: RegExp }[];
}

export const VOCABULARY_FILE = "vocabulary.yaml";

export function loadVocabulary(dir: string): Vocabulary {
  const path = join(dir, VOCABULARY_FILE);
  if (!existsSync(path)) return { roles: [], topics: [] };
  const parsed = VocabularyFile.safeParse(parse(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(
      `checklists/${VOCABULARY_FILE}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return {
    roles: parsed.data.roles.map((r) => ({ id: r.id, label: r.label, re: new RegExp(r.words, "i") })),
    topics: parsed.data.topics.map((t) => ({ duties: t.duties, re: new RegExp(t.words, "i") })),
  };
}
