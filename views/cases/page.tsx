import type { Child } from "hono/jsx";
import type { AuditEntry, CaseRecord } from "../../server/store/schema.js";
import type { Action, Plan, Question, SourceRef, WaitingOn } from "../../server/domain/types.js";
import type { ProcedureSet } from "../../server/guidance/model.js";
import type { Effect } from "../../server/cases/flash.js";
import { EVENT_TYPES, type EventType } from "../../server/domain/rules/schema.js";
import { formatLong } from "../../server/domain/dates.js";
import { agencyLabel } from "../../server/domain/plan.js";
import { Checkbox, CsrfField, Radios, TextField, type FieldError } from "../components.js";
import { ErrorSummary } from "../layout.js";
import { dueWords, overdueBy, sentence, statusText } from "../plain.js";
import { EVENT_LABELS, OUTCOME_LABELS, START_LABELS, WHEN_LABELS } from "./labels.js";
import { HistoryTable, childWords, recordedName, whenWords, type HistoryNames } from "./history.js";

/** What the page says about the change just made, where it was made; focus moves there. */
export type FlashView =
  | { did: "event"; eventId: string; text: string; effects: Effect[] }
  | { did: "removed"; text: string }
  | { did: "done"; action: Action; group: keyof CasePageModel["groups"]; index: number }
  | { did: "undone"; actionId: string }
  | { did: "answer"; text: string; effects: Effect[] }
  | { did: "closed" | "reopened" | "child" | "version"; text: string };

export interface CasePageModel {
  c: CaseRecord;
  set: ProcedureSet;
  plan: Plan;
  groups: { overdue: Action[]; thisWeek: Action[]; later: Action[]; waiting: Action[]; done: Action[] };
  today: string;
  csrf: string;
  newer: { document: string; title: string; pinned: string; current: string }[];
  eventValues?: Record<string, string>;
  errors: FieldError[];
  /** The form the errors belong to. */
  errorsIn?: "event" | "answer";
  agencies: { id: string; label: string }[];
  /** "undated version", "version February 2020". */
  versionText: string;
  /** A cited paragraph as a person reads it: "Child protection conferences, ‘Timing’". */
  cite: (s: SourceRef) => string;
  /** "15 working days after the strategy discussion": a waiting action's timescale in words. */
  timescale: (a: Action) => string | undefined;
  names: HistoryNames;
  /** The name remembered on this browser for the audit trail ("" when none was given); signed in, the account's. */
  recorder: string;
  /** Signed in: the audit names the account, so the form does not ask for a name. */
  recorderFromAccount?: boolean;
  flash?: FlashView;
  /** When and by whom a closed case was closed. */
  closedBy?: AuditEntry;
  /** A whole page (not an htmx swap): what changed takes focus with `autofocus`. */
  fullPage?: boolean;
  /** With accounts (issue 14): the case's owner and who each action falls to, by name. */
  owners?: { owner?: string; of: (actionId: string) => string | undefined };
}

