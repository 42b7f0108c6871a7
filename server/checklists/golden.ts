/**
 * Golden cases (`guidance/<set>/golden-cases.yaml`): a procedures officer's worked examples — the set, today's
 * date, the facts and what happened, and the dates the procedure gives, worked out by hand with the working in
 * words. `npm test` and `npm run check-content` run every one against the rules.
 *
 *   - case: ICPC across Christmas and New Year
 *     today: 2026-12-21
 *     events:
 *       - strategy_discussion on 2026-12-18
 *     working: |
 *       Strategy discussion Fri 18 Dec 2026. Working days 21–24 (4); 25 and 28 Dec are bank holidays; …
 *     expect:
 *       - rule: bolton.icpc
 *         due: 2027-01-13
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { isValidIso, formatLong } from "../domain/dates.js";
import { EVENT_FLAGS, EVENT_TYPES, type EventType } from "../domain/rules/schema.js";
import type { Action, CaseEvent, ChildFacts, Facts, Plan } from "../domain/types.js";
import type { GuidanceLibrary } from "../guidance/model.js";
import { planFor } from "../plan/service.js";
import type { Checklists } from "./load.js";

export const GOLDEN_FILE = "golden-cases.yaml";

export interface Expectation {
  rule: string;
  child?: string;
  agency?: string;
  due?: string | null;
  actBy?: string;
  time?: string;
  notBefore?: string;
  status?: Action["status"];
  says?: string[];
  title?: string;
  waitingOn?: unknown;
  /** The children or agencies the rule has actions for. */
  for?: string[];
}

export interface GoldenCase {
  file: string;
  /** Its number in the file and its name, for messages. */
  at: string;
  name: string;
  set: string;
  today: string;
  events: CaseEvent[];
  children: ChildFacts[];
  facts: Facts;
  done: string[];
  versions: Record<string, string>;
  working: string;
  expect: Expectation[];
  notShown: { rule: string; child?: string }[];
  asks: { id: string; says?: string }[];
  asksNot: string[];
}

const FLAGS = Object.keys(EVENT_FLAGS);

/** "icpc_held on 2027-01-13, outcome plan", "cp_visit on 2027-12-15 at 10:00, seenAlone, childSeen no", "icpc_held on 2027-01-13, grading 2". */
function readEvent(s: string): CaseEvent {
  const [head, ...details] = s.split(",").map((x) => x.trim());
  const m = /^(\S+) on (\d{4}-\d{2}-\d{2})(?: at (\d{2}:\d{2}))?$/.exec(head ?? "");
  if (!m) throw new Error(`write an event as “<event> on YYYY-MM-DD”, then any details after commas, not “${s}”`);
  if (!(EVENT_TYPES as readonly string[]).includes(m[1]!)) throw new Error(`“${m[1]}” is not an event`);
  if (!isValidIso(m[2]!)) throw new Error(`${m[2]} is not a real date`);
  const e: CaseEvent = { type: m[1] as EventType, date: m[2]! };
  if (m[3]) e.time = m[3];
  for (const d of details) {
    const [word, value] = d.split(/\s+/);
    if (word === "outcome" && value) e.outcome = value;
    else if (word === "grading" && value) e.grading = Number(value);
    else if (word && FLAGS.includes(word) && (value === undefined || value === "no" || value === "yes"))
      (e as unknown as Record<string, boolean>)[word] = value !== "no";
    else throw new Error(`“${d}” is not an outcome, a flag (${FLAGS.join(", ")}) or a grading`);
  }
  return e;
}

const asList = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const dateOrNone = (x: unknown, what: string): string | null => {
  if (x === "none") return null;
  if (typeof x !== "string" || !isValidIso(x)) throw new Error(`${what} must be a date written YYYY-MM-DD (or “none”)`);
  return x;
};

