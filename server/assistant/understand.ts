/**
 * What a message says, read with rules (no external AI): the procedure set, events with their dates,
 * children's ages and dates of birth, case facts, the speaker's role, what is asked, and about what.
 */
import type { EventType } from "../domain/rules/schema.js";
import type { GlossaryEntry } from "../guidance/model.js";
import { findDates, impossibleDates } from "./dates.js";
import type { Vocabulary } from "../checklists/vocabulary.js";

export type Intent = "glossary" | "role" | "whatif" | "applies" | "deadline" | "procedure" | "statement" | "greeting";

export interface HeardEvent {
  type: EventType;
  date: string;
  outcome?: string;
  splitVote?: boolean;
  childSeen?: boolean;
  seenAlone?: boolean;
  grading?: number;
  assumed?: string;
  /** The words the date was read from ("a fortnight ago"), to say back how they were taken. */
  said?: string;
}
export interface HeardChild {
  ageYears?: number;
  dateOfBirth?: string;
  lookedAfter?: boolean;
  unborn?: boolean;
  expectedDeliveryDate?: string;
}

const SIBLING =
  /\b(brother|sister|sibling|twin|other child|another child|second child|older one|younger one|the baby too)\b/i;

export interface Understanding {
  /** The children told of are others than those already known (a brother, a sister). */
  anotherChild?: boolean;
  set?: string;
  events: HeardEvent[];
  children: HeardChild[];
  facts: { nonResidentParent?: boolean; interpreterNeeded?: boolean; newCase?: boolean; agencies?: string[] };
  role?: string;
  intent: Intent;
  topics: string[];
  /** Duties named in the statement rather than the question (used when the question names none). */
  contextTopics: string[];
  glossary?: GlossaryEntry;
  scenario?: EventType;
  badDates: string[];
}

/** An event named in a message; "icpc", "rcpc" and "conference" are held or booked as the sentence says. The words are data: checklists/vocabulary.yaml, "event words". */
type EventKind = EventType | "conference" | "icpc" | "rcpc";

/** From the first question word on ("…13/01/2027. When do the minutes need to be done?" → "When do…"). */
export function questionPart(text: string): string {
  const m =
    /(?:^|[.,;:!?-]\s*|\b(?:and|so)\s+)(when|whens|what|whats|how|hows|who|whos|which|do|does|did|is|are|can|should|must|will|would|by when)\b/i.exec(
      text,
    );
  return m ? text.slice(m.index) : text;
}

const negated = (s: string, word: RegExp) =>
  new RegExp(`\\b(not|isn'?t|is not|no longer|never)\\s+(\\w+\\s+)?${word.source}`, "i").test(s);

/** What understanding reads with: the glossary, the vocabulary (checklists/vocabulary.yaml) and the sets' names. */
export interface Knowledge {
  glossary: GlossaryEntry[];
  vocabulary: Vocabulary;
  sets: { id: string; words: string[] }[];
}

const namedSet = (sets: Knowledge["sets"], text: string) => {
  const lower = text.toLowerCase();
  let best: { id: string; len: number } | undefined;
  for (const s of sets)
    for (const w of s.words)
      if (new RegExp(`(^|[^a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}('?s)?(?![a-z0-9])`).test(lower))
        if (!best || w.length > best.len) best = { id: s.id, len: w.length };
  return best?.id;
};

