/**
 * The one vocabulary (`checklists/vocabulary.yaml`): events with their outcomes and flags, facts, agencies and
 * duties — each declared once with its label, how a sentence says it and the question that asks for it — and
 * the words people use (roles, topics, event words: read for the assistant by server/checklists/vocabulary.ts).
 * The engine, the forms, the pages and the assistant all take their words from here.
 *
 * The ids are the contract (docs/DOMAIN.md) and stay typed in code (EVENT_TYPES, EVENT_FLAGS, OUTCOMES); the
 * file must declare exactly those, which `parseVocabulary` checks. It is shipped data read once, like the bank
 * holidays in calendar.ts: nothing here depends on a request or the clock.
 */
import { readFileSync } from "node:fs";
import { fromRoot } from "../paths.js";
import { parse } from "yaml";
import { z } from "zod";
import { EVENT_FLAGS, EVENT_TYPES, type EventType } from "./rules/schema.js";

export const VOCABULARY_FILE = "vocabulary.yaml";
export const SHIPPED_VOCABULARY = fromRoot("checklists", VOCABULARY_FILE);

/** What a vocabulary file that cannot be used says: the file and each problem, in words. */
export class VocabularyError extends Error {}

const Pattern = z.string().refine((s) => {
  try {
    new RegExp(s, "i");
    return true;
  } catch {
    return false;
  }
}, "is not a pattern that can be read (check the brackets)");

const text = z.string().min(1);
const File = z.object({
  // Roles and topics are the assistant's (server/checklists/vocabulary.ts reads them); checked here for their duties.
  roles: z.array(z.object({ id: text, label: text, words: Pattern }).strict()).default([]),
  topics: z.array(z.object({ duties: z.array(text).min(1), words: Pattern }).strict()).default([]),
  events: z
    .array(
      z
        .object({
          id: text,
          label: text,
          name: text,
          question: text,
          when: text.optional(),
          "to record": text.optional(),
          awaited: text.optional(),
          outcomes: z.array(z.object({ id: text, label: text, awaited: text.optional() }).strict()).default([]),
          flags: z.array(text).default([]),
        })
        .strict(),
    )
    .default([]),
  flags: z
    .array(
      z
        .object({
          id: text,
          label: text,
          question: text,
          unset: z.enum(["yes", "no"]).optional(),
          number: z.boolean().optional(),
        })
        .strict(),
    )
    .default([]),
  facts: z.array(z.object({ id: text, question: text, kind: z.enum(["boolean", "agencies"]) }).strict()).default([]),
  agencies: z.array(z.object({ id: text, label: text, name: text }).strict()).default([]),
  duties: z.array(z.object({ id: text, label: text }).strict()).default([]),
  "event words": z.array(z.object({ event: text, words: Pattern }).strict()).default([]),
});

export interface EventEntry {
  id: EventType;
  label: string;
  name: string;
  question: string;
  /** Heads what waits on it: "When the ICPC is held". */
  when?: string;
  /** Where a case starts with it: "Record the ICPC and its outcome". */
  "to record"?: string;
  /** What a waiting action waits on, where the name does not read so: "the ICPC to be booked". */
  awaited?: string;
  outcomes: { id: string; label: string; awaited?: string }[];
  flags: string[];
}

export interface VocabularyData {
  events: Map<EventType, EventEntry>;
  flags: Map<string, { id: string; label: string; question: string; unset?: boolean; number?: boolean }>;
  facts: { id: string; question: string; kind: "boolean" | "agencies" }[];
  agencies: Map<string, { id: string; label: string; name: string }>;
  duties: Map<string, { id: string; label: string }>;
}

/** The conference kinds people name without saying whether it was held or booked (the assistant reads the tense). */
export const CONFERENCE_WORDS = ["icpc", "rcpc", "conference"] as const;

/**
 * Reads a vocabulary file's text. `expected` are the ids the code works with (the contract): the file must
 * declare each exactly once (pass `false` for a partial file, e.g. an older one holding only roles and topics).
 */
