/**
 * Training scenarios for the routes: loading the library, playing a scenario to a step or a date in one area,
 * the same moment across every area, the handout, and saving (from YAML, JSON or the author form).
 * Scenarios never become cases: nothing here writes to the case store.
 */
import { fromRoot } from "../paths.js";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { AppContext } from "../app-context.js";
import type { GuidanceLibrary, ProcedureSet } from "../guidance/model.js";
import { findSet } from "../guidance/model.js";
import type { Checklists } from "../checklists/load.js";
import { silentNotes } from "../domain/rules/schema.js";
import { isValidIso, parseUkDate } from "../domain/dates.js";
import { InvalidInput, NotFound } from "../domain/errors.js";
import type { Action, Plan } from "../domain/types.js";
import { EVENT_WORDS } from "../domain/words.js";
import { ScenarioLibrary, type StoredScenario } from "./library.js";
import {
  ANY_SET,
  DEFAULT_QUESTION,
  parseScenarioYaml,
  storyDate,
  type Scenario,
  type ScenarioEntry,
  type ScenarioVocabulary,
  validateScenario,
} from "./schema.js";
import {
  type Change,
  changesBetween,
  dateMoment,
  entriesBetween,
  type Moment,
  playthrough,
  previousMoment,
  stepMoment,
} from "./play.js";
import { scenarioToYaml } from "./yaml.js";
import {
  type FieldError,
  type FormValues,
  SPARE_CHILDREN,
  SPARE_ROWS,
  formErrors,
  formRows,
  readAuthorForm,
  scenarioFromCase,
  scenarioToForm,
} from "./author.js";

export const SHIPPED_SCENARIOS = fromRoot("checklists", "scenarios");

export function vocabularyOf(library: GuidanceLibrary, checklists: Checklists): ScenarioVocabulary {
  return {
    setIds: library.sets.map((s) => s.id),
    agencyIds: checklists.catalogue.agencies.map((a) => a.id),
    dutyIds: checklists.catalogue.duties.map((d) => d.id),
    ruleIds: [...checklists.bySet.values()].flatMap((c) => c.rules.map((r) => r.id)),
  };
}

/** Reads the shipped scenarios and those saved in DATA_DIR/scenarios (start-up). */
export function loadScenarios(opts: {
  library: GuidanceLibrary;
  checklists: Checklists;
  dataDir: string;
  shippedDir?: string;
}): ScenarioLibrary {
  const v = vocabularyOf(opts.library, opts.checklists);
  // A shipped scenario for a set not loaded (a trimmed GUIDANCE_DIR) is left out; the shipped-scenarios test
  // checks every file against the shipped guidance, so a misspelt set cannot hide one.
  const usable = (yaml: string) => {
    try {
      const set = (parseYaml(yaml) as { set?: unknown } | null)?.set;
      return typeof set !== "string" || set === ANY_SET || v.setIds.includes(set);
    } catch {
      return true;
    }
  };
  return new ScenarioLibrary(
    opts.shippedDir ?? SHIPPED_SCENARIOS,
    join(opts.dataDir, "scenarios"),
    (yaml) => parseScenarioYaml(yaml, v),
    usable,
  );
}

const vocabulary = (ctx: AppContext) => vocabularyOf(ctx.library, ctx.checklists);

/**
 * The moment a step's changes are counted from: the step before — except at a pause, where it is the last
 * pause (or the start), so the answer to "what's due now?" covers everything since the trainer last asked.
 */
export function comparedWith(s: Scenario, m: Moment): Moment | undefined {
  if (m.step !== undefined && s.timeline[m.step - 1]?.pause) {
    for (let i = m.step - 2; i >= 0; i--) if (s.timeline[i]!.pause) return stepMoment(s, i + 1);
    return { date: storyDate(s.timeline[0]!), reached: 0 };
  }
  return previousMoment(s, m);
}

/** Words for duties and rules named by `done` entries: duty labels, rule titles. */
export function doneLabels(ctx: AppContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of ctx.checklists.catalogue.duties) out[d.id] = d.label;
  for (const c of ctx.checklists.bySet.values())
    for (const r of c.rules)
      out[r.id] = r.title.replace(/\{child\}/g, "the child").replace(/\{agency\}/g, "each agency");
  return out;
}

// ── where in the story ────────────────────────────────────────────────────────────────────

export interface PlayQuery {
  step?: string;
  date?: string;
  set?: string;
  quiz?: string;
  reveal?: string;
}

