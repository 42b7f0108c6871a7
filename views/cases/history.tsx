/** The case's audit trail in words: who changed what, and when — never the stored field names or rule ids. */
import type { AuditEntry, CaseRecord } from "../../server/store/schema.js";
import type { ChildFacts } from "../../server/domain/types.js";
import type { EventType } from "../../server/domain/rules/schema.js";
import { formatLong } from "../../server/domain/dates.js";
import { agencyLabel } from "../../server/domain/plan.js";
import { EVENT_LABELS, OUTCOME_LABELS } from "./labels.js";

export interface HistoryNames {
  /** An action's title from its id (`rule:child@date`). */
  action: (actionId: string) => string;
  /** A fact's question ("Is there a parent who does not live with the child…?"). */
  fact: (id: string) => string | undefined;
}

const LONDON = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** "21 December 2026, 14:05" in UK time. */
export function whenWords(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : LONDON.format(d).replace(" at ", ", ");
}

/** The name recorded with a change, or nothing: "not given" is how the store says no name was given. */
export const recordedName = (by: string | undefined): string | undefined => (by && by !== "not given" ? by : undefined);

const obj = (x: unknown): Record<string, unknown> =>
  x && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {};

export function eventWords(e: { type?: unknown; date?: unknown; time?: unknown; outcome?: unknown }): string {
  const label = EVENT_LABELS[e.type as EventType] ?? "An event";
  const date = typeof e.date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(e.date) ? ` on ${formatLong(e.date)}` : "";
  const time = typeof e.time === "string" ? ` at ${e.time}` : "";
  const outcome = typeof e.outcome === "string" ? ` (${OUTCOME_LABELS[e.outcome] ?? "outcome recorded"})` : "";
  return `${label}${date}${time}${outcome}`;
}

export function childWords(ch: Partial<ChildFacts>): string {
  const bits: string[] = [];
  if (ch.unborn)
    bits.push(ch.expectedDeliveryDate ? `unborn, expected ${formatLong(ch.expectedDeliveryDate)}` : "unborn");
  else if (ch.dateOfBirth) bits.push(`born ${formatLong(ch.dateOfBirth)}`);
  else if (ch.ageYears !== undefined) bits.push(`aged ${ch.ageYears}`);
  if (ch.lookedAfter !== undefined) bits.push(ch.lookedAfter ? "looked after" : "not looked after");
  return `${ch.id ?? "a child"}${bits.length ? ` (${bits.join(", ")})` : ""}`;
}

function answerWords(e: AuditEntry, names: HistoryNames): string {
  const after = obj(e.after);
  if ("id" in after && typeof after.id === "string") {
    const before = obj(e.before);
    const changed = (["dateOfBirth", "expectedDeliveryDate", "lookedAfter"] as const).filter(
      (k) => before[k] !== after[k],
    );
    const bits = changed.map((k) =>
      k === "lookedAfter"
        ? after[k]
          ? "looked after"
          : "not looked after"
        : `${k === "dateOfBirth" ? "date of birth" : "expected delivery date"} ${typeof after[k] === "string" ? formatLong(after[k] as string) : "removed"}`,
    );
    return `Answered for ${after.id}: ${bits.join(", ") || "no change"}`;
  }
  if ("agencies" in after) {
    const list = Array.isArray(after.agencies) ? (after.agencies as string[]) : [];
    return `Answered: agencies involved — ${list.length ? list.map(agencyLabel).join(", ") : "none"}`;
  }
  const [key, value] = Object.entries(after)[0] ?? [];
  const q = key ? names.fact(key) : undefined;
  return `Answered: ${q ?? "a question"} ${value === true ? "Yes" : value === false ? "No" : "Not answered"}`;
}

/** One audit entry as a sentence. */
export function changeWords(e: AuditEntry, names: HistoryNames): string {
  const after = obj(e.after);
  const before = obj(e.before);
  switch (e.change) {
    case "case created":
      return "Created the case";
    case "event added":
      return `Recorded: ${eventWords(after)}`;
    case "event removed":
      return `Removed: ${eventWords(before)}`;
    case "action marked done":
      return `Marked done: ${names.action(String(after.actionId ?? ""))}${typeof after.note === "string" ? ` — note: ${after.note}` : ""}`;
    case "mark done undone":
      return `Undid “Mark done”: ${names.action(String(before.actionId ?? ""))}`;
    case "answer changed":
      return answerWords(e, names);
    case "facts updated":
      return "Changed the case’s answers or children";
    case "moved to the current procedure version":
      return "Moved the case to the current version of the procedures";
    case "events from a conversation": {
      const n = Array.isArray(e.after) ? e.after.length : 0;
      return `Saved from a conversation with Pathway, with ${n} event${n === 1 ? "" : "s"}`;
    }
    case "case closed":
      return `Closed the case${typeof after.reason === "string" ? ` — ${after.reason}` : ""}`;
    case "case reopened":
      return "Reopened the case";
    case "child added":
      return `Added a child: ${childWords(after as Partial<ChildFacts>)}`;
    case "child changed":
      return `Corrected a child: ${childWords(before as Partial<ChildFacts>)} is now ${childWords(after as Partial<ChildFacts>)}`;
    default:
      if (e.change.startsWith("imported")) return "Imported from a case file";
      return e.change.charAt(0).toUpperCase() + e.change.slice(1);
  }
}

export function HistoryTable(props: { entries: AuditEntry[]; names: HistoryNames; caption: string }) {
  return (
    <table class="stack history">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What changed</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr>
            <td>
              <span class="cell-label" aria-hidden="true">
                When
              </span>
              {whenWords(e.at)}
            </td>
            <td>
              <span class="cell-label" aria-hidden="true">
                Who
              </span>
              {recordedName(e.by) ?? <span class="meta">No name given</span>}
              {e.imported ? (
                <>
                  {" "}
                  <strong class="tag">Imported</strong>
                  <span class="visually-hidden"> (history brought in with an imported case file)</span>
                </>
              ) : null}
            </td>
            <td>
              <span class="cell-label" aria-hidden="true">
                What changed
              </span>
              {changeWords(e, props.names)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** /cases/<id>/history: every change, newest first. */
export function HistoryPage(props: { c: CaseRecord; names: HistoryNames }) {
  const entries = [...props.c.audit].reverse();
  return (
    <>
      <span class="caption">
        <a href={`/cases/${props.c.id}`}>{props.c.reference}</a>
      </span>
      <h1>History of changes</h1>
      <p>
        Every change to this case, newest first: who made it and when. {entries.length} change
        {entries.length === 1 ? "" : "s"}.
      </p>
      <HistoryTable entries={entries} names={props.names} caption="Changes to this case, newest first" />
      <p>
        <a class="button" href={`/cases/${props.c.id}`}>
          Back to the checklist
        </a>
      </p>
    </>
  );
}
