/**
 * An agency's own part, for agency staff who ask the assistant (issue 10, kind 5): the same duties and dates as the
 * "my duties" page (server/duties), never the social worker's. Which of them a question is about is read from the
 * search over the passages and their question bank, so new phrasings are handled by adding bank questions.
 */
import type { AppContext } from "../app-context.js";
import { formatLong } from "../domain/dates.js";
import { agencyDuties, type DutyItem, dutiesUrl, STAGES } from "../duties/service.js";
import type { SearchHit } from "../search/index.js";
import type { Reply } from "./compose.js";
import { uniqueSources } from "./sources.js";

/** How far down the answers to a question an agency duty may be and still be what it is about. */
const RELEVANT_PASSAGES = 3;

export interface AgencyQuestion {
  set: string;
  setName: string;
  agency: string;
  /** How the speaker is named ("the police"), from the roles vocabulary; else the agency's name. */
  speaker?: string;
  /** The question with "I'm the GP" taken out. */
  asked: string;
  /** The message tells of something that happened (a child missing, a move): "what do I do?" is about that. */
  situation?: boolean;
  /** The duties (rule ids) the last reply was about, for a question that leans on it ("are we still in time?"). */
  previous?: string[];
  /** The initial conference's date (held or booked), when the conversation knows it. */
  conference?: string;
  today: string;
}

interface Ranked {
  item: DutyItem;
  stage: string;
  rank: number;
}

/**
 * The agency's duties this question is about, best first: by the rank of the passage each duty quotes among the
 * passages that best answer it. None when the best answers are someone else's duty or no duty at all.
 */
function relevant(ctx: AppContext, q: AgencyQuestion, items: Ranked[], hits: SearchHit[]): Ranked[] {
  const rankOf = (i: DutyItem) => {
    const at = hits.findIndex((h) => i.sources.some((s) => s.url === h.url || h.text.includes(s.quote.slice(0, 60))));
    return at < 0 ? Number.POSITIVE_INFINITY : at;
  };
  const words = new Set(ctx.search.terms(q.asked));
  const overlap = (i: DutyItem) =>
    ctx.search.terms(`${i.title} ${i.sources[0]?.quote ?? ""}`).filter((t) => words.has(t)).length;
  return items
    .map((r) => ({ ...r, rank: rankOf(r.item) - overlap(r.item) / 100 }))
    .filter((r) => Number.isFinite(r.rank))
    .sort((a, b) => a.rank - b.rank);
}

function line(i: DutyItem, today: string): string {
  const who = i.owed ? ` (${i.owner})` : "";
  if (!i.due) return `• ${i.title}${who} — ${i.timescale}`;
  const when = `${formatLong(i.due)}${i.dueTime ? ` at ${i.dueTime}` : ""}`;
  // A date already past is overdue, never "coming up".
  return i.due < today ? `• ${i.title}${who} — overdue (it was due ${when})` : `• ${i.title}${who} — by ${when}`;
}

/** The reply, or undefined when the question is about something that is not this agency's duty. */
export function agencyReply(ctx: AppContext, q: AgencyQuestion): (Reply & { about: string[] }) | undefined {
  const phrase = ctx.checklists.vocabulary.intents;
  const d = agencyDuties(ctx, { set: q.set, agency: q.agency, ...(q.conference ? { conference: q.conference } : {}) });
  const all: Ranked[] = d.stages.flatMap((s) => s.items.map((item) => ({ item, stage: s.heading, rank: 0 })));
  const whose = d.agency.name.endsWith("s") ? `${d.agency.name}’` : `${d.agency.name}’s`;
  const link = { label: `All of ${whose} part in ${q.setName}`, url: dutiesUrl(q.agency, q.set) };
  const intro = `As ${q.speaker ?? d.agency.name}, under ${q.setName}:`;
  if (!all.length)
    return {
      text: `${intro} the procedure names no duty for ${d.agency.name} by name. ${d.silent[0] ?? "Ask me what the procedure says on a subject and I will quote it."}`,
      sources: [],
      links: [link],
      about: [],
    };
  const whole = phrase.wholePart.test(q.asked) && !q.situation;
  const before = q.previous?.length ? all.filter((r) => r.item.rule === q.previous![0]) : [];
  const hits = ctx.search.search(q.asked, { procedures: [q.set], limit: RELEVANT_PASSAGES }).results;
  const found = before.length ? before : relevant(ctx, q, all, hits).slice(0, 3);
  if (!whole && !found.length && !phrase.noSubject.test(q.asked)) return undefined;
  const undated = (list: Ranked[]) => list.some((r) => !r.item.due);
  const ask = q.conference ? "" : "Tell me the date of the conference and I will work out your dates.";
  const lines = (list: Ranked[]) => list.map((r) => line(r.item, q.today)).join("\n");
  // The whole paragraph a duty quotes, when it is among the answers and short enough to read in a reply.
  const paragraph = (i: DutyItem) => {
    const quote = i.sources[0]?.quote ?? "";
    const whole = hits.find((h) => h.text.includes(quote.slice(0, 60)))?.text;
    return whole && whole.length <= 600 ? whole : quote;
  };
  if (found.length && !whole) {
    const top = found[0]!.item;
    // The paragraph that best answers the question, when it is not the duty's own: what it says besides.
    const best = hits[0];
    const also = best && !found.some((r) => r.item.sources.some((s) => best.text.includes(s.quote.slice(0, 60))));
    return {
      text: [
        intro,
        lines(found),
        `“${paragraph(top)}”`,
        also ? `See also: “${best.text.length > 600 ? `${best.text.slice(0, 600)}…` : best.text}”` : "",
        undated(found) ? ask : "",
      ]
        .filter(Boolean)
        .join("\n"),
      sources: uniqueSources([
        ...found.flatMap((r) => r.item.sources.slice(0, 1)),
        ...(also ? [{ document: best.document, section: best.section, quote: best.text, url: best.url }] : []),
      ]),
      suggestions: ["What else do I need to do?", "What if I cannot attend?"],
      links: [link],
      about: found.map((r) => r.item.rule),
    };
  }
  // The whole part: what the question describes first, then two duties a stage (the page, linked, has them all).
  const first = found.slice(0, 2);
  const rest = all.filter((r) => !first.some((f) => f.item.rule === r.item.rule));
  const perStage = first.length ? 1 : 2;
  const byStage = STAGES.map((s) => ({ s, list: rest.filter((r) => r.stage === s.heading).slice(0, perStage) })).filter(
    (x) => x.list.length,
  );
  const shown = [...first, ...byStage.flatMap((x) => x.list)];
  return {
    text: [
      intro,
      first.length ? `For what you describe:\n${lines(first)}\n“${paragraph(first[0]!.item)}”` : "",
      ...byStage.map(({ s, list }) => `${s.heading}:\n${lines(list)}`),
      undated(shown) ? ask : "",
      `The rest of your part is on its own page: ${link.label}.`,
    ]
      .filter(Boolean)
      .join("\n"),
    sources: uniqueSources([...first, ...byStage.map((x) => x.list[0]!)].flatMap((r) => r.item.sources.slice(0, 1))),
    suggestions: ["What should my report cover?", "What if I cannot attend?"],
    links: [link],
    about: first.map((r) => r.item.rule),
  };
}
