import type { Child } from "hono/jsx";
import type { CaseRecord } from "../../server/store/schema.js";
import type { Action, Plan, Question } from "../../server/domain/types.js";
import type { ProcedureSet } from "../../server/guidance/model.js";
import { EVENT_TYPES } from "../../server/domain/rules/schema.js";
import { formatLong } from "../../server/domain/dates.js";
import { agencyLabel } from "../../server/domain/plan.js";
import { Checkbox, CsrfField, Radios, TextField, type FieldError } from "../components.js";
import { ErrorSummary } from "../layout.js";
import { EVENT_LABELS, OUTCOME_LABELS, STATUS_LABELS } from "./labels.js";

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
  agencies: { id: string; label: string }[];
  versionLabel: string;
}

function ActionItem(props: { a: Action; m: CasePageModel }) {
  const { a, m } = props;
  return (
    <li class="action" id={`action-${a.id.replace(/[^A-Za-z0-9_-]/g, "_")}`}>
      <h4>
        {a.title}
        {a.child ? <span class="meta"> — {a.child}</span> : null}
      </h4>
      <p>
        <span class={`status status-${a.status}`}>{STATUS_LABELS[a.status]}</span>{" "}
        {a.due ? (
          <span class="due">
            {formatLong(a.due)}
            {a.dueTime ? ` at ${a.dueTime}` : ""}
          </span>
        ) : null}
        {a.actBy ? <> · act by {formatLong(a.actBy)}</> : null}
        {a.earliest ? <> · not before {formatLong(a.earliest)}</> : null}
      </p>
      <p class="meta">Who: {a.owner}</p>
      <details>
        <summary>How this date was worked out, and the source</summary>
        <p>{a.basis}</p>
        {a.sources.map((s) => (
          <p class="meta">
            “{s.quote}” —{" "}
            <a href={s.url}>
              {m.set.name}, section {s.section}
            </a>
          </p>
        ))}
      </details>
      {a.status !== "done" && a.status !== "waiting" ? (
        <form method="post" action={`/cases/${m.c.id}/done`} hx-post={`/cases/${m.c.id}/done`} class="mark-done">
          <CsrfField token={m.csrf} />
          <input type="hidden" name="actionId" value={a.id} />
          <details>
            <summary>Add a note (optional)</summary>
            <label for={`note-${a.id}`}>Note</label>
            <input type="text" id={`note-${a.id}`} name="note" class="input-wfull" />
          </details>
          <button type="submit" class="secondary">
            Mark done
            <span class="visually-hidden">
              : {a.title}
              {a.child ? ` (${a.child})` : ""}
            </span>
          </button>
        </form>
      ) : null}
    </li>
  );
}

function Group(props: {
  title: string;
  id: string;
  actions: Action[];
  m: CasePageModel;
  empty: string;
  open?: boolean;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>
        {props.title} <span class="meta">({props.actions.length})</span>
      </h3>
      {props.actions.length === 0 ? (
        <p class="meta">{props.empty}</p>
      ) : (
        <ul class="actions-list">
          {props.actions.map((a) => (
            <ActionItem a={a} m={props.m} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function QuestionForm(props: {
  q: Question;
  m: CasePageModel;
  action: string;
  current?: string | string[];
  review?: boolean;
}) {
  const { q, m } = props;
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
        errors={m.errors}
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
        errors={m.errors}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
      />
    );
  }
  return (
    <form method="post" action={props.action} {...common} novalidate>
      <CsrfField token={m.csrf} />
      <input type="hidden" name="question" value={q.id} />
      {props.review ? <input type="hidden" name="from" value="review" /> : null}
      {field}
      <p class="hint">Why we ask: {q.why}</p>
      <button type="submit">Save answer</button>
    </form>
  );
}

function EventForm(props: { m: CasePageModel }) {
  const { m } = props;
  const v = m.eventValues ?? {};
  return (
    <form method="post" action={`/cases/${m.c.id}/events`} hx-post={`/cases/${m.c.id}/events`} novalidate>
      <CsrfField token={m.csrf} />
      <div class={`form-group${m.errors.some((e) => e.field === "type") ? " has-error" : ""}`}>
        <label for="type">What happened</label>
        {m.errors
          .filter((e) => e.field === "type")
          .map((e) => (
            <p class="error-message" id="type-error">
              <span class="visually-hidden">Error:</span> {e.message}
            </p>
          ))}
        <select id="type" name="type">
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
        errors={m.errors}
        width="10"
        inputmode="numeric"
      />
      <TextField
        id="time"
        label="Time (optional)"
        hint="24-hour, for example 10:00"
        value={v.time}
        errors={m.errors}
        width="5"
      />
      <Radios
        name="outcome"
        legend="Outcome (conferences only)"
        value={v.outcome}
        errors={m.errors}
        options={Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <details>
        <summary>More about this event (optional)</summary>
        <Checkbox id="splitVote" label="ICPC: the vote was split equally" checked={v.splitVote === "yes"} />
        <TextField
          id="grading"
          label="Conference: overall grading (0–10)"
          value={v.grading}
          errors={m.errors}
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
      <button type="submit">Record event</button>
    </form>
  );
}

function Timeline(props: { m: CasePageModel }) {
  const { c } = props.m;
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
          <span class="meta"> · recorded by {e.recordedBy}</span>{" "}
          <form
            method="post"
            action={`/cases/${c.id}/events/${e.id}/delete`}
            hx-post={`/cases/${c.id}/events/${e.id}/delete`}
            class="inline-form"
          >
            <CsrfField token={props.m.csrf} />
            <button type="submit" class="secondary small">
              Remove
              <span class="visually-hidden">
                {" "}
                {EVENT_LABELS[e.type]} on {formatLong(e.date)}
              </span>
            </button>
          </form>
        </>
      ),
    })),
    ...c.done.map((d) => ({
      date: d.at.slice(0, 10),
      key: `1${d.at}`,
      node: (
        <>
          <strong>{formatLong(d.at.slice(0, 10))}</strong>: marked done — {d.actionId.split("@")[0]}{" "}
          <span class="meta">
            by {d.by}
            {d.note ? `: ${d.note}` : ""}
          </span>
        </>
      ),
    })),
  ].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.key < b.key ? 1 : -1));
  if (!items.length) return <p class="meta">Nothing recorded yet.</p>;
  return (
    <ol class="timeline">
      {items.map((i) => (
        <li>{i.node}</li>
      ))}
    </ol>
  );
}

