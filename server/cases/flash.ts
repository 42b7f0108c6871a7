/**
 * What a change just did, so the case page can say so where the user is and move focus there — in place (htmx)
 * or after a plain form post, whose redirect carries the change in its query (`?did=done&id=…`).
 * Everything shown is worked out again from the case: the query names the change, never the words.
 */
import type { AppContext } from "../app-context.js";
import type { Action, Plan } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { casePlan } from "./service.js";

export type Flash =
  | { did: "event"; id: string }
  | { did: "removed"; type: string; date: string }
  | { did: "done"; id: string }
  | { did: "undone"; id: string }
  | { did: "answer"; id: string }
  | { did: "closed" }
  | { did: "reopened" }
  | { did: "child"; id: string }
  | { did: "version" };

const KINDS = new Set(["event", "removed", "done", "undone", "answer", "closed", "reopened", "child", "version"]);

/** The query a redirect after a plain form post carries. */
export function flashQuery(f: Flash): string {
  return new URLSearchParams(Object.entries(f).map(([k, v]) => [k, String(v)])).toString();
}

/** The change named in a page's query; anything malformed is ignored (the page is shown without a message). */
export function readFlash(q: Record<string, string | undefined>): Flash | undefined {
  const did = q.did ?? "";
  if (!KINDS.has(did)) return undefined;
  const id = (q.id ?? "").slice(0, 300);
  switch (did) {
    case "removed":
      return /^[a-z_]{1,40}$/.test(q.type ?? "") && /^\d{4}-\d{2}-\d{2}$/.test(q.date ?? "")
        ? { did, type: q.type!, date: q.date! }
        : undefined;
    case "closed":
    case "reopened":
    case "version":
      return { did };
    default:
      return id ? ({ did, id } as Flash) : undefined;
  }
}

/** One thing the change did to the checklist: an action now dated, moved, done, or no longer applying. */
export interface Effect {
  a: Action;
  change: "now due" | "moved" | "done" | "gone";
  /** The due date before, for a moved action. */
  was?: string;
}

/** An action's place in the checklist, without the anchor date: `bolton.icpc:AB`. */
const slot = (a: Action) => a.id.split("@")[0]!;

/** What changed between two plans of the same case, dated actions first by date. */
export function planEffects(before: Plan, after: Plan): Effect[] {
  const was = new Map<string, Action>();
  for (const a of before.actions) if (!was.has(slot(a))) was.set(slot(a), a);
  const seen = new Set<string>();
  const out: Effect[] = [];
  for (const a of after.actions) {
    const key = slot(a);
    if (seen.has(key)) continue;
    seen.add(key);
    const b = was.get(key);
    if (a.status === "done") {
      if (b && b.status !== "done") out.push({ a, change: "done" });
    } else if (a.due && (!b?.due || b.status === "done")) out.push({ a, change: "now due" });
    else if (a.due && b?.due && b.due !== a.due) out.push({ a, change: "moved", was: b.due });
  }
  for (const [key, b] of was)
    if (!seen.has(key) && b.status !== "waiting" && b.status !== "done") out.push({ a: b, change: "gone" });
  const rank = { "now due": 0, moved: 0, done: 1, gone: 2 } as const;
  return out.sort((x, y) => rank[x.change] - rank[y.change] || (x.a.due ?? "9999").localeCompare(y.a.due ?? "9999"));
}

/** The case as it stood before `flash` (as far as the record says): the plan the change is compared with. */
export function planBefore(
  ctx: AppContext,
  rec: CaseRecord,
  flash: Flash | undefined,
  today: string,
): Plan | undefined {
  if (flash?.did === "event") {
    if (!rec.events.some((e) => e.id === flash.id)) return undefined;
    return casePlan(ctx, { ...rec, events: rec.events.filter((e) => e.id !== flash.id) }, today);
  }
  if (flash?.did === "done") {
    if (!rec.done.some((d) => d.actionId === flash.id)) return undefined;
    return casePlan(ctx, { ...rec, done: rec.done.filter((d) => d.actionId !== flash.id) }, today);
  }
  return undefined;
}
