/**
 * Builds a reply: the answer first (the date in words, the action, yes or no), then how it was worked out,
 * then the quoted paragraph and its link. Dates come only from the rules engine and quotes only from the
 * guidance; when neither answers, the reply says so and shows the closest passages.
 */
import type { AppContext } from "../app-context.js";
import { currentVersion, findSet, passageUrl } from "../guidance/model.js";
import { describerFor, planFor } from "../plan/service.js";
import { ageOn, formatLong } from "../domain/dates.js";
import { agencyLabel } from "../domain/plan.js";
import { EVENT_WORDS } from "../domain/words.js";
import type { Action, CaseEvent, SourceRef } from "../domain/types.js";
import { silentNotes, type EventType, type Rule } from "../domain/rules/schema.js";
import { ROLES, understand, type Understanding } from "./understand.js";
import type { ConversationState } from "./state.js";

export interface Reply {
  text: string;
  sources: SourceRef[];
  actions?: Action[];
  suggestions?: string[];
}

const ASK_FOR: Partial<Record<EventType, string>> = {
  strategy_discussion: "When was the strategy discussion?",
  icpc_held: "When was the ICPC held?",
  icpc_scheduled: "When is the ICPC booked for?",
  icpc_requested: "When was the ICPC requested?",
  core_group_held: "When was the last core group held?",
  rcpc_held: "When was the last review conference (RCPC)?",
  rcpc_scheduled: "When is the review conference booked for?",
  cp_visit: "When was the last child protection visit?",
  referral: "When was the referral received?",
};

const dateWords = (a: Action) =>
  `${formatLong(a.due!)}${a.dueTime ? ` at ${a.dueTime}` : ""}${a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}`;
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const uniqueSources = (list: SourceRef[]) =>
  list.filter((s, i) => list.findIndex((x) => x.url === s.url && x.quote === s.quote) === i);

export class Composer {
  constructor(private readonly ctx: AppContext) {}

  private setName(id?: string) {
    return id ? (findSet(this.ctx.library, id)?.name ?? id) : undefined;
  }

  private plan(state: ConversationState, today: string, extra: CaseEvent[] = [], assumePlan = false) {
    let events = [...state.events, ...extra];
    if (assumePlan) events = events.map((e) => (e.type === "icpc_held" && !e.outcome ? { ...e, outcome: "plan" } : e));
    return planFor(this.ctx.library, this.ctx.checklists, {
      set: state.set!,
      today,
      children: state.children,
      facts: state.facts,
      events,
      done: [],
    });
  }

  private rulesFor(set: string, duties: string[]): Rule[] {
    return this.ctx.checklists.bySet.get(set)?.rules.filter((r) => duties.includes(r.duty)) ?? [];
  }

  private silentOn(set: string, duties: string[]): string | undefined {
    const checklist = this.ctx.checklists.bySet.get(set);
    return duties.flatMap((d) => silentNotes(checklist, d))[0];
  }

  private passages(query: string, set?: string, limit = 2): SourceRef[] {
    return this.ctx.search.search(query, { procedures: set ? [set] : undefined, limit }).results.map((r) => ({
      document: r.document,
      section: r.section,
      quote: r.text,
      url: r.url,
    }));
  }

  private actionLine(a: Action, lead = true) {
    const who = a.child ? ` (${a.child})` : a.agency ? ` (${agencyLabel(a.agency)})` : "";
    if (a.status === "done") return `${a.title}${who}: done.`;
    return lead ? `${a.title}${who}: by ${dateWords(a)}.` : `${a.title}${who} — ${dateWords(a)}`;
  }

  private explain(a: Action) {
    return `${a.basis}\n“${a.sources[0]!.quote}”`;
  }

  private askSet(): Reply {
    const names = this.ctx.library.sets.map((s) => s.name).join(", ");
    return {
      text: `Which procedure set do you follow? Choose one above, or tell me (for example “I work in Bolton”). The sets are: ${names}.`,
      sources: [],
      suggestions: this.ctx.library.sets.slice(0, 3).map((s) => `I work in ${s.area}`),
    };
  }