/** Element ids from action ids (`bolton.icpc:AB@2026-12-18`). */
export const actionAnchor = (id: string) => `action-${id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

/**
 * Focus moves here after a change: `autofocus` after a full page load (a plain form post); in an htmx swap app.js
 * moves it (`data-focus`), after keeping the scroll position — htmx would focus an `autofocus` itself, too early.
 */
const focusAttrs = (m: CasePageModel) =>
  m.fullPage
    ? ({ tabindex: -1, "data-focus": "", autofocus: true } as const)
    : ({ tabindex: -1, "data-focus": "" } as const);

const who = (a: Action) => (a.child && !a.title.includes(a.child) ? ` (${a.child})` : "");

function Sources(props: { a: Action; m: CasePageModel }) {
  return (
    <>
      {props.a.sources.map((s) => (
        <p class="meta quote">
          “{s.quote}” — <a href={s.url}>{props.m.cite(s)}</a>
        </p>
      ))}
    </>
  );
}

function UndoForm(props: { a: Action; m: CasePageModel }) {
  const { a, m } = props;
  return (
    <form
      method="post"
      action={`/cases/${m.c.id}/done/undo`}
      hx-post={`/cases/${m.c.id}/done/undo`}
      class="inline-form"
    >
      <CsrfField token={m.csrf} />
      <input type="hidden" name="actionId" value={a.id} />
      <button type="submit" class="secondary small">
        Undo “Mark done”
        <span class="visually-hidden">
          : {a.title}
          {who(a)}
        </span>
      </button>
    </form>
  );
}

function ActionItem(props: { a: Action; m: CasePageModel; idPrefix?: string }) {
  const { a, m } = props;
  const open = a.status !== "done" && a.status !== "waiting";
  const marked = a.status === "done" && m.c.done.some((d) => d.actionId === a.id);
  const backAgain = m.flash?.did === "undone" && m.flash.actionId === a.id && !props.idPrefix;
  return (
    <li
      class={`action${backAgain ? " action-flash" : ""}`}
      id={`${props.idPrefix ?? ""}${actionAnchor(a.id)}`}
      {...(backAgain ? focusAttrs(m) : {})}
    >
      {backAgain ? (
        <p class="flash-line" data-announce={`No longer marked done: ${a.title}${who(a)}.`}>
          <strong>No longer marked done.</strong> It is back on the checklist.
        </p>
      ) : null}
      <h4>
        {a.title}
        {who(a) ? <span class="meta">{who(a)}</span> : null}
      </h4>
      <p>
        <span class={`status status-${a.status}`}>{statusText(a, m.today)}</span>{" "}
        {a.due ? (
          <>
            {a.status === "overdue" ? "· was due " : null}
            <span class="due">{dueWords(a)}</span>
          </>
        ) : null}
        {a.actBy ? <> · act by {formatLong(a.actBy)}</> : null}
        {a.earliest ? <> · not before {formatLong(a.earliest)}</> : null}
      </p>
      <p class="meta">
        Who: {a.owner}
        {m.owners ? <> · owner: {m.owners.of(a.id) ?? "nobody yet"}</> : null}
      </p>
      <details>
        <summary>How this date was worked out, and the source</summary>
        <p>{sentence(a.basis)}</p>
        <Sources a={a} m={m} />
      </details>
      {open && !m.c.closed ? (
        <form method="post" action={`/cases/${m.c.id}/done`} hx-post={`/cases/${m.c.id}/done`} class="mark-done">
          <CsrfField token={m.csrf} />
          <input type="hidden" name="actionId" value={a.id} />
          <details>
            <summary>
              Add a note (optional)<span class="visually-hidden"> to {a.title}</span>
            </summary>
            <label for={`note-${actionAnchor(a.id)}`}>Note</label>
            <input type="text" id={`note-${actionAnchor(a.id)}`} name="note" class="input-wfull" />
          </details>
          <button type="submit" class="secondary">
            Mark done
            <span class="visually-hidden">
              : {a.title}
              {who(a)}
            </span>
          </button>
        </form>
      ) : null}
      {marked && !m.c.closed ? <UndoForm a={a} m={m} /> : null}
    </li>
  );
}

/** Where a just-marked action stood: it says so, with Undo, so the page does not jump. */
function JustDone(props: { a: Action; m: CasePageModel }) {
  const { a, m } = props;
  return (
    <li class="action action-flash" id={actionAnchor(a.id)} {...focusAttrs(m)}>
      <p class="flash-line" data-announce={`Marked done: ${a.title}${who(a)}. Moved to Done.`}>
        <strong>Marked done:</strong> {a.title}
        {who(a)}. It has moved to Done.
      </p>
      <UndoForm a={a} m={m} />
    </li>
  );
}

function Group(props: {
  title: string;
  id: string;
  group: keyof CasePageModel["groups"];
  actions: Action[];
  m: CasePageModel;
  empty: string;
}) {
  const { m } = props;
  const items: Child[] = props.actions.map((a) => <ActionItem a={a} m={m} />);
  const f = m.flash;
  if (f?.did === "done" && f.group === props.group)
    items.splice(Math.min(f.index, items.length), 0, <JustDone a={f.action} m={m} />);
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>
        {props.title} <span class="meta">({props.actions.length})</span>
      </h3>
      {items.length === 0 ? <p class="meta">{props.empty}</p> : <ul class="actions-list">{items}</ul>}
    </section>
  );
}

/** "When the ICPC is booked", "When an ICPC decides on a child protection plan". */
function waitingLabel(w: WaitingOn | undefined, m: CasePageModel): string {
  if (!w) return "Waiting on something else first";
  if ("event" in w) {
    if (w.event === "icpc_held" && w.outcome?.includes("plan"))
      return "When an ICPC decides on a child protection plan";
    if (w.event === "rcpc_held" && w.outcome?.length) return "When a review conference decides the plan continues";
    return WHEN_LABELS[w.event] ?? "When it happens";
  }
  if ("birthday" in w) return "When the child’s date of birth is known";
  const title = m.plan.actions.find((x) => x.rule === w.rule)?.title;
  return title ? `When the date of “${title}” is known` : "When an earlier date is known";
}

/** Waiting actions grouped by what they wait for, each with its timescale: what will happen, not a wall of "Waiting". */
function Waiting(props: { m: CasePageModel }) {
  const { m } = props;
  const groups = new Map<string, Action[]>();
  for (const a of m.groups.waiting) {
    const label = waitingLabel(a.waitingOn, m);
    groups.set(label, [...(groups.get(label) ?? []), a]);
  }
  return (
    <section aria-labelledby="g-waiting" class="waiting">
      <h3 id="g-waiting">
        Waiting on an event <span class="meta">({m.groups.waiting.length})</span>
      </h3>
      <details>
        <summary>What is waiting, and when it will be due</summary>
        <p class="meta">Each is dated once what it waits for is recorded.</p>
        {[...groups].map(([label, actions]) => (
          <>
            <h4 class="waiting-label">{label}</h4>
            <ul class="actions-list compact">
              {actions.map((a) => (
                <li class="action" id={actionAnchor(a.id)}>
                  <strong>{a.title}</strong>
                  {who(a) ? <span class="meta">{who(a)}</span> : null}
                  {m.timescale(a) ? <>: due {m.timescale(a)}.</> : "."} <span class="meta">Who: {a.owner}.</span>
                  <details>
                    <summary>
                      The source<span class="visually-hidden"> for {a.title}</span>
                    </summary>
                    <Sources a={a} m={m} />
                  </details>
                </li>
              ))}
            </ul>
          </>
        ))}
      </details>
    </section>
  );
}

/** The event that starts a case's clock: of what waiting actions wait for, the strategy discussion, else the earliest. */
export function firstStep(m: CasePageModel): { event: EventType; actions: Action[] } | undefined {
  const { groups } = m;
  if (groups.overdue.length || groups.thisWeek.length || groups.later.length || !groups.waiting.length)
    return undefined;
  const on = (a: Action, t: EventType) =>
    !!a.waitingOn && "event" in a.waitingOn && (a.waitingOn.event === t || !!a.waitingOn.anyOf?.includes(t));
  const order: EventType[] = ["strategy_discussion", ...EVENT_TYPES.filter((t) => t !== "strategy_discussion")];
  const event = order.find((t) => START_LABELS[t] && groups.waiting.some((a) => on(a, t)));
  if (!event || m.c.events.some((e) => e.type === event)) return undefined;
  return { event, actions: groups.waiting.filter((a) => on(a, event)) };
}

function StartHere(props: { m: CasePageModel }) {
  const { m } = props;
  const step = firstStep(m);
  if (!step || m.c.closed) return null;
  return (
    <section class="panel start" aria-labelledby="start-title">
      <h2 id="start-title">{START_LABELS[step.event]}</h2>
      <p>Nothing is dated yet. Recording it sets off:</p>
      <ul>
        {step.actions.map((a) => (
          <li>
            <strong>{a.title}</strong>
            {who(a)}
            {m.timescale(a) ? ` — due ${m.timescale(a)}` : ""}
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={`/cases/${m.c.id}?record=${step.event}#record`} data-record={step.event}>
          {step.event === "strategy_discussion"
            ? "Record the strategy discussion"
            : `Record: ${EVENT_LABELS[step.event]}`}
        </a>
      </p>
    </section>
  );
}