/** Every set's golden cases, with the problems of any that cannot be read. */
export function readGoldenCases(root: string, lib: GuidanceLibrary): { cases: GoldenCase[]; problems: string[] } {
  const cases: GoldenCase[] = [];
  const problems: string[] = [];
  for (const set of lib.sets) {
    const path = join(root, set.id, GOLDEN_FILE);
    if (!existsSync(path)) continue;
    const file = `guidance/${set.id}/${GOLDEN_FILE}`;
    let data: unknown;
    try {
      data = parse(readFileSync(path, "utf8"));
    } catch (e) {
      problems.push(`${file}: this is not a YAML file that can be read (${(e as Error).message.split("\n")[0]})`);
      continue;
    }
    for (const [i, raw] of asList(data).entries()) {
      const name = isObject(raw) && typeof raw.case === "string" ? raw.case : "";
      const at = `case ${i + 1}${name ? ` (${name})` : ""}`;
      try {
        if (!isObject(raw)) throw new Error("each case starts with “- case: <its name>”");
        if (!name) throw new Error("needs “case”: a name for it");
        if (typeof raw.working !== "string" || raw.working.trim().length < 10)
          throw new Error("needs “working”: how the dates were worked out by hand, in words");
        const today = dateOrNone(raw.today, "today");
        if (!today) throw new Error("needs “today”");
        const expect = asList(raw.expect).map((x, j): Expectation => {
          if (!isObject(x) || typeof x.rule !== "string") throw new Error(`expect ${j + 1}: name the rule (“rule: …”)`);
          const e: Expectation = { rule: x.rule };
          if (x.child !== undefined) e.child = String(x.child);
          if (x.agency !== undefined) e.agency = String(x.agency);
          if (x.due !== undefined) e.due = dateOrNone(x.due, `expect ${j + 1}: due`);
          if (x["act by"] !== undefined) e.actBy = dateOrNone(x["act by"], `expect ${j + 1}: act by`) ?? undefined;
          if (x["not before"] !== undefined)
            e.notBefore = dateOrNone(x["not before"], `expect ${j + 1}: not before`) ?? undefined;
          if (x.time !== undefined) e.time = String(x.time);
          if (x.status !== undefined) e.status = String(x.status) as Action["status"];
          if (x.says !== undefined) e.says = asList(x.says).map(String);
          if (x.title !== undefined) e.title = String(x.title);
          if (x["waiting on"] !== undefined) e.waitingOn = x["waiting on"];
          if (x.for !== undefined) e.for = asList(x.for).map(String);
          return e;
        });
        cases.push({
          file,
          at,
          name,
          set: set.id,
          today,
          events: asList(raw.events).map((x) => (typeof x === "string" ? readEvent(x) : (x as CaseEvent))),
          children: asList(raw.children) as ChildFacts[],
          facts: (isObject(raw.facts) ? raw.facts : {}) as Facts,
          done: asList(raw.done).map(String),
          versions: (isObject(raw.versions) ? raw.versions : {}) as Record<string, string>,
          working: raw.working.trim(),
          expect,
          notShown: asList(raw["not shown"]).map((x) =>
            isObject(x)
              ? { rule: String(x.rule), ...(x.child ? { child: String(x.child) } : {}) }
              : { rule: String(x) },
          ),
          asks: asList(raw.asks).map((x) =>
            isObject(x) ? { id: String(x.id), ...(x.says ? { says: String(x.says) } : {}) } : { id: String(x) },
          ),
          asksNot: asList(raw["does not ask"]).map(String),
        });
      } catch (e) {
        problems.push(`${file}, ${at}: ${(e as Error).message}.`);
      }
    }
  }
  return { cases, problems };
}

const day = (d: string | null | undefined) => (d ? formatLong(d) : "no date");

