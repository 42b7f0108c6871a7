/**
 * The case page rendered once per version of the case (issue 16): a page is about 50 KB of HTML, and making it is
 * most of what GET /cases/<id> costs once the plan is worked out. The HTML of the page's main part (and of the part
 * htmx swaps) is kept with the case record it was made from — the store gives a new record object for every change,
 * so a change is never served stale — and with everything else it was made from: today, the rules and guidance
 * (planFingerprint), the owners' names, and every other field of the page's model, compared as data. Only the CSRF
 * token differs from browser to browser: the kept HTML has a placeholder, filled in per request.
 *
 * Not kept: a page with errors, with what changed said (flash) or with a form filled in (eventValues), and any model
 * holding a function this module does not know how to compare (a new one is rendered afresh, never mistaken).
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { AppContext } from "../app-context.js";
import type { CaseRecord } from "../store/schema.js";
import type { CasePageModel } from "../../views/cases/page.js";
import { planFingerprint } from "./summary.js";

const TOKEN = "pathway-csrf-placeholder-0c5e1f";

/** Worked out from the record, today and the rules (all in the key another way), or filled in per request. */
const DERIVED = new Set([
  "c",
  "plan",
  "groups",
  "set",
  "agencies",
  "cite",
  "timescale",
  "names",
  "newer",
  "closedBy",
  "csrf",
]);

/** Per record: its pages, by the rest of the key. A record the store lets go takes its pages with it. */
const kept = new WeakMap<CaseRecord, Map<string, string>>();
const PER_RECORD = 8;

function keyOf(ctx: AppContext, m: CasePageModel, part: string): string | undefined {
  if (m.errors.length || m.flash || m.eventValues) return undefined;
  const parts: unknown[] = [part, m.today, planFingerprint(ctx)];
  for (const [k, v] of Object.entries(m)) {
    if (DERIVED.has(k) || v === undefined) continue;
    if (k === "owners") {
      const o = v as NonNullable<CasePageModel["owners"]>;
      parts.push(
        k,
        o.owner ?? null,
        m.plan.actions.map((a) => o.of(a.id) ?? null),
      );
      continue;
    }
    if (typeof v === "function" || (typeof v === "object" && v !== null && !isPlain(v))) return undefined;
    parts.push(k, v);
  }
  return JSON.stringify(parts);
}

/** Data JSON keeps whole: arrays and plain objects of strings, numbers, booleans and null. */
function isPlain(v: unknown): boolean {
  if (v === null || ["string", "number", "boolean"].includes(typeof v)) return true;
  if (Array.isArray(v)) return v.every(isPlain);
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.values(v as object).every((x) => x === undefined || isPlain(x));
  return false;
}

/**
 * `render(model)` once per version of the page; later requests get the kept HTML with their own CSRF token.
 * `part` names what is rendered ("page", "main").
 */
export function renderCasePart(
  ctx: AppContext,
  m: CasePageModel,
  part: string,
  render: (m: CasePageModel) => Child,
): Child {
  const key = keyOf(ctx, m, part);
  if (!key) return render(m);
  let pages = kept.get(m.c);
  let html = pages?.get(key);
  if (html === undefined) {
    const made = (render({ ...m, csrf: TOKEN }) as { toString(): string | Promise<string> }).toString();
    if (typeof made !== "string") return render(m); // an asynchronous component: not kept
    html = made;
    if (!pages) {
      pages = new Map();
      kept.set(m.c, pages);
    }
    if (pages.size >= PER_RECORD) pages.clear();
    pages.set(key, html);
  }
  return raw(html.replaceAll(TOKEN, m.csrf));
}
