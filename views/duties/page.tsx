/** Agency duties: choose agency and area (and the conference date) → that agency's own duties, with their quotes. */
import type { FieldError } from "../components.js";
import { TextField } from "../components.js";
import { ErrorSummary } from "../layout.js";
import { formatLong } from "../../server/domain/dates.js";
import type { DutyItem, Duties } from "../../server/duties/service.js";
import { dueWords } from "../plain.js";

export interface DutiesForm {
  agency?: string;
  set?: string;
  /** As typed. */
  date?: string;
}

export interface DutiesPageModel {
  agencies: { id: string; label: string }[];
  sets: { id: string; name: string; area: string }[];
  form: DutiesForm;
  errors: FieldError[];
  duties?: Duties;
  /** Query string for the print view and the calendar (agency, set and date). */
  query?: string;
}

export function DutyList(props: { items: DutyItem[]; dated: boolean; headingLevel?: "h3" | "h4" }) {
  return (
    <ul class="duty-list">
      {props.items.map((d) => (
        <li class="duty">
          <p class="duty-title">
            {d.owed ? <span class="tag">Owed to you</span> : null} <strong>{d.title}</strong>
          </p>
          <p class="duty-when">
            {d.due ? (
              <>
                <strong>{dueWords({ due: d.due ?? null, ...(d.dueTime ? { dueTime: d.dueTime } : {}) })}</strong>
                {d.actBy ? ` (act by ${formatLong(d.actBy)})` : ""}
              </>
            ) : (
              <span>{capitalise(d.timescale)}</span>
            )}
          </p>
          <p class="meta">
            Who: {d.owner}
            {d.due && d.basis ? (
              <>
                <br />
                How the date was worked out: {d.basis}
              </>
            ) : props.dated && d.basis ? (
              <>
                <br />
                {d.basis}
              </>
            ) : d.note ? (
              <>
                <br />
                {d.note}
              </>
            ) : null}
          </p>
          {d.sources.map((s) => (
            <blockquote class="quote">
              <p>“{s.quote}”</p>
              <footer>
                <a href={s.url}>Read it in the procedure</a>
              </footer>
            </blockquote>
          ))}
        </li>
      ))}
    </ul>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function DutiesPage(props: { m: DutiesPageModel }) {
  const { m } = props;
  const d = m.duties;
  return (
    <>
      <ErrorSummary errors={m.errors} />
      <h1>Agency duties</h1>
      <p class="lead">
        Invited to, or told of, a child protection conference? Choose your agency and the area: you will see what that
        area’s procedure says your agency does before, at and after the initial conference (ICPC), at core groups and
        before a review — and what others owe you — each with the words of the procedure. Enter the conference date to
        see the dates.
      </p>
      <form method="get" action="/duties" class="duties-form" novalidate>
        <div class={`form-group${m.errors.some((e) => e.field === "agency") ? " has-error" : ""}`}>
          <label for="agency">Your agency</label>
          <ErrorText errors={m.errors} field="agency" />
          <select
            id="agency"
            name="agency"
            aria-describedby={m.errors.some((e) => e.field === "agency") ? "agency-error" : undefined}
          >
            <option value="">Choose your agency</option>
            {m.agencies.map((a) => (
              <option value={a.id} selected={m.form.agency === a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div class={`form-group${m.errors.some((e) => e.field === "set") ? " has-error" : ""}`}>
          <label for="set">Area</label>
          <ErrorText errors={m.errors} field="set" />
          <select
            id="set"
            name="set"
            aria-describedby={m.errors.some((e) => e.field === "set") ? "set-error" : undefined}
          >
            <option value="">Choose the area</option>
            {m.sets.map((s) => (
              <option value={s.id} selected={m.form.set === s.id}>
                {s.area === s.name ? s.area : `${s.area} (${s.name})`}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="date"
          label="Date of the conference (optional)"
          hint="Day, month and year, for example 13/01/2027"
          value={m.form.date ?? ""}
          errors={m.errors}
          width="10"
          inputmode="numeric"
        />
        <button type="submit" class="button">
          Show the duties
        </button>
      </form>
      {d ? <DutiesResult d={d} query={m.query ?? ""} /> : null}
    </>
  );
}

function ErrorText(props: { errors: FieldError[]; field: string }) {
  const e = props.errors.find((x) => x.field === props.field);
  return e ? (
    <p class="error-message" id={`${props.field}-error`}>
      <span class="visually-hidden">Error:</span> {e.message}
    </p>
  ) : null;
}

function DutiesResult(props: { d: Duties; query: string }) {
  const { d } = props;
  const any = d.stages.some((s) => s.items.length);
  return (
    <section aria-labelledby="duties-title" class="duties">
      <h2 id="duties-title">
        {d.agency.label} in {d.set.area}
      </h2>
      <p>
        From {d.set.name}.{" "}
        {d.conference
          ? `Dates for a conference on ${formatLong(d.conference)}; those after it assume the conference makes a child protection plan. Check dates against the procedure before relying on them.`
          : "Enter the conference date above to see the dates."}
      </p>
      <ul class="button-row no-print">
        <li>
          <a href={`/duties/print?${props.query}`}>Print view (one page)</a>
        </li>
        {d.conference ? (
          <li>
            <a href={`/duties/calendar.ics?${props.query}`}>Add the dates to your calendar (.ics)</a>
          </li>
        ) : null}
      </ul>
      {any ? null : <p>This procedure set names no duties for {d.agency.name}.</p>}
      {d.stages
        .filter((s) => s.items.length)
        .map((s) => (
          <section aria-labelledby={`stage-${s.id}`} class="duty-stage">
            <h3 id={`stage-${s.id}`}>{s.heading}</h3>
            <DutyList items={s.items} dated={!!d.conference} />
          </section>
        ))}
      {d.silent.length ? (
        <section aria-labelledby="silent-title" class="duty-stage">
          <h3 id="silent-title">What this procedure does not say</h3>
          <ul>
            {d.silent.map((t) => (
              <li>
                <span class="tag">Silent</span> {t}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
