/**
 * Reads one rules file — `guidance/<set>/<document>/<version>.rules.yaml`, written by a procedures officer — into
 * the rules the engine runs. Every problem is said in words the officer can act on: which rule (its number in
 * the file and its id), which field, what was written and what would be right.
 *
 * The file (see README, "Rules engine"):
 *
 *   rules:
 *     - quote: "…must be held within 10 working days."     # first: the sentence, word for word
 *       section: 3-the-core-group                            # the section it is in
 *       id: bolton.first-core-group                          # never changes (cases keep "done" marks by it)
 *       title: First core group
 *       duty: first_core_group
 *       clock starts: icpc_held with outcome plan            # what starts the clock
 *       timescale: 10 working days after
 *       owner: Lead professional (chairs)
 *       applies: on a plan                                   # when it applies
 *       done when: core_group_held                           # what completes it
 */
import { parse } from "yaml";
import type {
  Anchor,
  Checklist,
  Condition,
  EventFilter,
  EventMatch,
  EventType,
  FlagId,
  Offset,
  PerChild,
  Readings,
  Rule,
  Skipped,
  Source,
  Unit,
} from "../domain/rules/schema.js";
import { EVENT_TYPES } from "../domain/rules/schema.js";
import { isValidIso } from "../domain/dates.js";
import type { VocabularyData } from "../domain/vocabulary.js";

/** One document version's rules, as read from its file. */
export interface RuleBook extends Checklist {
  /** As shown in messages: `guidance/bolton/child-protection-conferences/1.rules.yaml`. */
  file: string;
  document: string;
  /** The version whose file this is. */
  version: string;
  /** Where each rule and reading is in the file, for messages ("rule 3 (bolton.quoracy)"). */
  where: Map<object, string>;
  /** Reading names as the officer wrote them, by kind. */
  readingNames: Partial<Record<keyof Readings, string>>;
}

export interface ReadContext {
  file: string;
  set: string;
  document: string;
  version: string;
  vocabulary: VocabularyData;
}

const RULE_FIELDS = [
  "quote",
  "section",
  "id",
  "title",
  "duty",
  "clock starts",
  "timescale",
  "owner",
  "applies",
  "done when",
  "for each child",
  "for each agency",
  "only once the clock starts",
  "note",
  "also",
  "dated changes",
] as const;

const UNIT_WORDS: Record<string, Unit> = {
  "working day": "working_days",
  "working days": "working_days",
  day: "calendar_days",
  days: "calendar_days",
  week: "weeks",
  weeks: "weeks",
  month: "months",
  months: "months",
  hour: "hours",
  hours: "hours",
};

const ORDINAL = /^(\d+)(st|nd|rd|th)$/;

class Problem extends Error {}
const fail = (message: string): never => {
  throw new Problem(message);
};

const quoteList = (xs: string[]) => xs.map((x) => `“${x}”`).join(", ");

