/**
 * Agency duties (issue 13): what one agency invited to or notified of a conference in one area does — before, at
 * and after the ICPC, at core groups and before a review — and what others owe it, each with its quote. The duties
 * are the set's rules with an agency among their owners (`for each agency` in the rules file); the dates come from
 * the rules engine (`planFor`), computed for a conference on the date given. Nothing here counts days.
 */
import type { AppContext } from "../app-context.js";
import { addMonths, cmp, formatLong, isValidIso, parseUkDate } from "../domain/dates.js";
import { InvalidInput, NotFound } from "../domain/errors.js";
import type { Checklist, Rule } from "../domain/rules/schema.js";
import type { Action, CaseEvent, SourceRef } from "../domain/types.js";
import { agencyName } from "../domain/vocabulary.js";
import { describeTimescale, fillWords } from "../domain/words.js";
import { findSet } from "../guidance/model.js";
import { describerFor, planFor } from "../plan/service.js";

/** Where a duty falls in the agency's part of the process. */
export type Stage = "before" | "at" | "after" | "core" | "review";

export const STAGES: { id: Stage; heading: string }[] = [
  { id: "before", heading: "Before the ICPC" },
  { id: "at", heading: "At the ICPC" },
  { id: "after", heading: "After the ICPC" },
  { id: "core", heading: "Core groups" },
  { id: "review", heading: "Before a review conference" },
];

export interface DutyItem {
  rule: string;
  title: string;
  /** Who does it, as the rule says. */
  owner: string;
  /** True where the agency is owed this by someone else (the chair, the safeguarding unit, the social worker). */
  owed: boolean;
  /** The timescale in words ("24 hours before the ICPC booked"). */
  timescale: string;
  /** From the engine, when a conference date was given and the duty can be dated from it. */
  due?: string;
  dueTime?: string;
  actBy?: string;
  /** How the engine reached the date, or what it waits for. */
  basis?: string;
  note?: string;
  sources: SourceRef[];
}

export interface Duties {
  set: { id: string; name: string; area: string };
  agency: { id: string; label: string; name: string };
  /** The conference date the dates were computed for (ISO). */
  conference?: string;
  stages: { id: Stage; heading: string; items: DutyItem[] }[];
  /** What the set says it does not cover for agencies (its "silent" notes on the agency duties). */
  silent: string[];
}

export interface DutiesQuery {
  set: string;
  agency: string;
  conference?: string;
}

/** The link to one agency's duties in one area: the assistant adds it when someone says who they are. */
export function dutiesUrl(agency: string, set: string): string {
  return `/duties?${new URLSearchParams({ agency, set }).toString()}`;
}

/** The agencies that may be chosen, with their labels (from checklists/vocabulary.yaml). */
export const agencyChoices = (ctx: AppContext) => ctx.checklists.catalogue.agencies;

/** The procedure sets that may be chosen: id, name and area. */
export const setChoices = (ctx: AppContext) =>
  ctx.library.sets.map((s) => ({ id: s.id, name: s.name, area: areaName(s) }));

/** How an area is named in headings: its place, or the document's name where the text names no place. */
const areaName = (s: { name: string; area: string }) => (/not named/i.test(s.area) ? s.name : s.area);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Whether a rule falls to (or is owed to) this agency. */
export const ruleIsFor = (rule: Rule, agency: string): boolean =>
  !!rule.agencies &&
  (rule.agencies.always.includes(agency) || (rule.agencies.fromFacts && !rule.agencies.exclude.includes(agency)));

const OWED_DUTIES = new Set(["agency_owed", "notify_agencies"]);
const CORE_DUTIES = new Set([
  "first_core_group",
  "core_group_frequency",
  "core_group_record",
  "assessment",
  "plan_shared",
]);
const REVIEW_DUTIES = new Set(["rcpc", "joint_report"]);
const BEFORE_DUTIES = new Set(["agency_records", "agency_report", "agency_owed", "notify_agencies"]);

/**
 * The stage, from what starts the rule's clock: the conference booked (before, or on the day at it), the ICPC held
 * (at it on the day, after it later), a core group or a review. A clock started by another rule's date takes that
 * rule's duty (the first core group's deadline is a core group date).
 */
export function stageOf(rule: Rule, checklist: Checklist): Stage {
  if (rule.duty === "agency_core_group") return "core";
  if (rule.duty === "agency_review") return "review";
  const anchor = rule.anchor[0]!;
  const offset = rule.offsets[0]!;
  let kind: "icpc" | "held" | "core" | "review" | "other" = "other";
  if ("event" in anchor) {
    const e = anchor.event[0];
    if (e === "icpc_scheduled" || e === "icpc_requested" || e === "strategy_discussion" || e === "referral")
      kind = "icpc";
    else if (e === "icpc_held") kind = "held";
    else if (e === "core_group_held") kind = "core";
    else if (e === "rcpc_scheduled" || e === "rcpc_held") kind = "review";
  } else if ("rule" in anchor) {
    const duty = checklist.rules.find((r) => r.id === anchor.rule)?.duty ?? "";
    kind = CORE_DUTIES.has(duty) ? "core" : REVIEW_DUTIES.has(duty) ? "review" : "icpc";
  }
  if (kind === "icpc") return offset.direction === "before" || BEFORE_DUTIES.has(rule.duty) ? "before" : "at";
  if (kind === "held") return offset.n === 0 ? "at" : "after";
  if (kind === "core" || kind === "review") return kind;
  return "after";
}