/** The area a scenario is played in: the one asked for, else the scenario's own, else (for "any") the first. */
export function resolveSet(ctx: AppContext, s: Scenario, requested?: string): ProcedureSet {
  if (requested) {
    const set = findSet(ctx.library, requested);
    if (!set)
      throw new InvalidInput(
        "set",
        `set: “${requested}” is not a procedure set. Choose one of: ${ctx.library.sets.map((x) => x.id).join(", ")}.`,
      );
    return set;
  }
  return (s.set !== ANY_SET && findSet(ctx.library, s.set)) || ctx.library.sets[0]!;
}

/** `step` (1 to the number of entries) or `date` (13/01/2027 or 2027-01-13); neither is step 1. */
export function resolveMoment(s: Scenario, q: PlayQuery): Moment {
  if (q.date) {
    const raw = q.date.trim();
    const iso = parseUkDate(raw) ?? (isValidIso(raw) ? raw : undefined);
    if (!iso || iso < "1990-01-01" || iso > "2100-12-31")
      throw new InvalidInput("date", "Enter the date to jump to as day/month/year, like 13/01/2027", [
        { field: "date", message: "Enter the date to jump to as day/month/year, like 13/01/2027" },
      ]);
    return dateMoment(s, iso);
  }
  if (q.step !== undefined && q.step !== "") {
    const n = Number(q.step);
    if (!/^\d+$/.test(q.step) || n < 1 || n > s.timeline.length)
      throw new InvalidInput("step", `step: must be a whole number from 1 to ${s.timeline.length}`);
    return stepMoment(s, n);
  }
  return stepMoment(s, 1);
}

const on = (v?: string) => v === "1" || v === "true" || v === "yes";

/** "the strategy discussion", "the ICPC (plan)", "a pause"… for "no longer applies after …". */
export function entryWords(e: ScenarioEntry): string {
  if (e.event) return EVENT_WORDS[e.event].replace(/^the last /, "the ");
  if (e.done) return "duties marked done";
  return "";
}

export interface StepInfo {
  step: number;
  entry: ScenarioEntry;
}

export interface PlayView {
  stored: StoredScenario;
  labels: Record<string, string>;
  set: ProcedureSet;
  sets: ProcedureSet[];
  moment: Moment;
  total: number;
  /** What happened since the previous moment (with step numbers). */
  happened: StepInfo[];
  /** The trainer's question, when there is one at this moment (a pause, or "what's due next?" mode). */
  question?: string;
  notes?: string;
  /** The answer (checklist and changes) is hidden until revealed. */
  hidden: boolean;
  quiz: boolean;
  plan: Plan;
  changes: Change[];
  /** New actions still waiting on a later event (not listed as changes). */
  newWaiting: number;
  previous?: Moment;
  prevStep?: number;
  nextStep?: number;
}

export function playView(ctx: AppContext, stored: StoredScenario, q: PlayQuery): PlayView {
  const s = stored.scenario;
  const set = resolveSet(ctx, s, q.set);
  const moment = resolveMoment(s, q);
  const play = playthrough(ctx, s, set.id);
  const plan = play.planAt(moment);
  const previous = comparedWith(s, moment);
  const before = previous ? play.planAt(previous) : undefined;
  const first = previous?.reached ?? 0;
  const happened = entriesBetween(s, previous, moment).map((entry, i) => ({ step: first + i + 1, entry }));
  const changes = changesBetween(before, plan, moment.date, happened.map((h) => entryWords(h.entry)).filter(Boolean));
  const prevKeys = new Set(before?.actions.map((a) => a.id.replace(/@[^@]*$/, "")));
  const newWaiting = plan.actions.filter(
    (a) => a.status === "waiting" && !prevKeys.has(a.id.replace(/@[^@]*$/, "")),
  ).length;
  const current = moment.step !== undefined ? s.timeline[moment.step - 1] : undefined;
  const quiz = on(q.quiz);
  const question = current?.pause ?? (quiz ? DEFAULT_QUESTION : undefined);
  return {
    stored,
    labels: doneLabels(ctx),
    set,
    sets: ctx.library.sets,
    moment,
    total: s.timeline.length,
    happened,
    question,
    notes: current?.notes,
    hidden: question !== undefined && !on(q.reveal),
    quiz,
    plan,
    changes,
    newWaiting,
    previous,
    prevStep: moment.step !== undefined ? (moment.step > 1 ? moment.step - 1 : undefined) : moment.reached || undefined,
    nextStep: moment.reached < s.timeline.length ? moment.reached + 1 : undefined,
  };
}

// ── the same moment in every area ─────────────────────────────────────────────────────────

export interface CompareCell {
  set: string;
  actions: Action[];
  /** Actions of this duty still waiting on an event that has not happened. */
  waiting: number;
  /** The set has rules for this duty (nothing due at this point), or says it is silent, or neither (a gap). */
  hasRule: boolean;
  silent: string[];
  earliest?: string;
}