/** The engine cites the question's rule by its set's id ("— bolton, ‘Timing’"); a person reads the set's name. */
const whyWords = (why: string, m: CasePageModel) => why.split(` — ${m.set.id}, ‘`).join(` — ${m.set.name}, ‘`);

export function QuestionForm(props: {
  q: Question;
  m: CasePageModel;
  action: string;
  current?: string | string[];
  review?: boolean;
}) {
  const { q, m } = props;
  const errors = m.errorsIn === "event" ? [] : m.errors;
  // From the review screen the form posts normally and comes back to the review; on the checklist htmx swaps it in place.
  const common = props.review ? {} : { "hx-post": props.action };
  let field: Child;
  if (q.id === "agencies") {
    const chosen = Array.isArray(props.current) ? props.current : [];
    field = (
      <fieldset class="form-group">
        <legend class="heading">{q.text}</legend>
        <p class="hint">Tick every agency involved. Leave all unticked if none.</p>
        {m.agencies.map((a) => (
          <Checkbox
            id={`agency-${a.id}`}
            name="agencies"
            value={a.id}
            label={a.label}
            checked={chosen.includes(a.id)}
          />
        ))}
      </fieldset>
    );
  } else if (q.id.endsWith(":dateOfBirth")) {
    field = (
      <TextField
        id="answer"
        label={<span class="heading-label">{q.text}</span>}
        hint="Day/month/year, for example 14/02/2019"
        value={typeof props.current === "string" ? props.current : ""}
        errors={errors}
        width="10"
        inputmode="numeric"
      />
    );
  } else {
    field = (
      <Radios
        name="answer"
        legend={q.text}
        legendClass="heading"
        inline
        value={typeof props.current === "string" ? props.current : undefined}
        errors={errors}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
      />
    );
  }
  return (
    <form method="post" action={props.action} {...common} novalidate>
      <ErrorSummary errors={errors} autofocus={m.fullPage} />
      <CsrfField token={m.csrf} />
      <input type="hidden" name="question" value={q.id} />
      {props.review ? <input type="hidden" name="from" value="review" /> : null}
      {field}
      <p class="hint">Why we ask: {whyWords(q.why, m)}</p>
      <button type="submit">Save answer</button>
    </form>
  );
}