export function CaseMain(props: { m: CasePageModel }) {
  const { m } = props;
  const q = m.plan.questions[0];
  // Every htmx form inside posts here and swaps the recomputed checklist in place: the forms inherit these.
  return (
    <div id="case-main" hx-target="#case-main" hx-select="#case-main" hx-swap="outerHTML">
      <ErrorSummary errors={m.errors} />
      <p role="status" aria-live="polite" class="visually-hidden" id="case-status">
        Checklist updated: {m.groups.overdue.length} overdue, {m.groups.thisWeek.length} due this week.
      </p>
      <div class="case-grid">
        <div>
          {q ? (
            <section class="panel question" aria-labelledby="next-question">
              <h2 id="next-question" class="caption">
                A question that changes the checklist ({m.plan.questions.length} left)
              </h2>
              <QuestionForm q={q} m={m} action={`/cases/${m.c.id}/answers`} />
            </section>
          ) : null}
          <h2>Checklist</h2>
          <p class="meta">
            Worked out on {formatLong(m.today)} from what has been recorded. Nothing here is stored: it is recomputed
            every time.
          </p>
          <Group title="Overdue" id="g-overdue" actions={m.groups.overdue} m={m} empty="Nothing overdue." />
          <Group
            title="Due this week"
            id="g-week"
            actions={m.groups.thisWeek}
            m={m}
            empty="Nothing due in the next 7 days."
          />
          <Group title="Later" id="g-later" actions={m.groups.later} m={m} empty="Nothing later yet." />
          <Group
            title="Waiting on"
            id="g-waiting"
            actions={m.groups.waiting}
            m={m}
            empty="Nothing is waiting on an event."
          />
          <details>
            <summary>Done ({m.groups.done.length})</summary>
            <ul class="actions-list">
              {m.groups.done.map((a) => (
                <ActionItem a={a} m={m} />
              ))}
            </ul>
          </details>
        </div>
        <div>
          <h2>Record what happened</h2>
          <EventForm m={m} />
          <h2>Timeline</h2>
          <Timeline m={m} />
        </div>
      </div>
    </div>
  );
}

export function CasePage(props: { m: CasePageModel }) {
  const { m } = props;
  return (
    <>
      <span class="caption">
        <a href="/cases">Cases</a> · {m.set.name} · version {m.versionLabel}
      </span>
      <h1>{m.c.reference}</h1>
      <p class="meta">
        Children:{" "}
        {m.c.children
          .map(
            (ch) =>
              `${ch.id}${ch.unborn ? " (unborn)" : ch.dateOfBirth ? ` (born ${formatLong(ch.dateOfBirth)})` : ""}${ch.lookedAfter ? ", looked after" : ""}`,
          )
          .join("; ") || "none recorded"}
        . Agencies:{" "}
        {m.c.facts.agencies
          ? m.c.facts.agencies.length
            ? m.c.facts.agencies.map(agencyLabel).join(", ")
            : "none"
          : "not yet given"}
        .
      </p>
      {m.newer.length ? (
        <div class="banner" role="region" aria-label="Newer procedure version">
          <h2>A newer version of the procedures is available</h2>
          {m.newer.map((n) => (
            <p>
              {n.title}: this case follows version {n.pinned}; the current version is {n.current}.{" "}
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
      <p class="button-row no-print">
        <a href={`/cases/${m.c.id}/answers`}>Review answers</a>
        <a href={`/chat?case=${m.c.id}`}>Ask about this case</a>
        <a href={`/cases/${m.c.id}/print`}>Print view</a>
        <a href={`/cases/${m.c.id}/calendar.ics`}>Add due dates to Outlook (.ics)</a>
        <a href={`/cases/${m.c.id}/export.json`}>Export case (JSON)</a>
      </p>
      <CaseMain m={m} />
    </>
  );
}
