/**
 * The app's summariser for the case stores (server/store/summary.ts): a case's next action, its open due dates and
 * whether it needs attention, from the same plan the case page shows (caseState), and the fingerprint that says
 * when a stored summary was made under other rules, guidance, calendar or engine code.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { AppContext } from "../app-context.js";
import { fromRoot } from "../paths.js";
import type { Action } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import type { Summariser, SummaryAction, SummaryData } from "../store/summary.js";
import { caseState } from "./service.js";

/** Bump when what a summary holds, or how it is read, changes: every stored summary is then remade. */
export const SUMMARY_FORMAT = 1;

/** The engine's sources, hashed whatever runs them (tsx, or the compiled dist/): one fingerprint for both. */
const SERVER = fromRoot("server");
/** The code a plan is computed by: a change to any of it (a deploy) makes every summary stale. */
const ENGINE_DIRS = ["domain", "domain/rules", "plan", "cases", "checklists"];

let engineHash: string | undefined;
function engineCode(): string {
  if (engineHash) return engineHash;
  const h = createHash("sha256");
  for (const dir of ENGINE_DIRS) {
    let names: string[] = [];
    try {
      names = readdirSync(join(SERVER, dir))
        .filter((f) => /\.tsx?$/.test(f))
        .sort();
    } catch {
      continue; // a folder gone: rules, guidance and calendar still count
    }
    for (const f of names) h.update(`${dir}/${f}\0`).update(readFileSync(join(SERVER, dir, f)));
  }
  engineHash = h.digest("hex");
  return engineHash;
}

let holidaysVersion: string | undefined;
function calendarData(): string {
  if (holidaysVersion) return holidaysVersion;
  try {
    // Resolved as Node resolves the package, so the compiled server (dist/) finds it too.
    const pkg = createRequire(import.meta.url).resolve("date-holidays/package.json");
    holidaysVersion = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  } catch {
    holidaysVersion = "unknown";
  }
  return holidaysVersion;
}

const plain = (_k: string, v: unknown) =>
  v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : typeof v === "function" ? undefined : v;

const fingerprints = new WeakMap<object, WeakMap<object, string>>();

/** Rules (every rules file and the vocabulary), the guidance's sets and versions, the calendar data and the engine. */
export function planFingerprint(ctx: AppContext): string {
  let byChecklists = fingerprints.get(ctx.library);
  if (!byChecklists) {
    byChecklists = new WeakMap();
    fingerprints.set(ctx.library, byChecklists);
  }
  const hit = byChecklists.get(ctx.checklists);
  if (hit) return hit;
  const h = createHash("sha256");
  h.update(`format ${SUMMARY_FORMAT}\0calendar ${calendarData()}\0engine ${engineCode()}\0`);
  h.update(
    JSON.stringify(
      ctx.library.sets.map((s) => [s.id, s.documents.map((d) => [d.id, d.versions.map((v) => v.version)])]),
    ),
  );
  h.update(JSON.stringify({ books: ctx.checklists.books, catalogue: ctx.checklists.catalogue }, plain) ?? "");
  const fp = h.digest("hex").slice(0, 16);
  byChecklists.set(ctx.checklists, fp);
  return fp;
}

const summaryAction = (a: Action): SummaryAction => ({
  id: a.id,
  rule: a.rule,
  duty: a.duty,
  title: a.title,
  owner: a.owner,
  due: a.due!,
  ...(a.dueTime ? { dueTime: a.dueTime } : {}),
  ...(a.actBy ? { actBy: a.actBy } : {}),
  ...(a.earliest ? { earliest: a.earliest } : {}),
  ...(a.child ? { child: a.child } : {}),
  ...(a.agency ? { agency: a.agency } : {}),
});

/** What the list needs of a case for `today`: never throws (a case that cannot be planned needs attention). */
export function summariseCase(ctx: AppContext, rec: CaseRecord, today: string): SummaryData {
  const state = caseState(ctx, rec, today);
  if (!state.plan) return { next: null, dues: [], attention: state.problems };
  // Open, dated actions: the engine sorts them overdue first, then by date, so the first is the next one due.
  const open = state.plan.actions.filter((a) => a.status !== "done" && a.status !== "waiting" && a.due);
  return {
    next: open[0] ? summaryAction(open[0]) : null,
    dues: open.map((a) => a.due!).sort(),
  };
}

export function summariserFor(ctx: AppContext): Summariser {
  return {
    fingerprint: () => planFingerprint(ctx),
    today: () => ctx.today(),
    summarise: (rec, today) => summariseCase(ctx, rec, today),
  };
}