  /** A date question: the matching action from the engine, or exactly the fact that is missing. */
  private deadline(state: ConversationState, u: Understanding, today: string): Reply {
    const set = state.set!;
    const topics = u.topics.filter((t) => !["icpc"].includes(t) || u.topics.length === 1);
    const wantsPlanDuties = topics.some((t) =>
      [
        "first_core_group",
        "core_group_frequency",
        "core_group_record",
        "visits",
        "rcpc",
        "seen_alone",
        "plan_shared",
        "bedroom",
      ].includes(t),
    );
    const icpcWithoutOutcome = state.events.some((e) => e.type === "icpc_held" && !e.outcome);
    const assume = wantsPlanDuties && icpcWithoutOutcome;
    const plan = this.plan(state, today, [], assume);
    const note = assume ? "\n(Assuming the ICPC made a child protection plan — tell me if it did not.)" : "";
    const open = (a: Action) => a.status !== "done" && a.status !== "waiting" && a.due;
    if (!topics.length) {
      const next = plan.actions.filter(open).slice(0, 4);
      if (!next.length) return this.askMissing(plan.actions, state, "Nothing is dated yet.");
      return {
        text: `Next, for ${this.setName(set)}:\n${next.map((a) => `• ${this.actionLine(a, false)}`).join("\n")}${note}`,
        sources: uniqueSources(next.flatMap((a) => a.sources.slice(0, 1))),
        actions: next,
        suggestions: ["Why is the first one due then?", "What else is waiting?", "What does the core group do?"],
      };
    }
    const matching = plan.actions.filter((a) => topics.includes(a.duty));
    const dated = matching.filter(open);
    const best = this.pickForTopic(dated, topics);
    if (best) {
      const also = dated.filter((a) => a !== best && a.duty === best.duty && a.rule !== best.rule).slice(0, 2);
      const text =
        [sentence(this.actionLine(best)), this.explain(best), ...also.map((a) => `Also: ${this.actionLine(a)}`)].join(
          "\n",
        ) + note;
      return {
        text,
        sources: uniqueSources([...best.sources, ...also.flatMap((a) => a.sources)]),
        actions: [best, ...also],
        suggestions: this.followUps(best),
      };
    }
    const waiting = matching.filter((a) => a.status === "waiting");
    if (waiting.length)
      return this.askMissing(waiting, state, `To work out “${waiting[0]!.title.toLowerCase()}” I need one more date.`);
    const done = matching.filter((a) => a.status === "done");
    if (done.length)
      return {
        text: `${done.map((a) => `${a.title}: already done (${a.basis.split(".")[0]}).`).join("\n")}`,
        sources: uniqueSources(done.flatMap((a) => a.sources)),
        actions: done,
      };
    return this.silent(set, topics, u);
  }

  private pickForTopic(actions: Action[], topics: string[]): Action | undefined {
    for (const t of topics) {
      const a = actions.filter((x) => x.duty === t).sort((x, y) => (x.due! < y.due! ? -1 : 1))[0];
      if (a) return a;
    }
    return undefined;
  }

  private askMissing(actions: Action[], state: ConversationState, lead: string): Reply {
    const waiting = actions.find((a) => a.status === "waiting");
    const rule = waiting && this.ctx.checklists.bySet.get(state.set!)?.rules.find((r) => r.id === waiting.rule);
    const anchor = rule?.anchor.find((a) => "event" in a) as { event: EventType | EventType[] } | undefined;
    let event: EventType | undefined = anchor
      ? Array.isArray(anchor.event)
        ? anchor.event[0]
        : anchor.event
      : undefined;
    if (waiting?.basis.includes("deciding on a child protection plan")) event = "icpc_held";
    if (!event || !state.events.some((e) => e.type === "strategy_discussion")) event = event ?? "strategy_discussion";
    const question = ASK_FOR[event] ?? `When was ${EVENT_WORDS[event]}?`;
    return { text: `${lead} ${question}`, sources: waiting ? waiting.sources.slice(0, 1) : [] };
  }

  private silent(set: string, topics: string[], u: Understanding, query?: string): Reply {
    const said = this.silentOn(set, topics);
    const closest = this.passages(query ?? u.topics.join(" "), set);
    const text = `${said ?? `${this.setName(set)}’s procedure does not give a rule for that.`} I will not borrow another area’s rule.${closest.length ? " The closest passages:" : ""}\n${closest.map((p) => `“${p.quote.slice(0, 300)}${p.quote.length > 300 ? "…" : ""}”`).join("\n")}`;
    return { text, sources: closest };
  }

  private followUps(a: Action): string[] {
    const by: Record<string, string[]> = {
      icpc: ["What reports are due before the ICPC?", "What happens after the ICPC?"],
      first_core_group: ["When is the next core group due?", "What is the core group for?"],
      core_group_frequency: ["When is the review conference due?", "When are the core group minutes due?"],
      minutes: ["When is the first core group?", "When is the review conference due?"],
      rcpc: ["What reports are due before the review?", "How often are reviews after that?"],
    };
    return by[a.duty] ?? ["What else is due?", "What happens next?"];
  }

