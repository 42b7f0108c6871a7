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
  /** How people name events (an event id, or icpc / rcpc / conference); the rest of the file is read by server/domain/vocabulary.ts. */
  "event words": z.array(z.object({ event: z.string().min(1), words: Pattern })).default([]),
});

const INTENTS = [
  "greeting",
  "deadline",
  "applies",
  "nextSteps",
  "whatIf",
  "question",
  "future",
  "roleQuestion",
  "beforeIt",
  "leansOnLast",
  "followsOn",
  "firstPerson",
  "wholePart",
  "noSubject",
  "aboutATerm",
  "justNow",
] as const;
const FOLLOW_UPS = ["explain", "next", "waiting", "correction", "sameIntent"] as const;
export type FollowUpKind = (typeof FOLLOW_UPS)[number];

const IntentsFile = z.object({
  intents: z.object(
    Object.fromEntries(INTENTS.map((k) => [k, Pattern])) as Record<(typeof INTENTS)[number], typeof Pattern>,
  ),
  followUps: z.array(z.object({ kind: z.enum(FOLLOW_UPS), words: Pattern })),
  domain: z.array(z.string().min(2)).default([]),
});

export interface Vocabulary {
  roles: { id: string; label: string; re: RegExp }[];
  topics: { duties: string[]; re: RegExp }[];
  /** What kind of message it is (checklists/intents.yaml). */
  intents: Record<(typeof INTENTS)[number], RegExp>;
  followUps: { kind: FollowUpKind; re: RegExp }[];
  /** Everyday words of the work (intents.yaml `domain`). */
  domain: string[];
  /** How people name events in what they type, most specific first (checklists/vocabulary.yaml, "event words"). */
  eventWords: { event: string; re: RegExp }[];
}

export const VOCABULARY_FILE = "vocabulary.yaml";
export const INTENTS_FILE = "intents.yaml";

function readYaml<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(parse(readFileSync(join(dir, file), "utf8")));
  if (!parsed.success)
    throw new Error(
      `checklists/${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

export function loadVocabulary(dir: string): Vocabulary {
  const never = /(?!)/;
  const intents = existsSync(join(dir, INTENTS_FILE))
    ? readYaml(dir, INTENTS_FILE, IntentsFile)
    : {
        intents: Object.fromEntries(INTENTS.map((k) => [k, never.source])) as Record<(typeof INTENTS)[number], string>,
        followUps: [],
      };
  const compiled = {
    intents: Object.fromEntries(
      Object.entries(intents.intents).map(([k, v]) => [k, new RegExp(v, "i")]),
    ) as Vocabulary["intents"],
    followUps: intents.followUps.map((f) => ({ kind: f.kind, re: new RegExp(f.words, "i") })),
    domain: "domain" in intents ? intents.domain : [],
  };
  if (!existsSync(join(dir, VOCABULARY_FILE))) return { roles: [], topics: [], eventWords: [], ...compiled };
  const parsed = { data: readYaml(dir, VOCABULARY_FILE, VocabularyFile) };
  return {
    ...compiled,
    roles: parsed.data.roles.map((r) => ({ id: r.id, label: r.label, re: new RegExp(r.words, "i") })),
    topics: parsed.data.topics.map((t) => ({ duties: t.duties, re: new RegExp(t.words, "i") })),
    eventWords: parsed.data["event words"].map((w) => ({ event: w.event, re: new RegExp(w.words, "i") })),
  };
}
