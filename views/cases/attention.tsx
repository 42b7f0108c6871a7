/**
 * A case that needs attention: its stored record does not pass the input checks (a file edited on disk, say) or
 * its checklist could not be worked out. It is shown with what is wrong and the corrections that can be made here
 * (correct or remove an event, correct a child's dates); nothing here assumes the record is valid, so every value
 * is shown as stored.
 */
import type { FieldProblem } from "../../server/domain/errors.js";
import { formatLong, isValidIso } from "../../server/domain/dates.js";
import { CsrfField, TextField, type FieldError } from "../components.js";
import { ErrorSummary } from "../layout.js";
import { EVENT_LABELS } from "./labels.js";

type Raw = Record<string, unknown>;

export interface AttentionModel {
  c: { id: string; reference: string; procedures: string; children: unknown[]; events: unknown[] };
  setName?: string;
  problems: FieldProblem[];
  csrf: string;
  /** Errors in a correction just posted, with the form they belong to (`event-<id>`, `child-<index>`). */
  errors: FieldError[];
  errorsIn?: string;
  values?: Record<string, string>;
}

const text = (v: unknown) => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));
const dateText = (v: unknown) => (typeof v === "string" && isValidIso(v) ? formatLong(v) : text(v) || "no date");
const eventLabel = (e: Raw) => EVENT_LABELS[e.type as keyof typeof EVENT_LABELS] ?? `“${text(e.type)}”`;

/** "events[2].date" → "Event 3 (ICPC held, 01/11/0201): date". */
function where(field: string, m: AttentionModel): string {
  const ev = /^events\[(\d+)\]\.?(.*)$/.exec(field);
  if (ev) {
    const e = (m.c.events[Number(ev[1])] ?? {}) as Raw;
    return `Event ${Number(ev[1]) + 1} (${eventLabel(e)}, ${text(e.date) || "no date"})${ev[2] ? `: ${ev[2]}` : ""}`;
  }
  const ch = /^children\[(\d+)\]\.?(.*)$/.exec(field);
  if (ch) {
    const c = (m.c.children[Number(ch[1])] ?? {}) as Raw;
    return `Child ${text(c.id) || Number(ch[1]) + 1}${ch[2] ? `: ${ch[2]}` : ""}`;
  }
  return field === "(plan)" ? "Checklist" : field;
}

/** The problems that only a person with the file can correct: not an event's or a child's dates. */
const elsewhere = (p: FieldProblem) => !/^(events|children)\[\d+\]/.test(p.field) || /\.(id|type)$/.test(p.field);

/** The cell of the case list for a case needing attention, in place of its next action. */
export function AttentionCell(props: { c: { id: string }; problems: FieldProblem[] }) {
  return (
    <>
      <span class="status status-overdue">Needs attention</span>{" "}
      <a href={`/cases/${props.c.id}`}>
        Correct it<span class="visually-hidden">: {props.problems.length} problem(s)</span>
      </a>
    </>
  );
}

export function AttentionPage(props: { m: AttentionModel }) {
  const { m } = props;
  const events = m.c.events as Raw[];
  const children = m.c.children as Raw[];
  const bad = (prefix: string) => m.problems.some((p) => p.field.startsWith(prefix));
  const v = m.values ?? {};
  const errorsFor = (form: string) => (m.errorsIn === form ? m.errors : []);
  return (
    <>
      <span class="caption">
        <a href="/cases">Cases</a> · {m.setName ?? m.c.procedures}
      </span>
      <h1>{m.c.reference}</h1>
      <ErrorSummary errors={m.errors} />
      <div class="warning" role="region" aria-labelledby="attention-heading" id="needs-attention">
        <h2 id="attention-heading">This case needs attention</h2>
        <p>
          Its checklist cannot be worked out until what is recorded is corrected, so no due dates are shown for it.
          Other cases are not affected.
        </p>
        <ul>
          {m.problems.map((p) => (
            <li>
              <strong>{where(p.field, m)}</strong>: {p.message}
            </li>
          ))}
        </ul>
        {m.problems.some(elsewhere) ? (
          <p>
            Some of this cannot be corrected on this page. <a href={`/cases/${m.c.id}/export.json`}>Export the case</a>,
            correct the file and import it again, or ask whoever runs Pathway to restore it from the daily backup
            (DATA_DIR/backups).
          </p>
        ) : null}
      </div>
      <h2>Events</h2>
      {events.length === 0 ? <p class="meta">Nothing recorded.</p> : null}
      <ol class="timeline">
        {events.map((e, i) => {
          const id = text(e.id);
          const form = `event-${id}`;
          return (
            <li>
              <strong>{dateText(e.date)}</strong>: {eventLabel(e)}
              {bad(`events[${i}]`) ? (
                <>
                  {" "}
                  <span class="status status-overdue">Needs correcting</span>
                </>
              ) : null}
              {bad(`events[${i}].date`) ? (
                <form method="post" action={`/cases/${m.c.id}/events/${encodeURIComponent(id)}/date`} novalidate>
                  <CsrfField token={m.csrf} />
                  <TextField
                    id={`date-${i}`}
                    name="date"
                    label={<>Correct date of event {i + 1}</>}
                    hint="Day/month/year, for example 13/01/2027"
                    value={m.errorsIn === form ? v.date : ""}
                    errors={errorsFor(form)}
                    width="10"
                    inputmode="numeric"
                  />
                  <button type="submit" class="secondary">
                    Save the date<span class="visually-hidden"> of event {i + 1}</span>
                  </button>
                </form>
              ) : null}
              <form
                method="post"
                action={`/cases/${m.c.id}/events/${encodeURIComponent(id)}/delete`}
                class="inline-form"
              >
                <CsrfField token={m.csrf} />
                <button type="submit" class="secondary small">
                  Remove<span class="visually-hidden"> event {i + 1}</span>
                </button>
              </form>
            </li>
          );
        })}
      </ol>
      {children.map((ch, i) =>
        bad(`children[${i}]`) && !bad(`children[${i}].id`) ? (
          <section aria-labelledby={`child-${i}-heading`}>
            <h2 id={`child-${i}-heading`}>Correct child {text(ch.id)}</h2>
            <form method="post" action={`/cases/${m.c.id}/children/${i}/dates`} novalidate>
              <CsrfField token={m.csrf} />
              <TextField
                id={`dob-${i}`}
                name="dob"
                label="Date of birth"
                hint="Day/month/year. Leave empty for an unborn child and give the expected delivery date."
                value={m.errorsIn === `child-${i}` ? v.dob : ""}
                errors={errorsFor(`child-${i}`)}
                width="10"
                inputmode="numeric"
              />
              <TextField
                id={`edd-${i}`}
                name="edd"
                label="Expected delivery date (unborn child)"
                value={m.errorsIn === `child-${i}` ? v.edd : ""}
                errors={errorsFor(`child-${i}`)}
                width="10"
                inputmode="numeric"
              />
              <button type="submit" class="secondary">
                Save child {text(ch.id)}
              </button>
            </form>
          </section>
        ) : null,
      )}
      <p class="button-row no-print">
        <a href={`/cases/${m.c.id}/export.json`}>Export case (JSON)</a>
      </p>
    </>
  );
}
