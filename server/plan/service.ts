/** Glue between the pure engine and the app: picks the set's checklist, links each cited section, names the version. */
import type { GuidanceLibrary } from "../guidance/model.js";
import { currentVersion, findDocument, findSet, passageUrl, versionUrl } from "../guidance/model.js";
import type { Checklists } from "../checklists/load.js";
import { computePlan, type DescribeSource } from "../domain/plan.js";
import { withoutAgencyDuties } from "../domain/rules/agency.js";
import type { Action, Plan, PlanInput } from "../domain/types.js";
import { NotFound } from "../domain/errors.js";
import { cmp } from "../domain/dates.js";
import { getOrMake } from "../domain/memo.js";
import { assertNone, childProblems, doneProblems, eventProblems, todayProblems } from "../domain/input.js";
import type { AppContext } from "../app-context.js";
import type { z } from "zod";
import type { planRequestSchema } from "./request.js";

/**
 * The rule ids of a set's current checklist (done ids must name one): made once per checklist, not per request
 * (reloaded rules are new checklist objects, so they get their own).
 */
const ruleIdMemo = new WeakMap<object, Set<string>>();
const NO_RULES = new Set<string>();
const ruleIds = (ctx: AppContext, set: string): Set<string> => {
  const checklist = ctx.checklists.bySet.get(set);
  return checklist ? getOrMake(ruleIdMemo, checklist, () => new Set(checklist.rules.map((r) => r.id))) : NO_RULES;
};

/** Memoised: the same citation always resolves to the same link, and plans are computed often. */
export function describeSources(lib: GuidanceLibrary, versions: Record<string, string> = {}): DescribeSource {
  // Keyed by the citation object itself: checklists are loaded once, so this is a cheap identity lookup.
  const memo = new WeakMap<object, { url: string; heading: string }>();
  const resolve: DescribeSource = (set, source) => {
    const doc = findDocument(lib, set, source.document);
    if (!doc) return { url: `/guidance/${set}`, heading: source.section };
    const pinned = versions[doc.id];
    const version = doc.versions.find((v) => v.version === pinned) ?? currentVersion(doc);
    const section = version.sections.find((s) => s.id === source.section);
    if (!section) return { url: versionUrl(version), heading: source.section };
    // Link the passage that holds the quote, so the page opens on the exact paragraph.
    const norm = (s: string) => s.replace(/[‘’]/g, "'").replace(/\s+/g, " ");
    const passage = section.passages.find((p) => norm(p.text).includes(norm(source.quote))) ?? section.passages[0];
    return {
      url: passage ? passageUrl(version, passage.id) : `${versionUrl(version)}#${section.id}`,
      heading: section.heading,
    };
  };
  return (set, source) => {
    return getOrMake(memo, source, () => resolve(set, source));
  };
}

const describers = new WeakMap<GuidanceLibrary, Map<string, DescribeSource>>();
export function describerFor(lib: GuidanceLibrary, versions: Record<string, string> = {}): DescribeSource {
  const byVersions = getOrMake(describers, lib, () => new Map<string, DescribeSource>());
  const key = JSON.stringify(Object.entries(versions).sort());
  return getOrMake(byVersions, key, () => describeSources(lib, versions));
}

const ORDER: Record<Action["status"], number> = { overdue: 0, due: 1, upcoming: 2, waiting: 3, done: 4 };

/** Overdue first, then by date; waiting and done last. */
export function sortActions(actions: Action[]): Action[] {
  return [...actions].sort(
    (a, b) =>
      ORDER[a.status] - ORDER[b.status] ||
      cmp(a.due ?? "9999", b.due ?? "9999") ||
      cmp(a.dueTime ?? "", b.dueTime ?? ""),
  );
}

export function setVersionLabel(lib: GuidanceLibrary, setId: string, versions: Record<string, string> = {}): string {
  const set = findSet(lib, setId)!;
  return set.documents
    .map((d) => (set.documents.length > 1 ? `${d.id}@` : "") + (versions[d.id] ?? currentVersion(d).version))
    .join(", ");
}

export function planFor(
  lib: GuidanceLibrary,
  checklists: Checklists,
  input: PlanInput,
  versions: Record<string, string> = {},
  /** agencyDuties: include the agency duties (/duties); a case, the assistant and scenarios leave them out. */
  opts: { agencyDuties?: boolean } = {},
): Plan {
  // A case pinned to a version is computed with that version's rules (and cites that version).
  const checklist = checklists.forVersions(input.set, versions);
  if (!checklist)
    throw new NotFound(
      "procedure set",
      `Unknown procedure set “${input.set}”. Known sets: ${[...checklists.bySet.keys()].join(", ")}.`,
    );
  const rules = opts.agencyDuties ? checklist : withoutAgencyDuties(checklist);
  const plan = computePlan(input, rules, checklists.catalogue.facts, describerFor(lib, versions));
  return { actions: sortActions(plan.actions), questions: plan.questions };
}

/**
 * POST /api/plan: a plan for facts and events sent in, with the set and version it was computed from.
 * Stateless: nothing is stored.
 */
export function planRequest(ctx: AppContext, req: z.infer<ReturnType<typeof planRequestSchema>>) {
  const set = findSet(ctx.library, req.procedures);
  if (!set)
    throw new NotFound(
      "procedure set",
      `procedures: unknown procedure set “${req.procedures}”. Known sets: ${ctx.library.sets.map((s) => s.id).join(", ")}.`,
    );
  const today = req.today ?? ctx.today();
  // The same bounds as for a case, as of the `today` asked about (itself within two years of the real one).
  const known = { sets: new Map([[set.id, { documents: new Map(), rules: ruleIds(ctx, set.id) }]]), agencies: [] };
  assertNone([
    ...(req.today ? todayProblems(req.today, ctx.today()) : []),
    ...childProblems(req.children, { today }, (i) => `children[${i}]`),
    ...eventProblems(req.events, today, (i) => `events[${i}]`),
    ...doneProblems(set.id, req.done, known, (i) => `done[${i}]`),
  ]);
  const { children, facts, events, done } = req;
  const plan = planFor(ctx.library, ctx.checklists, { set: set.id, today, children, facts, events, done });
  return {
    procedures: { id: set.id, name: set.name, version: setVersionLabel(ctx.library, set.id) },
    today,
    ...plan,
  };
}