export interface CompareRow {
  duty: string;
  label: string;
  cells: CompareCell[];
  /** Two or more areas give different dates. */
  differ: boolean;
  /** Areas with nothing on it (silent or a gap). */
  quiet: number;
}

export interface CompareView {
  stored: StoredScenario;
  labels: Record<string, string>;
  moment: Moment;
  total: number;
  sets: ProcedureSet[];
  rows: CompareRow[];
  happened: StepInfo[];
  /** Facts a set would still ask for (the scenario does not say), per set. */
  questions: { set: string; text: string[] }[];
  prevStep?: number;
  nextStep?: number;
}

export function compareView(ctx: AppContext, stored: StoredScenario, q: PlayQuery): CompareView {
  const s = stored.scenario;
  const moment = resolveMoment(s, q);
  const sets = ctx.library.sets;
  const plans = new Map(sets.map((set) => [set.id, playthrough(ctx, s, set.id).planAt(moment)]));
  // Dated, open actions: what is due at this point (waiting ones are counted in each cell, not listed).
  const open = (p: Plan) => p.actions.filter((a) => a.status !== "done" && a.status !== "waiting");
  const duties = ctx.checklists.catalogue.duties.filter((d) =>
    [...plans.values()].some((p) => open(p).some((a) => a.duty === d.id)),
  );
  const rows = duties.map((d): CompareRow => {
    const cells = sets.map((set): CompareCell => {
      const checklist = ctx.checklists.bySet.get(set.id);
      const actions = open(plans.get(set.id)!).filter((a) => a.duty === d.id);
      const dated = actions.map((a) => a.due).filter((x): x is string => x !== null);
      dated.sort();
      return {
        set: set.id,
        actions,
        waiting: plans.get(set.id)!.actions.filter((a) => a.status === "waiting" && a.duty === d.id).length,
        hasRule: checklist?.rules.some((r) => r.duty === d.id) ?? false,
        silent: silentNotes(checklist, d.id),
        ...(dated[0] ? { earliest: dated[0] } : {}),
      };
    });
    const dates = new Set(cells.map((c) => c.earliest).filter(Boolean));
    return {
      duty: d.id,
      label: d.label,
      cells,
      differ: dates.size > 1,
      quiet: cells.filter((c) => !c.hasRule).length,
    };
  });
  const previous = previousMoment(s, moment);
  const first = previous?.reached ?? 0;
  return {
    stored,
    labels: doneLabels(ctx),
    moment,
    total: s.timeline.length,
    sets,
    rows,
    happened: entriesBetween(s, previous, moment).map((entry, i) => ({ step: first + i + 1, entry })),
    questions: sets
      .map((set) => ({ set: set.id, text: plans.get(set.id)!.questions.map((x) => x.text) }))
      .filter((x) => x.text.length),
    prevStep: moment.step !== undefined ? (moment.step > 1 ? moment.step - 1 : undefined) : moment.reached || undefined,
    nextStep: moment.reached < s.timeline.length ? moment.reached + 1 : undefined,
  };
}

// ── the handout ───────────────────────────────────────────────────────────────────────────

export interface HandoutStep {
  step: number;
  entry: ScenarioEntry;
  changes: Change[];
  /** At a pause: what is open then (overdue, due, upcoming), as the answer. */
  open?: Action[];
}

export interface HandoutView {
  stored: StoredScenario;
  labels: Record<string, string>;
  set: ProcedureSet;
  sets: ProcedureSet[];
  steps: HandoutStep[];
}

export function handoutView(ctx: AppContext, stored: StoredScenario, q: PlayQuery): HandoutView {
  const s = stored.scenario;
  const set = resolveSet(ctx, s, q.set);
  const play = playthrough(ctx, s, set.id);
  const steps = s.timeline.map((entry, i): HandoutStep => {
    const m = stepMoment(s, i + 1);
    const prev = previousMoment(s, m);
    const plan = play.planAt(m);
    const changes = changesBetween(prev ? play.planAt(prev) : undefined, plan, m.date, [entryWords(entry)]);
    return {
      step: i + 1,
      entry,
      changes,
      ...(entry.pause
        ? { open: plan.actions.filter((a) => a.status === "overdue" || a.status === "due" || a.status === "upcoming") }
        : {}),
    };
  });
  return { stored, labels: doneLabels(ctx), set, sets: ctx.library.sets, steps };
}

// ── saving ────────────────────────────────────────────────────────────────────────────────