/** Reads the conference date as typed (dd/mm/yyyy, strictly) and checks it is within two years of today. */
export function readConferenceDate(raw: string | undefined, today: string): string | undefined {
  const typed = (raw ?? "").trim();
  if (!typed) return undefined;
  const iso = parseUkDate(typed) ?? (isValidIso(typed) ? typed : undefined);
  if (!iso)
    throw new InvalidInput(
      "date",
      /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(typed)
        ? "The conference date must be a real date, day first, like 13/01/2027"
        : "Enter the conference date as day/month/year, like 13/01/2027",
    );
  const earliest = addMonths(today, -24);
  const latest = addMonths(today, 24);
  if (iso < earliest)
    throw new InvalidInput("date", `The conference date must be on or after ${formatLong(earliest)}: check the year`);
  if (iso > latest)
    throw new InvalidInput("date", `The conference date must be no later than ${formatLong(latest)}: check the year`);
  return iso;
}

/** The agency's duties in the set, grouped by stage; dated by the engine when a conference date is given. */
export function agencyDuties(ctx: AppContext, q: DutiesQuery): Duties {
  const set = findSet(ctx.library, q.set);
  if (!set)
    throw new NotFound(
      "procedure set",
      `There is no procedure set “${q.set}”. Choose one of: ${ctx.library.sets.map((s) => s.name).join(", ")}.`,
    );
  const agency = agencyChoices(ctx).find((a) => a.id === q.agency);
  if (!agency) throw new InvalidInput("agency", "Choose your agency from the list");
  const checklist = ctx.checklists.bySet.get(set.id);
  const rules = (checklist?.rules ?? []).filter((r) => ruleIsFor(r, agency.id));

  // Two plans from the engine for a conference on the date given: as it stands before the conference (booked), and
  // as it stands once it has made a plan (for the duties at and after it, at core groups and before the review).
  const dated: Action[][] = [];
  if (q.conference) {
    const base = { set: set.id, today: q.conference, children: [], facts: { agencies: [agency.id] }, done: [] };
    const booked: CaseEvent[] = [{ type: "icpc_scheduled", date: q.conference }];
    const held: CaseEvent[] = [...booked, { type: "icpc_held", date: q.conference, outcome: "plan" }];
    for (const events of [booked, held])
      dated.push(
        planFor(ctx.library, ctx.checklists, { ...base, events }, {}, { agencyDuties: true }).actions.filter(
          (a) => a.agency === agency.id,
        ),
      );
  }
  const describe = describerFor(ctx.library);
  const items = new Map<Stage, DutyItem[]>(STAGES.map((s) => [s.id, []]));
  for (const rule of rules) {
    const found = dated.flatMap((actions) => actions.filter((a) => a.rule === rule.id));
    const action = found.find((a) => a.due) ?? found[0];
    const item: DutyItem = {
      rule: rule.id,
      title: capitalise(action?.title ?? fillWords(rule.title, { agency: agency.id })),
      owner: rule.owner,
      owed: OWED_DUTIES.has(rule.duty),
      timescale: describeTimescale(rule, checklist!),
      sources: action?.sources ?? rule.sources.map((s) => ({ ...s, url: describe(set.id, s).url })),
    };
    if (action?.due) {
      item.due = action.due;
      if (action.dueTime) item.dueTime = action.dueTime;
      if (action.actBy) item.actBy = action.actBy;
    }
    if (action) item.basis = action.basis;
    else if (rule.note) item.note = fillWords(rule.note, { agency: agency.id });
    items.get(stageOf(rule, checklist!))!.push(item);
  }
  // Dated duties by date within each stage; those without a date keep the order of the document, after them.
  for (const list of items.values())
    list.sort((a, b) => (a.due && b.due ? cmp(a.due, b.due) : a.due ? -1 : b.due ? 1 : 0));
  const silent = Object.entries(checklist?.silent ?? {})
    .filter(([k]) => k.startsWith("agency_"))
    .map(([, v]) => v);
  return {
    set: { id: set.id, name: set.name, area: areaName(set) },
    agency: { id: agency.id, label: agency.label, name: agencyName(agency.id) },
    ...(q.conference ? { conference: q.conference } : {}),
    stages: STAGES.map((s) => ({ ...s, items: items.get(s.id)! })),
    silent,
  };
}