function EffectList(props: { effects: Effect[]; today: string }) {
  const shown = props.effects.slice(0, 6);
  if (!shown.length) return <p>The checklist has no new dates from this.</p>;
  return (
    <>
      <p>What this changed:</p>
      <ul>
        {shown.map(({ a, change, was }) => (
          <li>
            {change === "gone" ? (
              `${a.title}${who(a)}`
            ) : (
              <a href={`#${actionAnchor(a.id)}`}>
                {a.title}
                {who(a)}
              </a>
            )}
            {a.status === "overdue" && (change === "now due" || change === "moved")
              ? `: was due ${dueWords(a)} — ${overdueBy(a.due!, props.today).toLowerCase()}`
              : change === "now due"
                ? `: now due ${dueWords(a)}`
                : change === "moved"
                  ? `: now due ${dueWords(a)} (was ${formatLong(was!)})`
                  : change === "done"
                    ? ": done"
                    : ": no longer applies"}
          </li>
        ))}
      </ul>
      {props.effects.length > shown.length ? <p>And {props.effects.length - shown.length} more.</p> : null}
    </>
  );
}

function effectWords(effects: Effect[]): string {
  const dated = effects.filter((e) => e.change === "now due" || e.change === "moved");
  if (!dated.length) return "";
  const first = dated[0]!;
  return ` ${first.a.title} is now due ${dueWords(first.a)}${dated.length > 1 ? `, and ${dated.length - 1} more dates changed` : ""}.`;
}

function QuestionPanel(props: { m: CasePageModel }) {
  const { m } = props;
  const q = m.plan.questions[0];
  const f = m.flash?.did === "answer" ? m.flash : undefined;
  if ((!q || m.c.closed) && !f) return null;
  return (
    <section class="panel question" aria-labelledby={q && !m.c.closed ? "next-question" : "answer-saved"}>
      {f ? (
        <div
          class="flash"
          id="answer-saved"
          {...focusAttrs(m)}
          data-announce={`Answer saved: ${f.text}.${effectWords(f.effects)}`}
        >
          <p>
            <strong>Answer saved:</strong> {f.text}.
          </p>
          {f.effects.length ? <EffectList effects={f.effects} today={m.today} /> : null}
        </div>
      ) : null}
      {q && !m.c.closed ? (
        <>
          <h2 id="next-question" class="caption">
            A question that changes the checklist ({m.plan.questions.length} left)
          </h2>
          <QuestionForm q={q} m={m} action={`/cases/${m.c.id}/answers`} />
        </>
      ) : null}
    </section>
  );
}