/** Pasted or uploaded YAML: validated, then saved as written (comments kept). */
export async function saveYaml(ctx: AppContext, yaml: string, replace?: string): Promise<StoredScenario> {
  const scenario = parseScenarioYaml(yaml, vocabulary(ctx));
  return ctx.scenarios.save(scenario, yaml, replace);
}

/** A scenario object (the JSON API, the author form): validated, then saved as YAML. */
export async function saveScenario(ctx: AppContext, data: unknown, replace?: string): Promise<StoredScenario> {
  const scenario = validateScenario(data, vocabulary(ctx));
  return ctx.scenarios.save(scenario, scenarioToYaml(scenario), replace);
}

/** Validates without saving (the author form shows every problem before anything is written). */
export const checkScenario = (ctx: AppContext, data: unknown): Scenario => validateScenario(data, vocabulary(ctx));

export const exportYaml = (stored: StoredScenario): string => stored.yaml;

// ── the author form, import, a case as a scenario ─────────────────────────────────────────

/**
 * Open cases to start a scenario from, as the case list would show them to this person (`teams`: server/auth's
 * `caseTeams`): the reference is shown to choose one; it never goes into the scenario.
 */
export async function caseChoices(
  ctx: AppContext,
  teams: "all" | "none" | string[],
): Promise<{ id: string; reference: string }[]> {
  if (teams === "none") return [];
  const { rows } = await ctx.store.list({
    today: ctx.today(),
    sort: "reference",
    offset: 0,
    limit: 200,
    ...(Array.isArray(teams) ? { teams } : {}),
  });
  return rows.map((r) => ({ id: r.id, reference: r.reference }));
}

/** A case as a scenario (not saved: the trainer reviews it in the author form first). */
export async function scenarioFromCaseId(ctx: AppContext, caseId: string): Promise<Scenario> {
  const c = /^[a-z0-9]{6,32}$/.test(caseId) ? await ctx.store.get(caseId) : undefined;
  if (!c) throw new NotFound("case", `There is no case “${caseId}” to start a scenario from.`);
  return scenarioFromCase(c, ctx.today());
}

/** What the author form starts with: empty, a copy of a scenario, or a case made anonymous. */
export async function authorStart(ctx: AppContext, q: { from?: string; case?: string }): Promise<FormValues> {
  if (q.case) return scenarioToForm(await scenarioFromCaseId(ctx, q.case));
  if (q.from) {
    const s = ctx.scenarios.find(q.from).scenario;
    return scenarioToForm({ ...s, title: `${s.title} (copy)`.slice(0, 120) });
  }
  return { children: String(SPARE_CHILDREN), rows: String(SPARE_ROWS + 2) };
}

export type AuthorResult = { stored: StoredScenario } | { values: FormValues; errors: FieldError[] };

/**
 * The posted author form: "add more" redisplays it with more rows; "save" validates (the one validator) and
 * saves, or gives back what was typed with each problem on its field. Nothing is written on a problem.
 */
export async function submitAuthorForm(ctx: AppContext, form: FormValues, replace?: string): Promise<AuthorResult> {
  const action = typeof form.action === "string" ? form.action : "save";
  if (action === "rows" || action === "child") {
    const rows = formRows(form, action);
    return { values: { ...form, children: String(rows.children), rows: String(rows.rows) }, errors: [] };
  }
  if (replace !== undefined && ctx.scenarios.find(replace).shipped)
    throw new InvalidInput("id", "Shipped scenarios are read-only: make a copy and save that instead.");
  const read = readAuthorForm(form);
  if (!read.value) return { values: form, errors: read.errors };
  try {
    return { stored: await saveScenario(ctx, read.value, replace) };
  } catch (e) {
    if (e instanceof InvalidInput) return { values: form, errors: formErrors(e, read) };
    throw e;
  }
}

export type ImportResult = { stored: StoredScenario } | { yaml: string; errors: FieldError[] };

/** Pasted YAML or an uploaded file (the file wins), checked by the one validator; saved only if it passes. */
export async function importScenario(
  ctx: AppContext,
  pasted: string,
  file: { text: () => Promise<string>; size: number } | undefined,
): Promise<ImportResult> {
  const text = file && file.size > 0 ? await file.text() : pasted;
  if (!text.trim())
    return {
      yaml: pasted,
      errors: [{ field: "file", message: "Choose a scenario file, or paste the YAML" }],
    };
  try {
    return { stored: await saveYaml(ctx, text) };
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    const details = Array.isArray(e.details) ? e.details : [{ field: e.field ?? "(file)", message: e.message }];
    return {
      yaml: text,
      errors: details.map((d) => ({
        field: "yaml",
        message: d.message.startsWith(`${d.field}:`) ? d.message : `${d.field}: ${d.message}`,
      })),
    };
  }
}
