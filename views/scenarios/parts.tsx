/** Pieces the training pages share: an entry of the timeline in words, an action with its working and quote, changes. */
import type { Action } from "../../server/domain/types.js";
import { formatLong } from "../../server/domain/dates.js";
import { agencyLabel } from "../../server/domain/plan.js";
import type { ProcedureSet } from "../../server/guidance/model.js";
import type { ScenarioEntry } from "../../server/scenarios/schema.js";
import type { Change, ChangeKind } from "../../server/scenarios/play.js";
import { EVENT_LABELS, OUTCOME_LABELS, STATUS_LABELS } from "../cases/labels.js";

export const KIND_LABELS: Record<ChangeKind, string> = {
  overdue: "Now overdue",
  new: "New",
  dated: "Now has a date",
  moved: "Moved",
  done: "Done",
  due: "Due this week",
  gone: "No longer applies",
};

export const when = (a: Action) =>
  a.due
    ? `${formatLong(a.due)}${a.dueTime ? ` at ${a.dueTime}` : ""}${a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}`
    : "";

const who = (a: Action) => (a.child ? ` — ${a.child}` : a.agency ? ` — ${agencyLabel(a.agency)}` : "");

const BOOKED: Partial<Record<string, string>> = {
  icpc_scheduled: "ICPC booked",
  rcpc_scheduled: "Review conference (RCPC) booked",
};

/** Words for the duties and rules a `done` entry names (duty labels, rule titles). */
export type Labels = Record<string, string>;

/** "ICPC held — Child protection plan (split vote)". */
export function entryTitle(e: ScenarioEntry, labels: Labels = {}): string {
  if (e.event) {
    const parts = [BOOKED[e.event] ?? EVENT_LABELS[e.event] ?? e.event];
    if (e.outcome) parts.push(`— ${OUTCOME_LABELS[e.outcome] ?? e.outcome}`);
    const flags = [
      e.splitVote ? "split vote" : "",
      e.childSeen === false ? "child not seen" : "",
      e.seenAlone ? "seen alone" : "",
      e.bedroomSeen ? "bedroom seen" : "",
      e.immediateRisk ? "immediate risk" : "",
      e.grading !== undefined ? `grading ${e.grading}` : "",
    ].filter(Boolean);
    if (flags.length) parts.push(`(${flags.join(", ")})`);
    if (e.time) parts.push(`at ${e.time}`);
    return parts.join(" ");
  }
  if (e.pause) return "Pause";
  return `Done: ${(e.done ?? []).map((d) => labels[d] ?? d.replace(/_/g, " ")).join("; ")}`;
}

/** The date and what happened; a booking says when it was booked and for when. */
export function EntryLine(props: { e: ScenarioEntry; narration?: boolean; labels?: Labels }) {
  const { e } = props;
  return (
    <>
      <strong>{formatLong(e.bookedOn ?? e.date)}</strong>: {entryTitle(e, props.labels)}
      {e.bookedOn ? <> for {formatLong(e.date)}</> : null}
      {e.pause ? <> — “{e.pause}”</> : null}
      {props.narration !== false && e.narration ? <span class="scn-narration"> {e.narration}</span> : null}
    </>
  );
}

export function Source(props: { a: Action; set: ProcedureSet }) {
  return (
    <>
      {props.a.sources.map((s) => (
        <p class="meta">
          “{s.quote}” —{" "}
          <a href={s.url}>
            {props.set.name}, section {s.section}
          </a>
        </p>
      ))}
    </>
  );
}

/** One action: status, title, date; the working and the quote behind a details (open on paper). */
export function ActionItem(props: { a: Action; set: ProcedureSet; open?: boolean }) {
  const { a } = props;
  return (
    <li class="scn-action">
      <p>
        <span class={`status status-${a.status}`}>{STATUS_LABELS[a.status]}</span> <strong>{a.title}</strong>
        {who(a)}
        {a.due ? (
          <>
            {" "}
            — <span class="scn-due">{when(a)}</span>
          </>
        ) : null}
        {a.earliest ? <> · not before {formatLong(a.earliest)}</> : null}
      </p>
      <details open={props.open}>
        <summary>
          How it was worked out, and the source<span class="visually-hidden">: {a.title}</span>
        </summary>
        <p>{a.basis}</p>
        <Source a={a} set={props.set} />
      </details>
    </li>
  );
}

export function ChangeList(props: { changes: Change[]; set: ProcedureSet; open?: boolean; quotes?: boolean }) {
  if (!props.changes.length) return <p class="meta">Nothing on the checklist changed.</p>;
  return (
    <ul class="scn-changes">
      {props.changes.map((c) => (
        <li class={`scn-change scn-change-${c.kind}`}>
          <p>
            <span class="tag">{KIND_LABELS[c.kind]}</span> <strong>{c.action.title}</strong>
            {who(c.action)}
            {c.kind !== "gone" && c.action.due ? <> — {when(c.action)}</> : null}
            {c.kind === "moved" && c.before?.due ? <span class="meta"> (was {formatLong(c.before.due)})</span> : null}
          </p>
          {props.quotes ? (
            <>
              <p class="meta">{c.why}</p>
              <Source a={c.action} set={props.set} />
            </>
          ) : (
            <details open={props.open}>
              <summary>
                Why<span class="visually-hidden">: {c.action.title}</span>
              </summary>
              <p>{c.why}</p>
              <Source a={c.action} set={props.set} />
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The checklist at a moment, grouped as on a case page. */
export function Checklist(props: { actions: Action[]; set: ProcedureSet; headingLevel?: 3 | 4 }) {
  const groups: [string, Action[]][] = [
    ["Overdue", props.actions.filter((a) => a.status === "overdue")],
    ["Due this week", props.actions.filter((a) => a.status === "due")],
    ["Later", props.actions.filter((a) => a.status === "upcoming")],
    ["Waiting on something that has not happened yet", props.actions.filter((a) => a.status === "waiting")],
  ];
  const done = props.actions.filter((a) => a.status === "done");
  const H = props.headingLevel === 4 ? "h4" : "h3";
  return (
    <>
      {groups.map(([title, list]) =>
        list.length ? (
          <section class="scn-group">
            <H>
              {title} <span class="meta">({list.length})</span>
            </H>
            <ul class="scn-actions">
              {list.map((a) => (
                <ActionItem a={a} set={props.set} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      {done.length ? (
        <details class="scn-group">
          <summary>Done ({done.length})</summary>
          <ul class="scn-actions">
            {done.map((a) => (
              <ActionItem a={a} set={props.set} />
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function SetName(props: { set: ProcedureSet }) {
  return <>{props.set.name === props.set.area ? props.set.name : `${props.set.name} (${props.set.area})`}</>;
}