function EventForm(props: { m: CasePageModel }) {
  const { m } = props;
  const v = m.eventValues ?? {};
  const errors = m.errorsIn === "event" ? m.errors : [];
  return (
    <form method="post" action={`/cases/${m.c.id}/events`} hx-post={`/cases/${m.c.id}/events`} novalidate>
      <ErrorSummary errors={errors} autofocus={m.fullPage} />
      <CsrfField token={m.csrf} />
      <div class={`form-group${errors.some((e) => e.field === "type") ? " has-error" : ""}`}>
        <label for="type">What happened</label>
        {errors
          .filter((e) => e.field === "type")
          .map((e) => (
            <p class="error-message" id="type-error">
              <span class="visually-hidden">Error:</span> {e.message}
            </p>
          ))}
        <select
          id="type"
          name="type"
          aria-describedby={errors.some((e) => e.field === "type") ? "type-error" : undefined}
        >
          <option value="">Choose what happened</option>
          {EVENT_TYPES.map((t) => (
            <option value={t} selected={v.type === t}>
              {EVENT_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id="date"
        label="Date"
        hint="Day/month/year, for example 13/01/2027"
        value={v.date}
        errors={errors}
        width="10"
        inputmode="numeric"
      />
      <TextField
        id="time"
        label="Time (optional)"
        hint="24-hour, for example 10:00"
        value={v.time}
        errors={errors}
        width="5"
      />
      <Radios
        name="outcome"
        legend="Outcome (conferences only)"
        value={v.outcome}
        errors={errors}
        options={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <details>
        <summary>More about this event (optional)</summary>
        <Checkbox id="splitVote" label="ICPC: the vote was split equally" checked={v.splitVote === "yes"} />
        <TextField
          id="grading"
          label="Conference: overall grading (0–10)"
          value={v.grading}
          errors={errors}
          width="2"
          inputmode="numeric"
        />
        <Radios
          name="childSeen"
          legend="Visit: was the child seen?"
          inline
          value={v.childSeen ?? "yes"}
          options={[
            { value: "yes", label: "Yes" },
            { value: "no", label: "No" },
          ]}
        />
        <Checkbox
          id="seenAlone"
          label="Visit: the child was seen alone (a baby awake)"
          checked={v.seenAlone === "yes"}
        />
        <Checkbox id="bedroomSeen" label="Visit: the child’s bedroom was seen" checked={v.bedroomSeen === "yes"} />
        <Checkbox id="immediateRisk" label="MAQA: immediate risk identified" checked={v.immediateRisk === "yes"} />
      </details>
      {m.recorderFromAccount ? (
        <p class="meta">Recorded as {m.recorder}, the account signed in.</p>
      ) : (
        <TextField
          id="by"
          label="Your name or initials"
          hint="Recorded with what you record here, and remembered on this computer."
          value={v.by ?? m.recorder}
          errors={errors}
          width="20"
          autocomplete="name"
        />
      )}
      <button type="submit">Record event</button>
    </form>
  );
}

function EventFlash(props: { m: CasePageModel }) {
  const f = props.m.flash;
  if (f?.did !== "event") return null;
  return (
    <div
      class="flash"
      id="event-recorded"
      {...focusAttrs(props.m)}
      data-announce={`Recorded: ${f.text}.${effectWords(f.effects)}`}
    >
      <p>
        <strong>Recorded:</strong> {f.text}.
      </p>
      <EffectList effects={f.effects} today={props.m.today} />
    </div>
  );
}

function Timeline(props: { m: CasePageModel }) {
  const { m } = props;
  const { c } = m;
  const items = [
    ...c.events.map((e) => ({
      date: e.date,
      key: `0${e.recordedAt}`,
      node: (
        <>
          <strong>
            {formatLong(e.date)}
            {e.time ? ` ${e.time}` : ""}
          </strong>
          : {EVENT_LABELS[e.type]}
          {e.outcome ? ` — ${OUTCOME_LABELS[e.outcome] ?? e.outcome}` : ""}
          {e.splitVote ? " (split vote)" : ""}
          {e.childSeen === false ? " (child not seen)" : ""}
          {e.seenAlone ? " (seen alone)" : ""}
          {recordedName(e.recordedBy) ? <span class="meta"> · recorded by {e.recordedBy}</span> : null}{" "}
          {c.closed ? null : (
            <form
              method="post"
              action={`/cases/${c.id}/events/${e.id}/delete`}
              hx-post={`/cases/${c.id}/events/${e.id}/delete`}
              class="inline-form"
            >
              <CsrfField token={m.csrf} />
              <button type="submit" class="secondary small">
                Remove
                <span class="visually-hidden">
                  {" "}
                  {EVENT_LABELS[e.type]} on {formatLong(e.date)}
                </span>
              </button>
            </form>
          )}
        </>
      ),
    })),
    ...c.done.map((d) => {
      const a = m.plan.actions.find((x) => x.id === d.actionId);
      return {
        date: d.at.slice(0, 10),
        key: `1${d.at}`,
        node: (
          <>
            <strong>{formatLong(d.at.slice(0, 10))}</strong>: marked done — {m.names.action(d.actionId)}{" "}
            <span class="meta">
              {recordedName(d.by) ? `by ${d.by}` : ""}
              {d.note ? `${recordedName(d.by) ? ": " : "note: "}${d.note}` : ""}
            </span>{" "}
            {a && !c.closed ? <UndoForm a={a} m={m} /> : null}
          </>
        ),
      };
    }),
  ].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.key < b.key ? 1 : -1));
  const removed = m.flash?.did === "removed" ? m.flash : undefined;
  return (
    <>
      {removed ? (
        <p class="flash" id="event-removed" {...focusAttrs(m)} data-announce={`Removed: ${removed.text}.`}>
          <strong>Removed:</strong> {removed.text}.
        </p>
      ) : null}
      {items.length ? (
        <ol class="timeline">
          {items.map((i) => (
            <li>{i.node}</li>
          ))}
        </ol>
      ) : (
        <p class="meta">Nothing recorded yet.</p>
      )}
    </>
  );
}

function RecentChanges(props: { m: CasePageModel }) {
  const { m } = props;
  const recent = [...m.c.audit].reverse().slice(0, 5);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History of changes</h2>
      <HistoryTable entries={recent} names={m.names} caption="The latest changes to this case" />
      <p>
        <a href={`/cases/${m.c.id}/history`}>
          See all {m.c.audit.length} change{m.c.audit.length === 1 ? "" : "s"}
          <span class="visually-hidden"> to this case</span>
        </a>
      </p>
    </section>
  );
}

export function CaseMain(props: { m: CasePageModel }) {
  const { m } = props;
  // Every htmx form inside posts here and swaps the recomputed checklist in place: the forms inherit these.
  return (
    <div id="case-main" hx-target="#case-main" hx-select="#case-main" hx-swap="outerHTML">
      <span
        hidden
        data-counts={`Checklist: ${m.groups.overdue.length} overdue, ${m.groups.thisWeek.length} due this week.`}
      />
      <div class="case-grid">
        <div>
          <StartHere m={m} />
          <QuestionPanel m={m} />
          <h2>Checklist</h2>
          <p class="meta">
            Worked out on {formatLong(m.today)} from what has been recorded. Nothing here is stored: it is recomputed
            every time.
          </p>
          <Group
            title="Overdue"
            id="g-overdue"
            group="overdue"
            actions={m.groups.overdue}
            m={m}
            empty="Nothing overdue."
          />
          <Group
            title="Due this week"
            id="g-week"
            group="thisWeek"
            actions={m.groups.thisWeek}
            m={m}
            empty="Nothing due in the next 7 days."
          />
          <Group title="Later" id="g-later" group="later" actions={m.groups.later} m={m} empty="Nothing later yet." />
          {m.groups.waiting.length ? <Waiting m={m} /> : null}
          <section aria-labelledby="g-done">
            <h3 id="g-done">
              Done <span class="meta">({m.groups.done.length})</span>
            </h3>
            {m.groups.done.length ? (
              <details class="done-list">
                <summary>Show what is done</summary>
                <ul class="actions-list">
                  {m.groups.done.map((a) => (
                    <ActionItem a={a} m={m} idPrefix="done-" />
                  ))}
                </ul>
              </details>
            ) : (
              <p class="meta">Nothing done yet.</p>
            )}
          </section>
        </div>
        <div>
          {m.c.closed ? null : (
            <div class="record">
              <h2 id="record" tabindex={-1}>
                Record what happened
              </h2>
              <EventForm m={m} />
              <EventFlash m={m} />
            </div>
          )}
          <h2>Timeline</h2>
          <Timeline m={m} />
          <RecentChanges m={m} />
        </div>
      </div>
    </div>
  );
}

function CaseFlash(props: { m: CasePageModel }) {
  const f = props.m.flash;
  if (!f || !["closed", "reopened", "child", "version"].includes(f.did)) return null;
  const text = (f as { text: string }).text;
  return (
    <p class="flash" id="case-changed" {...focusAttrs(props.m)} data-announce={text}>
      {text}
    </p>
  );
}

function Closed(props: { m: CasePageModel }) {
  const { m } = props;
  if (!m.c.closed) return null;
  const by = m.closedBy ? recordedName(m.closedBy.by) : undefined;
  const reason = (m.closedBy?.after as { reason?: string } | undefined)?.reason;
  return (
    <div class="banner closed" role="region" aria-labelledby="closed-title">
      <h2 id="closed-title">This case is closed</h2>
      <p>
        {m.closedBy ? `Closed ${whenWords(m.closedBy.at)}${by ? ` by ${by}` : ""}. ` : ""}
        {reason ? `Reason: ${reason}. ` : ""}
        It is not on the case list or in the calendar of all cases. Its record is kept; reopen it to record more.
      </p>
      <form method="post" action={`/cases/${m.c.id}/reopen`}>
        <CsrfField token={m.csrf} />
        <button type="submit">Reopen this case</button>
      </form>
    </div>
  );
}

function CloseForm(props: { m: CasePageModel }) {
  const { m } = props;
  if (m.c.closed) return null;
  return (
    <details class="no-print">
      <summary>Close this case</summary>
      <form method="post" action={`/cases/${m.c.id}/close`} novalidate>
        <CsrfField token={m.csrf} />
        <p>
          A closed case leaves the case list and the calendar of all cases. Its record is kept, and you can reopen it.
        </p>
        <TextField
          id="close-reason"
          name="reason"
          label="Reason (optional)"
          hint="For example: plan ended"
          width="full"
        />
        <button type="submit" class="secondary">
          Close this case
        </button>
      </form>
    </details>
  );
}

export function CasePage(props: { m: CasePageModel }) {
  const { m } = props;
  return (
    <>
      <span class="caption">
        <a href="/cases">Cases</a> · {m.set.name} · {m.versionText}
      </span>
      <h1>{m.c.reference}</h1>
      <CaseFlash m={m} />
      <Closed m={m} />
      <p class="meta">
        Children: {m.c.children.map((ch) => childWords(ch)).join("; ") || "none recorded"}.{" "}
        {m.c.closed ? null : (
          <a href={`/cases/${m.c.id}/children`} class="no-print">
            Add or correct a child
          </a>
        )}
        <br />
        {m.owners ? (
          <>
            Case owner: {m.owners.owner ?? "nobody yet"}.{" "}
            <a href={`/cases/${m.c.id}/owners`} class="no-print">
              Change who owns the case and its actions
            </a>
            <br />
          </>
        ) : null}
        Agencies:{" "}
        {m.c.facts.agencies
          ? m.c.facts.agencies.length
            ? m.c.facts.agencies.map(agencyLabel).join(", ")
            : "none"
          : "not yet given"}
        .
      </p>
      {m.newer.length && !m.c.closed ? (
        <div class="banner" role="region" aria-label="Newer procedure version">
          <h2>A newer version of the procedures is available</h2>
          {m.newer.map((n) => (
            <p>
              {n.title}: this case follows an older version.{" "}
              <a
                href={`/guidance/${m.set.id}/${n.document}/changes?from=${encodeURIComponent(n.pinned)}&to=${encodeURIComponent(n.current)}`}
              >
                See what changed
              </a>
              .
            </p>
          ))}
          <form method="post" action={`/cases/${m.c.id}/version`}>
            <CsrfField token={m.csrf} />
            <button type="submit" class="secondary">
              Move this case to the current version
            </button>
          </form>
        </div>
      ) : null}
      <ul class="button-row case-links no-print">
        {m.c.closed ? null : (
          <li>
            <a href="#record">Record what happened</a>
          </li>
        )}
        <li>
          <a href={`/cases/${m.c.id}/answers`}>Review answers</a>
        </li>
        <li>
          <a href={`/chat?case=${m.c.id}`}>Ask about this case</a>
        </li>
        <li>
          <a href={`/cases/${m.c.id}/print`}>Print view</a>
        </li>
        <li>
          <a href={`/cases/${m.c.id}/calendar.ics`}>Add due dates to Outlook (.ics)</a>
        </li>
        <li>
          <a href={`/cases/${m.c.id}/export.json`}>Export case (JSON)</a>
        </li>
        <li>
          <a href={`/cases/${m.c.id}/history`}>History of changes</a>
        </li>
      </ul>
      <p role="status" aria-live="polite" class="visually-hidden" id="case-announce"></p>
      <CaseMain m={m} />
      <CloseForm m={m} />
    </>
  );
}