export function understand(
  message: string,
  today: string,
  knowledge: Knowledge,
  state: { hasIcpc: boolean } = { hasIcpc: false },
): Understanding {
  const { glossary, vocabulary } = knowledge;
  const I = vocabulary.intents;
  const text = message.trim();
  const lower = text.toLowerCase();
  const u: Understanding = {
    events: [],
    children: [],
    facts: {},
    intent: "statement",
    topics: [],
    contextTopics: [],
    badDates: impossibleDates(text),
  };

  u.set = namedSet(knowledge.sets, text);

  // ── events: each date belongs to the event named nearest before it in its sentence ──────
  // "A family… have disappeared. We were first told on Boxing Day.": a date in a sentence naming no event
  // belongs to the event named in the sentence before.
  let previous: EventKind | undefined;
  for (const sentenceMatch of text.matchAll(/[^.;!?\n]+/g)) {
    const sentenceText = sentenceMatch[0];
    if (/\b(born|dob|d\.o\.b|date of birth|birthday|edd|due date|baby is due)\b/i.test(sentenceText)) continue; // child facts, below
    const keywords: { kind: EventKind; index: number; end: number }[] = [];
    for (const { re, event } of vocabulary.eventWords) {
      const kind = event as EventKind;
      for (const m of sentenceText.matchAll(new RegExp(re.source, "gi"))) {
        const index = m.index!;
        if (!keywords.some((k) => index < k.end && index + m[0].length > k.index))
          keywords.push({ kind, index, end: index + m[0].length });
      }
    }
    const carried = previous;
    if (keywords.length) previous = [...keywords].sort((a, b) => b.index - a.index)[0]!.kind;
    const future = I.future.test(sentenceText);
    const dates = findDates(sentenceText, today, future);
    // "just sent off the booking form", "we've just had the strat": happened today, though no date is said.
    const justNow = I.justNow.exec(sentenceText);
    if (!dates.length && justNow)
      dates.push({
        iso: today,
        index: justNow.index + justNow[0].length,
        end: justNow.index + justNow[0].length,
        text: "just now",
      });
    if (!dates.length) continue;
    if (!keywords.length && carried) keywords.push({ kind: carried, index: 0, end: 0 });
    if (!keywords.length) continue;
    keywords.sort((a, b) => a.index - b.index);
    // "yesterday, 25 May 2027": the same day said twice is one event.
    const seen = new Set<string>();
    for (const d of dates) {
      if (seen.has(d.iso)) continue;
      seen.add(d.iso);
      const before = keywords.filter((k) => k.end <= d.index);
      const k = before[before.length - 1] ?? keywords.find((x) => x.index >= d.end);
      if (!k) continue;
      // The words around this event decide its tense and kind ("requested", "booked for").
      const from = Math.min(k.index, d.index);
      const window = sentenceText.slice(Math.max(0, from - 30), Math.max(k.end, d.end) + 20).toLowerCase();
      // A date already past is not a booking, whatever else the sentence says ("…was on 14/12 and the child is on a plan").
      const isFuture = d.iso > today || (d.iso === today && I.future.test(window));
      let type: EventType;
      if (
        /\b(request(ed)?|asked for|applied for|booking( and consultation)? form|consultation form|sent off)\b/.test(
          window,
        ) &&
        (k.kind === "icpc" || k.kind === "conference")
      )
        type = "icpc_requested";
      else if (
        k.kind === "icpc" ||
        (k.kind === "conference" &&
          !state.hasIcpc &&
          !u.events.some((e) => e.type === "icpc_held") &&
          !/\breview\b/.test(window))
      )
        type = isFuture ? "icpc_scheduled" : "icpc_held";
      else if (k.kind === "rcpc" || k.kind === "conference") type = isFuture ? "rcpc_scheduled" : "rcpc_held";
      else type = k.kind;
      const ev: HeardEvent = { type, date: d.iso, said: d.text };
      if (type === "icpc_held") {
        // "split", "3-3", "tied", "evenly divided": an equal vote.
        if (
          /\bsplit\b|\b(\d{1,2})\s*(-|–|all)\s*\1\b(?!\s*[-/]\s*\d)|\b(tied|a tie|evenly (split|divided)|equal(ly)? (split|divided))\b/.test(
            lower,
          )
        ) {
          ev.splitVote = true;
          ev.outcome = "plan";
        } else if (/\bno (cp |child protection )?plan\b|\bnot (made )?(subject to|on) a plan\b/.test(lower))
          ev.outcome = "no_plan";
        else if (/\bdefer/.test(lower)) ev.outcome = "deferred";
        else if (
          /\b(on (a )?plans?|(cp|child protection) plans?|subject (of|to) (a )?plans?|made subject|plans? (was |were )?(made|agreed|put in place)|made a plan|put on (a )?plans?|plans? in place|on the (cp |child protection )?register)\b/.test(
            lower,
          )
        )
          ev.outcome = "plan";
      }
      // "the overall grading was 2": the conference's grading (cp-guide escalates 0–2).
      const grading = /\bgrad(?:ing|ed)\b[^0-9]{0,25}(\d{1,2})\b/i.exec(lower);
      if (grading && (type === "rcpc_held" || type === "icpc_held")) ev.grading = Number(grading[1]);
      if (type === "rcpc_held")
        ev.outcome = /\bplan (ended|was ended|came off)|\b(came|come) off (the )?plan|\bended the plan\b/.test(lower)
          ? "plan_ended"
          : "plan_continues";
      if (type === "cp_visit") {
        if (
          /\b(didn'?t|did not|couldn'?t|could not|not) (see|seen)\b/.test(window) ||
          /\bno answer|not in\b/.test(window)
        )
          ev.childSeen = false;
        if (/\balone\b/.test(window) && !/\bnot\b.*\balone\b/.test(window)) ev.seenAlone = true;
      }
      u.events.push(ev);
    }
  }

  // ── children ─────────────────────────────────────────────────────────────────────────
  const ages = [
    ...text.matchAll(
      /\b(?:he|she|they|child|the child|kid|boy|girl|son|daughter|baby|brother|sister|sibling|twin|[A-Z]{1,3})\s*(?:is|'s|’s|was)\s+(?:now\s+|just\s+|only\s+)?(\d{1,2})\b(?!\s*(?:\/|weeks?|months?|days?|working|hours?|%))/gi,
    ),
    ...text.matchAll(/\baged?\s+(\d{1,2})\b/gi),
    ...text.matchAll(/\b(?:turned|turns|turning)\s+(\d{1,2})\b/gi),
    ...text.matchAll(/\b(\d{1,2})[- ]?(?:year|yr)s?[- ]?old\b/gi),
  ].sort((a, b) => a.index! - b.index!);
  const seenAges = new Set<number>();
  for (const m of ages) {
    const n = Number(m[1]);
    if (n > 18 || seenAges.has(m.index!)) continue;
    seenAges.add(m.index!);
    u.children.push({ ageYears: n });
  }
  // "his sister is 3", "and her brother, born 20/06/2020": another child, not a correction of the first.
  if (SIBLING.test(text)) u.anotherChild = true;
  const born = /\b(?:born|dobs?|d\.o\.b\.?s?|dates? of birth)\b[^0-9a-z]*(?:on\s+|is\s+|are\s+)?(.{0,80})/i.exec(text);
  if (born) {
    // "DOBs 12/01/2023, 15/09/2024 and 02/03/2019": one child each.
    const list = findDates(born[1]!, today).filter((d) => d.iso <= today);
    const dobs = /\b(dobs|d\.o\.b\.?s|dates of birth)\b/i.test(text) ? list : list.slice(0, 1);
    dobs.forEach((d, i) => {
      if (u.children[i]) u.children[i].dateOfBirth = d.iso;
      else u.children.push({ dateOfBirth: d.iso });
    });
  }
  if (/\b(unborn|pregnan\w*|expecting a baby|not (yet )?born|pre-?birth)\b/i.test(text) && !I.question.test(text)) {
    const edd = /\b(?:due|edd|expected)\b[^0-9a-z]*(?:on\s+|date\s+)?(.{0,30})/i.exec(text);
    const d = edd ? findDates(edd[1]!, today, true)[0] : undefined;
    u.children.push({ unborn: true, ...(d ? { expectedDeliveryDate: d.iso } : {}) });
  }
  const la = /\b(looked after|in care|lac|cla|in foster care|accommodated)\b/i;
  if (la.test(text) && !I.question.test(text)) {
    const value = !negated(text, la);
    if (u.children[0]) u.children[0].lookedAfter = value;
    else u.children.push({ lookedAfter: value });
  }

  // ── case facts ───────────────────────────────────────────────────────────────────────
  if (
    /\b(dad|father|mum|mother|parent)\b[^.?!]{0,40}\b(doesn'?t|does not|don'?t|do not|not)\s+live\b|\bnon[- ]resident (parent|dad|father|mum|mother)\b|\b(lives?|living) (elsewhere|separately|apart)\b|\b(dad|father|mum|mother) (has|had) left\b/i.test(
      text,
    ) &&
    !/\?\s*$/.test(text)
  )
    u.facts.nonResidentParent = true;
  if (/\b(both parents|parents) (live|living) (together|with)\b/i.test(text)) u.facts.nonResidentParent = false;
  if (
    /\b(need|needs|needed|require|requires|want)s?\b[^.?!]{0,20}\binterpreter\b|\bspeaks? (no|little) english\b|\benglish (is not|isn'?t) (their|her|his|the family'?s) first language\b/i.test(
      text,
    )
  )
    u.facts.interpreterNeeded = true;
  if (/\bno interpreter\b|\bdon'?t need an interpreter\b/i.test(text)) u.facts.interpreterNeeded = false;
  if (
    /\bnew (case|family)\b|\bno (previous|prior) (c&f|c and f|assessment)\b|\bnever (had|been) (an? )?(assessment|assessed|c&f|known)\b|\bnot (been )?known (to us|before)\b/i.test(
      text,
    )
  )
    u.facts.newCase = true;

  // ── role ─────────────────────────────────────────────────────────────────────────────
  const roleMatch =
    /\b(?:i'?m|i am|as|we are|we're|i work (?:in|for|at)|i'm from|we're from|(?=\w+ here\b))\s*(?:a|an|the|from)?\s*([^.,?!]{2,60})/i.exec(
      text,
    );
  // "a probation officer", "the school nurse": the role named first, and the longer name where two start together.
  if (roleMatch) {
    const said = roleMatch[1]!;
    const found = vocabulary.roles
      .map((r) => ({ id: r.id, m: new RegExp(r.re.source, "i").exec(said) }))
      .filter((x) => x.m)
      .sort((a, b) => a.m!.index - b.m!.index || b.m![0].length - a.m![0].length);
    u.role = found[0]?.id;
  }

  // ── what is asked, and about what ──────────────────────────────────────────────────────
  // The topic is what the question is about, not what the user told us first: "ICPC was Monday. When is the first core group?"
  const asked = questionPart(text);
  if (
    !/\b(what now|what next|next steps|what('?s| is) next|what do i do( now)?|what happens (now|next)|what comes next)\b/i.test(
      asked,
    )
  ) {
    for (const { re, duties } of vocabulary.topics)
      if (re.test(asked)) for (const d of duties) if (!u.topics.includes(d)) u.topics.push(d);
    // "There's been a significant event today, who do I tell?": the topic was in the statement.
    for (const { re, duties } of vocabulary.topics)
      if (re.test(text)) for (const d of duties) if (!u.contextTopics.includes(d)) u.contextTopics.push(d);
  }

  const acronym =
    /\bwhat\s+(?:does|do|is|'s)\s+(?:an?\s+|the\s+)?["'‘“]?([a-z][a-z&/.\- ]{0,40}?)["'’”]?\s+(?:stand for|mean|meaning)\b|\bwhat\s+(?:is|'s)\s+(?:an?\s+)?([A-Z][A-Z&/]{1,6})\s*\??$|\b(?:meaning of|define)\s+([a-z&/\- ]{2,40})|\bwho\s+(?:is|are|'s)\s+(?:an?\s+|the\s+)?([A-Z][A-Z&/]{1,6})\s*\??$/i.exec(
      text,
    );
  if (acronym) {
    const term = (acronym[1] ?? acronym[2] ?? acronym[3] ?? acronym[4] ?? "").trim().toLowerCase().replace(/[.]/g, "");
    u.glossary = glossary.find(
      (g) =>
        g.term
          .toLowerCase()
          .split(/\s*\/\s*/)
          .includes(term) ||
        g.synonyms.includes(term) ||
        g.id === term,
    );
  }

  const isQuestion = I.question.test(lower);
  const whatIf = I.whatIf.test(text);
  const SCENARIOS: [RegExp, EventType][] = [
    [/\b(goes|go|went|gone) missing|disappear|can'?t (be )?f(i|o)nd|whereabouts\b/i, "child_missing"],
    [
      /\b(move|moves|moved|moving) (to )?(another|a new|a different|out of|away|house|area)|\bmoves? away\b|\bleaves? the area\b|\bmoved out\b/i,
      "moved_out_of_area",
    ],
    [
      /\b(won'?t|will not|refuses? to|refused to|not) (let|allow)\b|\brefus(e|es|ed|ing) (access|to let|us|me)\b|\bresist/i,
      "access_refused",
    ],
    [
      /\bsplit( vote| decision)?\b|\bvote is split\b|\b(\d{1,2})\s*(-|–|all)\s*\1\b(?!\s*[-/]\s*\d)|\b(tied|a tie|evenly (split|divided))\b/i,
      "icpc_held",
    ],
    [/\bsignificant (event|incident)|new (incident|injury|allegation)\b/i, "significant_event"],
  ];
  for (const [re, ev] of SCENARIOS)
    if (re.test(text)) {
      u.scenario = ev;
      break;
    }

  // Which kind of message, in the order checklists/intents.yaml describes.
  if (I.greeting.test(text)) u.intent = "greeting";
  else if (u.glossary && acronym) u.intent = "glossary";
  else if (u.role && u.role !== "social_worker" && I.roleQuestion.test(lower)) u.intent = "role";
  // A situation named without "what if" is one (a child gone missing) unless it is asked about as a term ("what
  // else counts as a significant event?").
  else if (u.scenario && (whatIf || (!u.events.length && u.scenario !== "icpc_held" && !I.aboutATerm.test(text))))
    u.intent = "whatif";
  else if (I.deadline.test(text)) u.intent = "deadline";
  else if (I.nextSteps.test(text)) u.intent = "deadline";
  // "Who should I have told?" asks who, not whether: only a question that does not start with a wh-word is yes/no.
  else if (I.applies.test(text) && !/^\s*(who|what|where|which|how)\b/i.test(questionPart(text))) u.intent = "applies";
  else if (isQuestion) u.intent = "procedure";
  return u;
}