export function parseVocabulary(
  source: string,
  file: string,
  expected: { outcomes: Partial<Record<EventType, string[]>> } | false = false,
): VocabularyData {
  let data: unknown;
  try {
    data = parse(source);
  } catch (e) {
    throw new VocabularyError(`${file}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = File.safeParse(data ?? {});
  if (!parsed.success)
    throw new VocabularyError(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`,
    );
  const f = parsed.data;
  const problems: string[] = [];
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${what} “${id}” is declared twice`);
      seen.add(id);
    }
  };
  unique(
    "event",
    f.events.map((e) => e.id),
  );
  unique(
    "flag",
    f.flags.map((x) => x.id),
  );
  unique(
    "fact",
    f.facts.map((x) => x.id),
  );
  unique(
    "agency",
    f.agencies.map((x) => x.id),
  );
  unique(
    "duty",
    f.duties.map((x) => x.id),
  );
  const flagIds = new Set(f.flags.map((x) => x.id));
  for (const e of f.events) {
    if (!(EVENT_TYPES as readonly string[]).includes(e.id))
      problems.push(`events: “${e.id}” is not an event Pathway records (${EVENT_TYPES.join(", ")})`);
    for (const fl of e.flags) if (!flagIds.has(fl)) problems.push(`events: ${e.id} has flag “${fl}”, not under flags`);
  }
  const eventIds = new Set<string>(f.events.map((e) => e.id));
  for (const w of f["event words"])
    if (!eventIds.has(w.event) && !(CONFERENCE_WORDS as readonly string[]).includes(w.event))
      problems.push(`event words: “${w.event}” is not an event (or icpc, rcpc, conference)`);
  const dutyIds = new Set(f.duties.map((d) => d.id));
  if (dutyIds.size)
    for (const t of f.topics)
      for (const d of t.duties) if (!dutyIds.has(d)) problems.push(`topics: “${d}” is not a duty under duties`);
  if (expected) {
    for (const t of EVENT_TYPES) if (!eventIds.has(t)) problems.push(`events: “${t}” is missing`);
    for (const fl of [...Object.keys(EVENT_FLAGS), "grading"])
      if (!flagIds.has(fl)) problems.push(`flags: “${fl}” is missing`);
    for (const e of f.events) {
      const want = expected.outcomes[e.id as EventType] ?? [];
      const have = e.outcomes.map((o) => o.id);
      if (want.join() !== have.join())
        problems.push(
          `events: ${e.id} must have the outcomes ${want.length ? want.join(", ") : "(none)"}, not ${have.join(", ") || "(none)"}`,
        );
    }
  }
  if (problems.length) throw new VocabularyError(`${file}: ${problems.join("; ")}`);
  return {
    events: new Map(f.events.map((e) => [e.id as EventType, { ...e, id: e.id as EventType }])),
    flags: new Map(
      f.flags.map((x) => [
        x.id,
        {
          id: x.id,
          label: x.label,
          question: x.question,
          ...(x.unset ? { unset: x.unset === "yes" } : {}),
          ...(x.number ? { number: true } : {}),
        },
      ]),
    ),
    facts: f.facts,
    agencies: new Map(f.agencies.map((a) => [a.id, a])),
    duties: new Map(f.duties.map((d) => [d.id, d])),
  };
}

/** The outcomes each event may have, as the contract gives them (the vocabulary must declare the same). */
export const CONTRACT_OUTCOMES: Partial<Record<EventType, string[]>> = {
  icpc_held: ["plan", "no_plan", "deferred"],
  rcpc_held: ["plan_continues", "plan_ended"],
};

/** The shipped vocabulary, read once. */
export const VOCABULARY: VocabularyData = parseVocabulary(
  readFileSync(SHIPPED_VOCABULARY, "utf8"),
  `checklists/${VOCABULARY_FILE}`,
  { outcomes: CONTRACT_OUTCOMES },
);

// ── Typed helpers: every label, name and question comes from here ───────────────────────────────────────

const event = (t: EventType) => VOCABULARY.events.get(t)!;
/** "ICPC held": forms and the timeline. */
export const eventLabel = (t: EventType): string => event(t)?.label ?? t;
/** "the ICPC": in sentences ("10 working days after the ICPC"). */
export const eventName = (t: EventType): string => event(t)?.name ?? t.replace(/_/g, " ");
/** "ICPC": the name without its article or "last" ("Done: core group on …"). */
export const eventNoun = (t: EventType): string => eventName(t).replace(/^the (last |first )?/, "");
/** "When was the ICPC held?" */
export const eventQuestion = (t: EventType): string => event(t)?.question ?? `When was ${eventName(t)}?`;
/** Event id → label ("ICPC held"), for forms and the timeline. */
export const EVENT_LABELS = Object.fromEntries([...VOCABULARY.events.values()].map((e) => [e.id, e.label])) as Record<
  EventType,
  string
>;
/** Event id → how what waits on it is headed ("When the ICPC is held"). */
export const EVENT_WHEN = Object.fromEntries(
  [...VOCABULARY.events.values()].map((e) => [e.id, e.when ?? `When ${e.name} happens`]),
) as Record<EventType, string>;
/** Event id → the first step of a case that starts with it ("Record the ICPC and its outcome"), where one is given. */
export const EVENT_TO_RECORD = Object.fromEntries(
  [...VOCABULARY.events.values()].filter((e) => e["to record"]).map((e) => [e.id, e["to record"]!]),
) as Partial<Record<EventType, string>>;
/** Every outcome id with its label ("plan" → "Child protection plan"). */
export const OUTCOME_LABELS: Record<string, string> = Object.fromEntries(
  [...VOCABULARY.events.values()].flatMap((e) => e.outcomes.map((o) => [o.id, o.label])),
);
export const outcomeLabel = (o: string): string => OUTCOME_LABELS[o] ?? o.replace(/_/g, " ");
/** How waiting on an event with one of these outcomes is said ("the ICPC deciding on a child protection plan"). */
export function awaitedWords(t: EventType, outcomes?: string[]): string {
  const o = outcomes?.length ? event(t)?.outcomes.find((x) => x.id === outcomes[0]) : undefined;
  if (o?.awaited) return o.awaited;
  if (outcomes?.length) return `${eventName(t)} (${outcomes.map(outcomeLabel).join(" or ").toLowerCase()})`;
  return event(t)?.awaited ?? eventName(t);
}
/** "the health visitor": in sentences. */
export const agencyName = (id: string): string => VOCABULARY.agencies.get(id)?.name ?? id.replace(/_/g, " ");
/** "Health visitor": in lists and on forms. */
export const agencyListLabel = (id: string): string => VOCABULARY.agencies.get(id)?.label ?? id.replace(/_/g, " ");
export const dutyLabel = (id: string): string => VOCABULARY.duties.get(id)?.label ?? id.replace(/_/g, " ");
export const flagLabel = (id: string): string => VOCABULARY.flags.get(id)?.label ?? id;
/** What a flag that was not recorded means (a visit is taken to have seen the child). */
export const flagUnset = (id: string): boolean => VOCABULARY.flags.get(id)?.unset ?? false;
export const factQuestion = (id: string): string => VOCABULARY.facts.find((f) => f.id === id)?.question ?? id;