  /** "Does the child get an advocate?", "Do I have to see them alone?": yes or no, from the rules and the child's age. */
  private applies(state: ConversationState, u: Understanding, today: string, message: string): Reply {
    const set = state.set!;
    const rules = this.rulesFor(set, u.topics);
    if (!rules.length) return this.silent(set, u.topics, u, message);
    const aged = rules.filter((r) => r.perChild?.minAge !== undefined || r.perChild?.underAge !== undefined);
    const sources = uniqueSources(rules.flatMap((r) => r.sources).map((s) => ({ ...s, url: this.sourceUrl(set, s) })));
    if (aged.length) {
      const child = state.children.find((c) => !c.unborn);
      const age = child?.dateOfBirth ? ageOn(child.dateOfBirth, today) : child?.ageYears;
      if (age === undefined)
        return { text: "How old is the child (or what is their date of birth)? The answer depends on age.", sources };
      const rule = aged[0]!;
      const min = rule.perChild!.minAge;
      const under = rule.perChild!.underAge;
      const yes = (min === undefined || age >= min) && (under === undefined || age < under);
      const who = child!.id.startsWith("Child") ? "the child" : child!.id;
      const ageWords =
        min !== undefined
          ? `At ${age}, ${who} is ${yes ? "" : "not "}${min} or over (“over the age of ${min}” is read as ${min} or over).`
          : `At ${age}, ${who} is ${yes ? "" : "not "}under ${under}.`;
      const plan = this.plan(state, today);
      const dated = plan.actions.filter((a) => aged.some((r) => r.id === a.rule) && a.due && a.status !== "done");
      return {
        text: `${yes ? "Yes" : "No"}. ${rule.title.replace("{child}", who)}.\n${ageWords}${dated[0] ? `\nNext: ${this.actionLine(dated[0])}` : ""}\n“${rule.sources[0]!.quote}”`,
        sources,
        actions: dated.slice(0, 2),
        suggestions: ["When is the next visit due?", "What else do I need to do?"],
      };
    }
    const r = rules[0]!;
    return {
      text: `Yes. ${r.title.replace("{child}", "the child").replace("{agency}", "each agency")}.\n“${r.sources[0]!.quote}”`,
      sources,
    };
  }

  private sourceUrl(set: string, s: { document: string; section: string; quote: string }) {
    return describerFor(this.ctx.library)(set, s).url;
  }

  private role(state: ConversationState, u: Understanding, today: string): Reply {
    const set = state.set!;
    const label = ROLES.find((r) => r[1] === u.role)?.[2] ?? "your agency";
    const plan = this.plan(state, today);
    const mine = plan.actions.filter(
      (a) =>
        a.status !== "done" &&
        (a.agency === u.role || /\b(every worker|all|agenc|core group members|any worker|everyone)\b/i.test(a.owner)),
    );
    const passages = this.passages(`${label} agency report attend conference information`, set, 2);
    const dated = mine.filter((a) => a.due);
    const lines = (dated.length ? dated : mine)
      .slice(0, 5)
      .map(
        (a) => `• ${a.due ? this.actionLine(a, false) : `${a.title} (${(a.basis.split(".")[0] ?? "").toLowerCase()})`}`,
      );
    const conferenceKnown = state.events.some((e) => e.type.startsWith("icpc") || e.type.startsWith("rcpc"));
    return {
      text: `As ${label}, under ${this.setName(set)}:\n${lines.join("\n") || "The procedure gives no dated duty for your agency."}${conferenceKnown ? "" : "\nTell me the conference date and I will work out the dates."}${passages.length ? `\nThe procedure says: “${passages[0]!.quote.slice(0, 400)}”` : ""}`,
      sources: uniqueSources([...mine.slice(0, 3).flatMap((a) => a.sources.slice(0, 1)), ...passages]),
      actions: dated.slice(0, 5),
      suggestions: ["When is the conference?", "What should my report cover?"],
    };
  }