/** Reads a rules file's text. Returns the rules and every problem found (the rules are not usable if there are problems). */
export function readRulesFile(text: string, ctx: ReadContext): { book: RuleBook; problems: string[] } {
  const v = ctx.vocabulary;
  const problems: string[] = [];
  const where = new Map<object, string>();
  const book: RuleBook = {
    set: ctx.set,
    file: ctx.file,
    document: ctx.document,
    version: ctx.version,
    silent: {},
    readings: { countsAs: [] },
    rules: [],
    skipped: [],
    where,
    readingNames: {},
  };
  const say = (at: string, message: string): void => {
    problems.push(`${ctx.file}, ${at}: ${message}`);
  };
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    problems.push(
      `${ctx.file}: this is not a YAML file that can be read (${(e as Error).message.split("\n")[0]}). Check the indentation and that quotes are closed.`,
    );
    return { book, problems };
  }
  if (!isObject(data)) {
    problems.push(`${ctx.file}: the file is empty or not a list of rules (it should start with “rules:”).`);
    return { book, problems };
  }
  for (const key of Object.keys(data))
    if (!["rules", "readings", "silent", "skipped"].includes(key))
      say(`“${key}”`, `is not something a rules file holds (it holds rules, readings, silent and skipped).`);

  // ── small readers, each failing with a sentence ─────────────────────────────────────────────────────
  const events = [...v.events.keys()];
  const eventId = (w: string): EventType => {
    if ((EVENT_TYPES as readonly string[]).includes(w) && v.events.has(w as EventType)) return w as EventType;
    return fail(`“${w}” is not an event. Events are: ${events.join(", ")}.`);
  };
  const flagsOf = (types: EventType[]) => new Set(types.flatMap((t) => v.events.get(t)?.flags ?? []));
  const outcomesOf = (types: EventType[]) =>
    new Set(types.flatMap((t) => v.events.get(t)?.outcomes.map((o) => o.id) ?? []));

  /** "with outcome plan or no_plan and seenAlone and childSeen no and grading at most 2" (the words after "with"). */
  const readFilter = (words: string[], types: EventType[]): EventFilter => {
    const filter: EventFilter = {};
    const parts: string[][] = [[]];
    for (const w of words)
      if (w === "and") parts.push([]);
      else parts[parts.length - 1]!.push(w);
    for (const p of parts) {
      if (!p.length) fail("“with” or “and” must be followed by what the event must have.");
      if (p[0] === "outcome") {
        const list = p.slice(1).filter((w) => w !== "or");
        const allowed = outcomesOf(types);
        if (!list.length) fail(`say which outcome: ${quoteList([...allowed])}.`);
        for (const o of list)
          if (!allowed.has(o))
            fail(
              allowed.size
                ? `“${o}” is not an outcome of ${types.join(" or ")} (its outcomes are ${quoteList([...allowed])}).`
                : `${types.join(" or ")} has no outcomes.`,
            );
        filter.outcome = list;
      } else if (p[0] === "grading") {
        const n = Number(p[3]);
        if (p[1] !== "at" || p[2] !== "most" || !Number.isInteger(n) || p.length !== 4)
          fail(`write the grading as “grading at most 2”, not “${p.join(" ")}”.`);
        if (!flagsOf(types).has("grading")) fail(`${types.join(" or ")} has no grading.`);
        filter.gradingAtMost = n;
      } else {
        const [flag, value, ...rest] = p;
        const allowed = flagsOf(types);
        if (!allowed.has(flag!) || flag === "grading")
          fail(
            `“${flag}” is not something recorded with ${types.join(" or ")}${allowed.size ? ` (it records ${quoteList([...allowed])})` : ""}.`,
          );
        if (rest.length || (value !== undefined && value !== "yes" && value !== "no"))
          fail(`after a flag write nothing (yes) or “no”: “${p.join(" ")}”.`);
        filter.flags = { ...filter.flags, [flag as FlagId]: value !== "no" };
      }
    }
    return filter;
  };

  /** "icpc_held or rcpc_held" → the event ids. */
  const readEvents = (words: string[]): EventType[] => {
    if (!words.length) fail("name the event.");
    const out: EventType[] = [];
    words.forEach((w, i) => {
      if (i % 2 === 1) {
        if (w !== "or") fail(`between two events write “or”, not “${w}”.`);
      } else out.push(eventId(w));
    });
    if (words.length % 2 === 0) fail("“or” must be followed by another event.");
    return out;
  };

  /** "[first|last|2nd] EVENT (or EVENT)* [with FILTER] [since EVENT]". */
  const readEventStart = (s: string): Anchor => {
    const words = s.trim().split(/\s+/);
    let pick: "first" | "last" | "nth" = "last";
    let nth: number | undefined;
    const saidLast = words[0] === "last";
    if (words[0] === "first" || words[0] === "last") pick = words.shift() as "first" | "last";
    else if (ORDINAL.test(words[0] ?? "")) {
      pick = "nth";
      nth = Number(ORDINAL.exec(words.shift()!)![1]);
    }
    const sinceAt = words.indexOf("since");
    const since = sinceAt >= 0 ? words.splice(sinceAt) : [];
    const withAt = words.indexOf("with");
    const filterWords = withAt >= 0 ? words.splice(withAt).slice(1) : undefined;
    const types = readEvents(words);
    const a: Anchor = { event: types, pick };
    if (nth) a.nth = nth;
    if (saidLast) a.saidLast = true;
    if (filterWords) a.where = readFilter(filterWords, types);
    if (since.length) {
      if (since.length !== 2) fail(`“since” takes one event: “${since.join(" ")}”.`);
      a.since = eventId(since[1]!);
    }
    return a;
  };

  const readStart = (s: string): Anchor => {
    const t = s.trim();
    const due = /^due date of (\S+)$/.exec(t);
    if (due) return { rule: due[1]! };
    const birthday = /^(\d+)(?:st|nd|rd|th) birthday$/.exec(t);
    if (birthday) return { birthday: Number(birthday[1]) };
    if (/^due date\b/.test(t)) fail(`write “due date of <rule id>”, for example “due date of ${ctx.set}.icpc”.`);
    return readEventStart(t);
  };

  const readMatch = (s: string): EventMatch => {
    const a = readEventStart(s);
    if (!("event" in a) || a.event.length !== 1 || a.pick !== "last" || a.since)
      fail(`name one event, with what it must have: “${s}”.`);
    const m: EventMatch = { event: (a as { event: EventType[] }).event[0]! };
    if ("where" in a && a.where) m.where = a.where;
    return m;
  };

  /** "10 working days after", "4 to 6 weeks after", "24 hours before", "day 13 of the pathway at 10:00", "on the day". */
  const readTimescale = (s: unknown): { offset: Offset; earliest?: Offset } => {
    if (typeof s !== "string" || !s.trim())
      return fail(
        "say the timescale in words, for example “10 working days after”, “24 hours before”, “3 months after” or “on the day”.",
      );
    let t = s.trim().replace(/\s+/g, " ");
    let time: string | undefined;
    const at = / at (\d{2}:\d{2})$/.exec(t);
    if (at) {
      time = at[1];
      t = t.slice(0, at.index);
    }
    // "the working day before icpc_scheduled": counted from that event, once it happens, not from the clock's start.
    let from: EventType[] | undefined;
    const named = / before (\S+(?: or \S+)*)$/.exec(t);
    if (named && named[1] !== undefined && !/^(after|before)$/.test(named[1]) && /_/.test(named[1])) {
      from = readEvents(named[1].split(" "));
      t = `${t.slice(0, named.index)} before`;
    }
    const withTime = (o: Offset): Offset => ({ ...o, ...(time ? { time } : {}), ...(from ? { from } : {}) });
    if (t === "on the day") return { offset: withTime({ unit: "calendar_days", n: 0, direction: "after" }) };
    if (t === "the working day before")
      return { offset: withTime({ unit: "working_days", n: 1, direction: "before" }) };
    const day = /^day (\d+) of the pathway$/.exec(t);
    if (day) return { offset: withTime({ unit: "pathway_day", n: Number(day[1]), direction: "after" }) };
    const m = /^(\d+)(?: to (\d+))? (working days?|days?|weeks?|months?|hours?)(?: (after|before))?$/.exec(t);
    if (!m)
      return fail(
        `“${s}” is not a timescale Pathway can read. Write, for example, “10 working days after”, “4 to 6 weeks after”, “24 hours before”, “3 months after”, “day 13 of the pathway at 10:00”, “on the day” or “the working day before”.`,
      );
    const unit = UNIT_WORDS[m[3]!]!;
    const direction = (m[4] ?? "after") as "after" | "before";
    if (m[2]) {
      if (Number(m[2]) < Number(m[1])) fail(`in “${s}” the first number must be the smaller.`);
      return {
        offset: withTime({ unit, n: Number(m[2]), direction }),
        earliest: { unit, n: Number(m[1]), direction },
      };
    }
    return { offset: withTime({ unit, n: Number(m[1]), direction }) };
  };

  const readWhen = (s: string): Condition => {
    const t = s.trim().replace(/\s+/g, " ");
    if (t === "on a plan") return { state: "planActive" };
    if (t === "before the ICPC") return { state: "prePlan" };
    const booleanFacts = v.facts.filter((f) => f.kind === "boolean").map((f) => f.id);
    const not = /^not (\S+)$/.exec(t);
    if (not || /^\S+$/.test(t)) {
      const fact = not ? not[1]! : t;
      if (!booleanFacts.includes(fact))
        fail(
          `“${t}” is not something Pathway can check. Write “on a plan”, “before the ICPC”, a fact (${booleanFacts.join(", ")}) or “not” and a fact, “<agency> involved”, “after <event>” or “last 2 <event> with …”.`,
        );
      return { fact, equals: !not };
    }
    const involved = /^(\S+) involved$/.exec(t);
    if (involved) {
      if (!v.agencies.has(involved[1]!))
        fail(`“${involved[1]}” is not an agency. Agencies are: ${[...v.agencies.keys()].join(", ")}.`);
      return { agency: involved[1]! };
    }
    const after = /^after (.+)$/.exec(t);
    if (after) {
      const m = readMatch(after[1]!);
      return m.where ? { event: m.event, where: m.where } : { event: m.event };
    }
    const last = /^last (\d+) (\S+) with (.+)$/.exec(t);
    if (last) {
      const type = eventId(last[2]!);
      return { consecutive: type, count: Number(last[1]), where: readFilter(last[3]!.split(" "), [type]) };
    }
    return fail(
      `“${t}” is not something Pathway can check. Write “on a plan”, “before the ICPC”, a fact, “not” and a fact, “<agency> involved”, “after <event>” or “last 2 <event> with …”.`,
    );
  };

  const readDone = (s: string): NonNullable<Rule["satisfiedBy"]> => {
    let t = s.trim().replace(/\s+/g, " ");
    let early: Offset | undefined;
    const up = / up to (\d+ \S+(?: \S+)?) early$/.exec(t);
    if (up) {
      early = readTimescale(`${up[1]} before`).offset;
      t = t.slice(0, up.index);
    }
    const words = t.split(" ");
    const sinceAt = words.indexOf("since");
    const since = sinceAt >= 0 ? readEvents(words.splice(sinceAt).slice(1)) : undefined;
    const withAt = words.indexOf("with");
    const filterWords = withAt >= 0 ? words.splice(withAt).slice(1) : undefined;
    const types = readEvents(words);
    if (types.length !== 1) fail("“done when” names one event.");
    const done: NonNullable<Rule["satisfiedBy"]> = { event: types[0]! };
    if (filterWords) done.where = readFilter(filterWords, types);
    if (since) done.since = since;
    if (early) done.early = early;
    return done;
  };

  const readChild = (s: string): PerChild => {
    const t = String(s).trim();
    if (t === "all" || t === "every child") return {};
    if (t === "unborn") return { unborn: true };
    if (t === "looked after") return { lookedAfter: true };
    if (t === "baby") return { baby: true };
    const over = /^over the age of (\d+)$/.exec(t);
    if (over) return { overAge: Number(over[1]) };
    return fail(
      `“${t}” is not a kind of child Pathway knows. Write “all”, “over the age of 8”, “baby”, “unborn” or “looked after”.`,
    );
  };

  const readAgencies = (s: string): NonNullable<Rule["agencies"]> => {
    const t = String(s).trim();
    const m = /^involved(?: except (.+))?$/.exec(t);
    const list = (x: string) =>
      x
        .split(/\s*,\s*|\s+and\s+/)
        .filter(Boolean)
        .map((a) => {
          if (!v.agencies.has(a)) fail(`“${a}” is not an agency. Agencies are: ${[...v.agencies.keys()].join(", ")}.`);
          return a;
        });
    if (m) return { always: [], fromFacts: true, exclude: m[1] ? list(m[1]) : [] };
    return { always: list(t), fromFacts: false, exclude: [] };
  };

  const readSource = (o: Record<string, unknown>, at: string): Source | undefined => {
    const quote = o.quote;
    const section = o.section;
    let ok = true;
    if (typeof quote !== "string" || quote.trim().length < 8) {
      say(at, "needs “quote”: the sentence from the document, copied word for word.");
      ok = false;
    }
    if (typeof section !== "string" && typeof section !== "number") {
      say(at, "needs “section”: the id of the section the quote is in (as in the document’s link, e.g. 9.2.4).");
      ok = false;
    }
    return ok ? { document: ctx.document, section: String(section), quote: String(quote).trim() } : undefined;
  };

  /** Runs a reader, turning its failure into a problem at `at`. */
  const attempt = <T>(at: string, f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (e instanceof Problem) {
        say(at, e.message);
        return undefined;
      }
      throw e;
    }
  };
  const asList = (x: unknown): unknown[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

  // ── silent ────────────────────────────────────────────────────────────────────────────────────────────
  if (data.silent !== undefined) {
    if (!isObject(data.silent)) say("silent", "write one line per duty: “<duty>: what the procedure does not say”.");
    else
      for (const [duty, note] of Object.entries(data.silent)) {
        const known = [...v.duties.keys()].some((d) => duty === d || duty.startsWith(`${d}_`));
        if (!known) say(`silent: ${duty}`, `“${duty}” is not a duty (see duties in checklists/vocabulary.yaml).`);
        else if (typeof note !== "string") say(`silent: ${duty}`, "write what the procedure does not say, in words.");
        else book.silent[duty] = note;
      }
  }

  // ── readings ──────────────────────────────────────────────────────────────────────────────────────────
  for (const [i, r] of asList(data.readings).entries()) {
    const at = `reading ${i + 1}`;
    if (!isObject(r)) {
      say(at, "each reading starts with “- reading: <its name>”.");
      continue;
    }
    const name = typeof r.reading === "string" ? r.reading : undefined;
    const label = `${at}${name ? ` (${name})` : ""}`;
    if (!name) say(at, "needs “reading”: a name for it, e.g. “A split vote puts the child on a plan”.");
    const source = readSource(r, label);
    const kinds = ["plan starts", "counts as outcome", "over the age of N means", "a baby is"].filter((k) => k in r);
    if (kinds.length !== 1) {
      say(
        label,
        "say what the reading is with one of: “plan starts” (with “plan ends” and “decision waits”), “counts as outcome” (with “for”), “over the age of N means” or “a baby is”.",
      );
      continue;
    }
    if (!source) continue;
    const kind = kinds[0]!;
    const allowed: Record<string, string[]> = {
      "plan starts": ["plan starts", "plan ends", "decision waits"],
      "counts as outcome": ["counts as outcome", "for"],
      "over the age of N means": ["over the age of N means"],
      "a baby is": ["a baby is"],
    };
    for (const k of Object.keys(r))
      if (!["reading", "quote", "section", "note", ...allowed[kind]!].includes(k))
        say(label, `“${k}” does not belong in this reading (it takes ${quoteList(allowed[kind]!)}).`);
    attempt(label, () => {
      if (kind === "plan starts") {
        if (book.readings.plan) fail("there is already a reading of who is on a plan.");
        const list = (k: string) => asList(r[k]).map((x) => readMatch(String(x)));
        book.readings.plan = {
          starts: list("plan starts"),
          ends: list("plan ends"),
          pending: list("decision waits"),
          source,
        };
        book.readingNames.plan = name;
        where.set(book.readings.plan, label);
      } else if (kind === "counts as outcome") {
        const m = readMatch(String(r.for ?? ""));
        const flags = Object.entries(m.where?.flags ?? {});
        if (flags.length !== 1 || !flags[0]![1] || m.where?.outcome)
          fail("“for” names an event and one flag, e.g. “icpc_held with splitVote”.");
        const outcome = String(r["counts as outcome"]);
        if (!outcomesOf([m.event]).has(outcome)) fail(`“${outcome}” is not an outcome of ${m.event}.`);
        const entry = { event: m.event, flag: flags[0]![0] as FlagId, outcome, source };
        book.readings.countsAs.push(entry);
        book.readingNames.countsAs = name;
        where.set(entry, label);
      } else if (kind === "over the age of N means") {
        const means = String(r[kind]).trim();
        if (means !== "N or over" && means !== "older than N")
          fail(`write “N or over” or “older than N”, not “${means}”.`);
        book.readings.age = { inclusive: means === "N or over", source };
        book.readingNames.age = name;
        where.set(book.readings.age, label);
      } else {
        const m = /^under (\d+)$/.exec(String(r[kind]).trim());
        if (!m) fail(`write the age a baby is under, e.g. “under 1”, not “${r[kind]}”.`);
        book.readings.baby = { under: Number(m![1]), source };
        book.readingNames.baby = name;
        where.set(book.readings.baby, label);
      }
    });
  }

  // ── rules ─────────────────────────────────────────────────────────────────────────────────────────────
  const ids = new Set<string>();
  if (data.rules !== undefined && !Array.isArray(data.rules))
    say("rules", "write the rules as a list, each starting with “- quote:”.");
  for (const [i, raw] of asList(data.rules).entries()) {
    const at0 = `rule ${i + 1}`;
    if (!isObject(raw)) {
      say(at0, "each rule starts with “- quote:” and the sentence it comes from.");
      continue;
    }
    const id = typeof raw.id === "string" ? raw.id : undefined;
    const at = `${at0}${id ? ` (${id})` : ""}`;
    const keys = Object.keys(raw);
    if (keys[0] !== "quote") say(at, "put the quote first: a rule starts with the sentence it comes from.");
    for (const k of keys)
      if (!(RULE_FIELDS as readonly string[]).includes(k))
        say(at, `“${k}” is not a field of a rule. The fields are: ${RULE_FIELDS.join(", ")}.`);
    const main = readSource(raw, at);
    if (!id || !/^[a-z0-9-]+\.[a-z0-9-]+$/.test(id))
      say(
        at,
        `needs “id”: the set, a full stop and a name in small letters and hyphens, e.g. ${ctx.set}.first-core-group.`,
      );
    else if (!id.startsWith(`${ctx.set}.`)) say(at, `the id must start with “${ctx.set}.”.`);
    else if (ids.has(id)) say(at, `the id ${id} is used by another rule in this file; each rule needs its own.`);
    if (id) ids.add(id);
    for (const k of ["title", "owner"] as const)
      if (typeof raw[k] !== "string" || String(raw[k]).trim().length < 2)
        say(at, `needs “${k}”${k === "title" ? ": what to do, as the checklist shows it" : ": who does it"}.`);
    const duty = String(raw.duty ?? "");
    if (!v.duties.has(duty)) say(at, `“duty: ${duty}” is not a duty. Duties are: ${[...v.duties.keys()].join(", ")}.`);
    const anchors = asList(raw["clock starts"])
      .map((s) => attempt(`${at}, clock starts`, () => readStart(String(s))))
      .filter((a): a is Anchor => a !== undefined);
    if (!asList(raw["clock starts"]).length)
      say(at, "needs “clock starts”: the event (or the due date of another rule) the timescale counts from.");
    // One timescale, or several from the same sentence ("ideally by day 9 … the deadline … is day 10"): the earlier is due.
    const [first, ...more] = Array.isArray(raw.timescale) ? raw.timescale : [raw.timescale];
    const ts = attempt(`${at}, timescale`, () => readTimescale(first));
    const offsets: Offset[] = ts ? [ts.offset] : [];
    for (const x of more) {
      const t2 = attempt(`${at}, timescale`, () => readTimescale(x));
      if (t2) offsets.push(t2.offset);
    }
    const sources: Source[] = main ? [main] : [];
    for (const [j, x] of asList(raw.also).entries()) {
      const atAlso = `${at}, also ${j + 1}`;
      if (!isObject(x)) {
        say(atAlso, "each “also” entry has a quote and its section (and may have a timescale).");
        continue;
      }
      for (const k of Object.keys(x))
        if (!["quote", "section", "timescale"].includes(k))
          say(atAlso, `“${k}” does not belong here (an “also” entry has quote, section and timescale).`);
      const s = readSource(x, atAlso);
      if (s) sources.push(s);
      if (x.timescale !== undefined) {
        const t2 = attempt(`${atAlso}, timescale`, () => readTimescale(x.timescale));
        if (t2) offsets.push(t2.offset);
      }
    }
    for (const [j, x] of asList(raw["dated changes"]).entries()) {
      const atC = `${at}, dated change ${j + 1}`;
      if (!isObject(x) || typeof x.from !== "string" || !isValidIso(x.from)) {
        say(atC, "each dated change has “from: YYYY-MM-DD” and the “timescale” in force from then, with its quote.");
        continue;
      }
      const s = readSource(x, atC);
      const t2 = attempt(`${atC}, timescale`, () => readTimescale(x.timescale));
      if (!s || !t2 || !offsets[0]) continue;
      if (t2.offset.unit !== offsets[0].unit || t2.offset.direction !== offsets[0].direction) {
        say(atC, "a dated change may change the number, not the unit or before/after.");
        continue;
      }
      const changes = [...(offsets[0].changes ?? []), { from: x.from, n: t2.offset.n }].sort((a, b) =>
        a.from < b.from ? -1 : 1,
      );
      offsets[0] = { ...offsets[0], changes };
      sources.push(s);
    }
    const when = asList(raw.applies)
      .map((s) => attempt(`${at}, applies`, () => readWhen(String(s))))
      .filter((c): c is Condition => c !== undefined);
    const done =
      raw["done when"] !== undefined
        ? attempt(`${at}, done when`, () => readDone(String(raw["done when"])))
        : undefined;
    const perChild =
      raw["for each child"] !== undefined
        ? attempt(`${at}, for each child`, () => readChild(String(raw["for each child"])))
        : undefined;
    const agencies =
      raw["for each agency"] !== undefined
        ? attempt(`${at}, for each agency`, () => readAgencies(String(raw["for each agency"])))
        : undefined;
    if (perChild && agencies) say(at, "a rule is for each child or for each agency, not both.");
    const optional = raw["only once the clock starts"];
    if (optional !== undefined && optional !== "yes" && optional !== "no" && typeof optional !== "boolean")
      say(at, "“only once the clock starts” is yes or no.");
    if (!main || !ts || !id || !anchors.length) continue;
    const rule: Rule = {
      id,
      duty,
      title: String(raw.title ?? "").trim(),
      owner: String(raw.owner ?? "").trim(),
      when,
      anchor: anchors,
      offsets,
      optional: optional === "yes" || optional === true,
      sources,
    };
    if (perChild) rule.perChild = perChild;
    if (ts.earliest) rule.earliest = ts.earliest;
    if (done) rule.satisfiedBy = done;
    if (agencies) rule.agencies = agencies;
    if (typeof raw.note === "string") rule.note = raw.note.trim();
    where.set(rule, at);
    book.rules.push(rule);
  }
  for (const r of book.rules)
    for (const a of r.anchor)
      if ("rule" in a && !ids.has(a.rule))
        say(where.get(r)!, `clock starts: “due date of ${a.rule}”: there is no rule ${a.rule} in this file.`);

  // ── skipped timescales ────────────────────────────────────────────────────────────────────────────────
  for (const [i, x] of asList(data.skipped).entries()) {
    const at = `skipped ${i + 1}`;
    if (!isObject(x)) {
      say(at, "each entry has the quote, its section and why it is not a rule.");
      continue;
    }
    const s = readSource(x, at);
    if (typeof x.why !== "string" || x.why.trim().length < 5)
      say(at, "needs “why”: the reason this timescale is not a rule.");
    else if (s) {
      const entry: Skipped = { ...s, why: x.why.trim() };
      where.set(entry, at);
      book.skipped.push(entry);
    }
  }
  return { book, problems };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
