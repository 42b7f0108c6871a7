/**
 * Learning from use: what people said about answers ("Did this answer your question?") and the questions
 * search or the assistant could not answer well, kept so the procedures lead can teach the question bank.
 * Only the question as typed is kept — never a case, a conversation, a child or a date of birth.
 */
import { createHash } from "node:crypto";
import { z } from "zod";

/** The most of a typed question that is kept. */
export const MAX_FEEDBACK_QUERY = 500;

/**
 * A top search score below this is a weak match, recorded without anyone pressing No. Scores are BM25 times
 * the number of query words matched: on the shipped guidance every question in our three evaluation sets
 * scores 50 or more at the top, a lone abbreviation ("ICPC") about 30, and off-topic questions ("mobile phone
 * policy", "who do I ring about a broken laptop") under 11.
 */
export const LOW_SCORE = 25;

/** What a record says: an answer someone gave, or what we noticed ourselves. */
export const SIGNALS = ["yes", "no", "no-results", "low-score", "low-confidence"] as const;
export type Signal = (typeof SIGNALS)[number];
/** The signals the procedures lead reviews (everything except "yes"). */
export const NEEDS_REVIEW: ReadonlySet<Signal> = new Set(["no", "no-results", "low-score", "low-confidence"]);

const id = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/i);

/** A passage as the feedback names it: where it lives and which version was current. */
export const PassageRef = z.object({
  set: id,
  document: id,
  version: z.string().min(1).max(40),
  passage: z.string().min(1).max(120),
  score: z.number().optional(),
});
export type PassageRef = z.infer<typeof PassageRef>;

export const FeedbackItem = z.object({
  type: z.literal("feedback"),
  id: z.string(),
  at: z.string(),
  kind: z.enum(["search", "ask"]),
  signal: z.enum(SIGNALS),
  query: z.string().max(MAX_FEEDBACK_QUERY),
  /** The procedure sets the question was limited to (empty: all). */
  sets: z.array(z.string()),
  top: PassageRef.optional(),
});
export type FeedbackItem = z.infer<typeof FeedbackItem>;

/** The lead dealt with every record of a question made up to `at`: added it to a passage, or dismissed it. */
export const Resolution = z.object({
  type: z.literal("resolved"),
  at: z.string(),
  key: z.string(),
  how: z.enum(["added", "dismissed"]),
  passage: PassageRef.optional(),
  question: z.string().optional(),
});
export type Resolution = z.infer<typeof Resolution>;

export const FeedbackLine = z.discriminatedUnion("type", [FeedbackItem, Resolution]);
export type FeedbackLine = z.infer<typeof FeedbackLine>;

export type NewFeedback = Omit<FeedbackItem, "type" | "id" | "at">;
export type NewResolution = Omit<Resolution, "type" | "at">;

/** The question as kept: whitespace collapsed, at most MAX_FEEDBACK_QUERY characters. */
export const cleanQuery = (q: string): string => q.replace(/\s+/g, " ").trim().slice(0, MAX_FEEDBACK_QUERY);

/** Questions that differ only in case, spacing or a closing question mark are the same question. */
export const queryKey = (q: string): string =>
  cleanQuery(q)
    .toLowerCase()
    .replace(/[\s?.!]+$/, "");

/** A short, URL-safe name for a question's group. */
export const groupId = (key: string): string => createHash("sha256").update(key).digest("hex").slice(0, 12);

export const refString = (r: PassageRef): string => `${r.set}/${r.document}/${r.version}/${r.passage}`;

export function parseRefString(s: string): PassageRef | undefined {
  const parts = s.split("/");
  if (parts.length !== 4) return undefined;
  const [set, document, version, passage] = parts as [string, string, string, string];
  const r = PassageRef.safeParse({ set, document, version, passage });
  return r.success ? r.data : undefined;
}

/** `/guidance/<set>/<document>/v/<version>#<anchor>` (as search results and assistant sources link) → a passage. */
export function passageRefFromUrl(url: string, score?: number): PassageRef | undefined {
  const m = /^\/guidance\/([^/]+)\/([^/]+)\/v\/([^/#]+)#(.+)$/.exec(url);
  if (!m) return undefined;
  const r = PassageRef.safeParse({
    set: m[1],
    document: m[2],
    version: decodeURIComponent(m[3]!),
    passage: decodeURIComponent(m[4]!),
    ...(score === undefined ? {} : { score }),
  });
  return r.success ? r.data : undefined;
}