  private whatIf(state: ConversationState, u: Understanding, today: string, message: string): Reply {
    const set = state.set!;
    const ev: CaseEvent =
      u.scenario === "icpc_held"
        ? { type: "icpc_held", date: today, outcome: "plan", splitVote: true }
        : { type: u.scenario!, date: today };
    const duties =
      (
        {
          child_missing: ["missing"],
          moved_out_of_area: ["moves"],
          access_refused: ["access_refused"],
          icpc_held: ["split_vote"],
          significant_event: ["significant_event"],
        } as Record<string, string[]>
      )[u.scenario!] ?? [];
    const base = this.plan(state, today).actions.map((a) => a.id);
    const after = this.plan(state, today, [ev]);
    const fresh = after.actions.filter((a) => duties.includes(a.duty) && !base.includes(a.id));
    if (!fresh.length) return this.silent(set, duties, u, message);
    const when = u.scenario === "access_refused" ? "" : " (if it happens today)";
    return {
      text: `${fresh.map((a) => sentence(`${a.title}: by ${dateWords(a)}${when}.`)).join("\n")}\n${fresh[0]!.basis}\n“${fresh[0]!.sources[0]!.quote}”`,
      sources: uniqueSources(fresh.flatMap((a) => a.sources)),
      actions: fresh,
      suggestions: ["What else do I need to do?"],
    };
  }

  private sectionFor(message: string, set?: string): SourceRef | undefined {
    const terms = this.ctx.search.analyzer.glossaryMatches(message).map((g) => g.id);
    if (!terms.length) return undefined;
    for (const s of this.ctx.library.sets.filter((x) => !set || x.id === set)) {
      for (const d of s.documents) {
        const v = currentVersion(d);
        for (const sec of v.sections) {
          if (!sec.passages.length || sec.heading.split(/\s+/).length > 4) continue;
          const hit = this.ctx.search.analyzer
            .glossaryMatches(sec.heading)
            .some((g) => terms.includes(g.id) && !["cpc", "cpp", "icpc", "cg", "lsw"].includes(g.id));
          if (hit) {
            const p = sec.passages[0]!;
            return { document: d.id, section: sec.id, quote: p.text, url: passageUrl(v, p.id) };
          }
        }
      }
    }
    return undefined;
  }

  private procedure(state: ConversationState, message: string): Reply {
    // "What is X for?" / "What does X do?": also look for what X is responsible for and its purpose.
    const subject =
      /\bwhat\s+(?:is|are)\s+(?:a|an|the)?\s*(.+?)\s+for\b|\bwhat\s+(?:does|do)\s+(?:a|an|the)?\s*(.+?)\s+do\b|\bpurpose of\s+(?:a|an|the)?\s*(.+?)[?.]?$/i.exec(
        message,
      );
    const about = subject ? (subject[1] ?? subject[2] ?? subject[3])! : undefined;
    const found = uniqueSources([
      ...(about ? this.passages(`${about} purpose responsible`, state.set, 2) : []),
      ...this.passages(message, state.set, 3),
    ]).slice(0, 3);
    // A term with a section of its own ("quorate" → "Quoracy"): that section's opening paragraph answers it.
    const own = this.sectionFor(message, state.set);
    if (own && !found.some((f) => f.url === own.url)) found.splice(Math.min(1, found.length), 0, own);
    if (!found.length)
      return {
        text: "I could not find that in the procedures. Try other words, or an abbreviation such as ICPC or RCPC.",
        sources: [],
        suggestions: ["What is a core group for?", "When is the ICPC due?"],
      };
    const top = found[0]!;
    const where = this.setName(state.set) ?? "the procedures";
    return {
      text: `From ${where}:\n“${top.quote}”${found[1] ? `\nSee also: “${found[1].quote.slice(0, 200)}${found[1].quote.length > 200 ? "…" : ""}”` : ""}`,
      sources: found,
      suggestions: ["What happens next?", "What does RCPC stand for?"],
    };
  }