/** What the engine gives for a golden case that differs from what the case expects, each in a sentence. */
export function checkGoldenCase(c: GoldenCase, plan: Plan, setRules: Set<string>): string[] {
  const out: string[] = [];
  const say = (m: string) => out.push(`${c.file}, ${c.at}: ${m}`);
  for (const e of c.expect) {
    if (!setRules.has(e.rule)) {
      say(`there is no rule ${e.rule} in this set.`);
      continue;
    }
    const all = plan.actions.filter((a) => a.rule === e.rule);
    if (e.for) {
      const got = all.map((a) => a.child ?? a.agency ?? "").sort();
      if (got.join() !== [...e.for].sort().join())
        say(`${e.rule} is for ${got.join(", ") || "no one"}; the case expects ${[...e.for].sort().join(", ")}.`);
      if (e.due === undefined && !e.status && !e.says) continue;
    }
    const found = all.filter(
      (a) => (e.child === undefined || a.child === e.child) && (e.agency === undefined || a.agency === e.agency),
    );
    const who = e.child ? ` for ${e.child}` : e.agency ? ` for ${e.agency}` : "";
    if (found.length !== 1) {
      say(
        found.length
          ? `${e.rule}${who} has ${found.length} actions (${found.map((a) => a.id).join(", ")}); say which (child or agency).`
          : `${e.rule}${who} is not in the plan; the case expects it.`,
      );
      continue;
    }
    const a = found[0]!;
    const wrong = (what: string, got: string, want: string) =>
      say(`${e.rule}${who}: ${what} is ${got}; the case expects ${want}.`);
    if (e.due !== undefined && a.due !== e.due) wrong("due", day(a.due), day(e.due));
    if (e.actBy !== undefined && a.actBy !== e.actBy) wrong("act by", day(a.actBy), day(e.actBy));
    if (e.notBefore !== undefined && a.earliest !== e.notBefore) wrong("not before", day(a.earliest), day(e.notBefore));
    if (e.time !== undefined && a.dueTime !== e.time) wrong("the time", a.dueTime ?? "none", e.time);
    if (e.status !== undefined && a.status !== e.status) wrong("the status", a.status, e.status);
    if (e.title !== undefined && !a.title.includes(e.title))
      wrong("the title", `“${a.title}”`, `it to say “${e.title}”`);
    for (const s of e.says ?? [])
      if (!a.basis.includes(s)) wrong("how it was worked out", `“${a.basis}”`, `it to say “${s}”`);
    if (e.waitingOn !== undefined && JSON.stringify(a.waitingOn) !== JSON.stringify(e.waitingOn))
      wrong("what it waits on", JSON.stringify(a.waitingOn ?? null), JSON.stringify(e.waitingOn));
  }
  for (const n of c.notShown)
    if (plan.actions.some((a) => a.rule === n.rule && (n.child === undefined || a.child === n.child)))
      say(`${n.rule}${n.child ? ` for ${n.child}` : ""} is in the plan; the case expects it not to be.`);
  for (const q of c.asks) {
    const found = plan.questions.find((x) => x.id === q.id);
    if (!found) say(`the plan does not ask “${q.id}”; the case expects it to.`);
    else if (q.says && !`${found.text} ${found.why}`.includes(q.says))
      say(`the question “${q.id}” does not say “${q.says}”: “${found.text}” (${found.why}).`);
  }
  for (const q of c.asksNot)
    if (plan.questions.some((x) => x.id === q)) say(`the plan asks “${q}”; the case expects it not to.`);
  // Every case, whatever it expects: only this set's rules, and waiting actions (and only they) say what they wait on.
  for (const a of plan.actions) {
    if (!setRules.has(a.rule)) say(`${a.id} is another set's rule.`);
    if ((a.status === "waiting") !== (a.waitingOn !== undefined))
      say(`${a.id} is ${a.status} but ${a.waitingOn ? "says" : "does not say"} what it waits on.`);
    if (!a.sources.length) say(`${a.id} cites nothing.`);
  }
  return out;
}

export function runGoldenCase(c: GoldenCase, lib: GuidanceLibrary, checklists: Checklists): string[] {
  const plan = planFor(
    lib,
    checklists,
    { set: c.set, today: c.today, children: c.children, facts: c.facts, events: c.events, done: c.done },
    c.versions,
  );
  const rules = new Set(checklists.forVersions(c.set, c.versions)?.rules.map((r) => r.id));
  return checkGoldenCase(c, plan, rules);
}

/** check-content: every golden case read and run. */
export function goldenProblems(root: string, lib: GuidanceLibrary, checklists: Checklists): string[] {
  const { cases, problems } = readGoldenCases(root, lib);
  return [...problems, ...cases.flatMap((c) => runGoldenCase(c, lib, checklists))];
}