  private noted(state: ConversationState, u: Understanding, today: string): Reply {
    const bits: string[] = [];
    for (const e of u.events)
      bits.push(
        `${EVENT_WORDS[e.type].replace(/^the (last )?/, "")} on ${formatLong(e.date)}${e.outcome ? ` (${e.outcome.replace("_", " ")})` : ""}`,
      );
    u.children.forEach((c) => {
      bits.push(
        c.unborn
          ? `an unborn child${c.expectedDeliveryDate ? ` due ${formatLong(c.expectedDeliveryDate)}` : ""}`
          : c.dateOfBirth
            ? `a child born ${formatLong(c.dateOfBirth)}`
            : c.ageYears !== undefined
              ? `a child aged ${c.ageYears}`
              : c.lookedAfter !== undefined
                ? `looked after: ${c.lookedAfter ? "yes" : "no"}`
                : "",
      );
    });
    if (u.facts.nonResidentParent) bits.push("a non-resident parent");
    if (u.facts.interpreterNeeded) bits.push("an interpreter is needed");
    if (u.set) bits.push(`procedure set ${this.setName(u.set)}`);
    const lead = bits.filter(Boolean).length
      ? `Noted: ${bits.filter(Boolean).join("; ")}.`
      : "I have not picked out a date, age or fact from that. Could you say it another way, for example “the ICPC was on 13/01/2027”?";
    if (!state.set) return { ...this.askSet(), text: `${lead}\n${this.askSet().text}` };
    const plan = this.plan(
      state,
      today,
      [],
      state.events.some((e) => e.type === "icpc_held" && !e.outcome),
    );
    const next = plan.actions.filter((a) => a.status !== "done" && a.status !== "waiting" && a.due).slice(0, 3);
    return {
      text: `${lead}${next.length ? `\nComing up:\n${next.map((a) => `• ${this.actionLine(a, false)}`).join("\n")}` : ""}`,
      sources: uniqueSources(next.flatMap((a) => a.sources.slice(0, 1))),
      actions: next,
      suggestions: next.length ? ["Why is the first one due then?", "What else is waiting?"] : ["What happens next?"],
    };
  }

  answer(state: ConversationState, message: string, today: string): Reply {
    const u = understand(message, today, this.ctx.library.glossary, {
      hasIcpc: state.events.some((e) => e.type === "icpc_held"),
    });
    merge(state, u);
    if (u.badDates.length)
      return {
        text: `${u.badDates.join(", ")} is not a real date. Dates are day first: 13/01/2027 is 13 January 2027.`,
        sources: [],
      };
    if (u.intent === "greeting")
      return {
        text: "Hello. Tell me what has happened (for example “the strategy discussion was 03/12/2026”) or ask about a procedure.",
        sources: [],
        suggestions: ["What does RCPC stand for?", "What happens after the ICPC?"],
      };
    if (u.intent === "glossary" && u.glossary) {
      const g = u.glossary;
      const passages = state.set ? this.passages(g.synonyms[0] ?? g.term, state.set, 1) : [];
      return {
        text: `${g.term} means ${g.stands.charAt(0).toLowerCase()}${g.stands.slice(1)}. ${g.definition}${g.synonyms.length > 1 ? `\nAlso written: ${g.synonyms.slice(0, 5).join(", ")}.` : ""}`,
        sources: passages,
      };
    }
    if (!state.set && u.intent !== "statement") {
      if (u.intent === "procedure") return this.procedure(state, message);
      return this.askSet();
    }
    switch (u.intent) {
      case "role":
        return this.role(state, u, today);
      case "whatif":
        return this.whatIf(state, u, today, message);
      case "applies":
        return this.applies(state, u, today, message);
      case "deadline":
        return this.deadline(state, u, today);
      case "procedure":
        return u.topics.length && /\b(when|due|date|deadline)\b/i.test(message)
          ? this.deadline(state, u, today)
          : this.procedure(state, message);
      default:
        return this.noted(state, u, today);
    }
  }
}

/** Folds what a message said into the conversation: later statements correct earlier ones. */
export function merge(state: ConversationState, u: Understanding) {
  if (u.set) state.set = u.set;
  if (u.role) state.role = u.role;
  for (const e of u.events) {
    const { assumed: _a, ...ev } = e;
    // A newer statement about the same kind of one-off event replaces the old one ("no, the ICPC was on the 14th").
    const oneOff = ["strategy_discussion", "icpc_held", "icpc_scheduled", "referral", "icpc_requested"].includes(
      ev.type,
    );
    const i = oneOff
      ? state.events.findIndex((x) => x.type === ev.type)
      : state.events.findIndex((x) => x.type === ev.type && x.date === ev.date);
    if (i >= 0) state.events[i] = { ...state.events[i], ...ev };
    else state.events.push(ev);
  }
  u.children.forEach((c, i) => {
    if (c.unborn) {
      const existing = state.children.find((x) => x.unborn);
      if (existing) Object.assign(existing, c);
      else state.children.push({ id: `Unborn ${state.children.filter((x) => x.unborn).length + 1}`, ...c });
      return;
    }
    const born = state.children.filter((x) => !x.unborn);
    const target = born[i];
    if (target) {
      if (c.dateOfBirth) delete target.ageYears;
      if (c.ageYears !== undefined) delete target.dateOfBirth;
      Object.assign(target, c);
    } else state.children.push({ id: `Child ${born.length + 1}`, ...c });
  });
  Object.assign(state.facts, u.facts);
}
