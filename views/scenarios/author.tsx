/** Writing a scenario: the author form (GOV.UK patterns, works without JavaScript) and the paste-or-upload form. */
import type { Child } from "hono/jsx";
import type { ProcedureSet } from "../../server/guidance/model.js";
import { EVENT_TYPES } from "../../server/domain/rules/schema.js";
import { OUTCOMES } from "../../server/domain/input.js";
import { FACT_IDS, type FieldError, type FormValues, formRows } from "../../server/scenarios/author.js";
import { ANY_SET, DEFAULT_QUESTION } from "../../server/scenarios/schema.js";
import { Checkbox, CsrfField, Radios, TextField } from "../components.js";
import { ErrorSummary } from "../layout.js";
import { EVENT_LABELS, OUTCOME_LABELS } from "../cases/labels.js";

const val = (v: FormValues, k: string): string => {
  const x = v[k];
  return (Array.isArray(x) ? x[0] : x) ?? "";
};
const list = (v: FormValues, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};
const errorFor = (errors: FieldError[], id: string) => errors.find((e) => e.field === id)?.message;

function TextArea(props: {
  id: string;
  label: Child;
  hint?: Child;
  value: string;
  errors: FieldError[];
  rows?: number;
}) {
  const error = errorFor(props.errors, props.id);
  const describedBy =
    [props.hint ? `${props.id}-hint` : "", error ? `${props.id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`form-group${error ? " has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <textarea
        id={props.id}
        name={props.id}
        rows={props.rows ?? 3}
        aria-describedby={describedBy}
        aria-invalid={error ? "true" : undefined}
        spellcheck={true}
      >
        {props.value}
      </textarea>
    </div>
  );
}

function Select(props: {
  id: string;
  label: Child;
  hint?: Child;
  value: string;
  errors: FieldError[];
  children: Child;
}) {
  const error = errorFor(props.errors, props.id);
  const describedBy =
    [props.hint ? `${props.id}-hint` : "", error ? `${props.id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`form-group${error ? " has-error" : ""}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <select id={props.id} name={props.id} aria-describedby={describedBy} aria-invalid={error ? "true" : undefined}>
        {props.children}
      </select>
    </div>
  );
}

const FACT_LABELS: Record<(typeof FACT_IDS)[number], string> = {
  newCase: "Is this a new case, with no previous child and family assessment?",
  nonResidentParent: "Is there a parent who does not live with the children?",
  interpreterNeeded: "Does the family need an interpreter?",
  allocatedInAssessmentService: "Is the family allocated in the Assessment Service?",
};

const FLAGS: { id: string; label: string }[] = [
  { id: "splitVote", label: "ICPC: the vote was split equally" },
  { id: "seenAlone", label: "Visit: the child was seen alone" },
  { id: "childNotSeen", label: "Visit: the child was not seen" },
  { id: "bedroomSeen", label: "Visit: the child’s bedroom was seen" },
  { id: "immediateRisk", label: "MAQA: immediate risk" },
];

export interface AuthorModel {
  values: FormValues;
  errors: FieldError[];
  csrf: string;
  sets: ProcedureSet[];
  agencies: { id: string; label: string }[];
  duties: { id: string; label: string }[];
  /** Where the form posts: /training (new) or /training/<id> (a saved one). */
  action: string;
  editing: boolean;
  /** Open cases to start from (id and reference; the reference never goes into the scenario). */
  cases: { id: string; reference: string }[];
  from?: string;
}

function ChildRow(props: { i: number; m: AuthorModel }) {
  const { i, m } = props;
  const v = m.values;
  const p = `child${i}`;
  return (
    <fieldset class="panel">
      <legend>Child row {i}</legend>
      <TextField
        id={`${p}-id`}
        label="Label"
        hint="Child 1, Child 2… — never a name or initials from a real case."
        value={val(v, `${p}-id`)}
        errors={m.errors}
        width="10"
      />
      <TextField
        id={`${p}-dob`}
        label="Date of birth"
        hint="Day/month/year. Ages change as the story moves on, so give a date of birth."
        value={val(v, `${p}-dob`)}
        errors={m.errors}
        width="10"
        inputmode="numeric"
      />
      <Checkbox id={`${p}-unborn`} label="Unborn" checked={val(v, `${p}-unborn`) === "yes"} />
      <TextField
        id={`${p}-edd`}
        label="Expected delivery date (if unborn)"
        hint="Day/month/year"
        value={val(v, `${p}-edd`)}
        errors={m.errors}
        width="10"
        inputmode="numeric"
      />
      <Radios
        name={`${p}-lookedAfter`}
        legend="Looked after (in care)?"
        inline
        value={val(v, `${p}-lookedAfter`)}
        errors={m.errors}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
          { value: "", label: "Not said" },
        ]}
      />
    </fieldset>
  );
}

function EntryRow(props: { i: number; m: AuthorModel }) {
  const { i, m } = props;
  const v = m.values;
  const p = `row${i}`;
  const kind = val(v, `${p}-kind`);
  const more = ["bookedOn", "outcome", "time", "grading", "notes", "done", "flags"];
  const open = more.some((k) => list(v, `${p}-${k}`).length > 0 || m.errors.some((e) => e.field === `${p}-${k}`));
  const outcomes = Object.entries(OUTCOMES).flatMap(([, o]) => o ?? []);
  return (
    <fieldset class="panel scn-entry-row">
      <legend>Entry {i}</legend>
      <TextField
        id={`${p}-date`}
        label="Date"
        hint="Day/month/year. For a booking, the date of the conference."
        value={val(v, `${p}-date`)}
        errors={m.errors}
        width="10"
        inputmode="numeric"
      />
      <Select id={`${p}-kind`} label="What this entry is" value={kind} errors={m.errors}>
        <option value="">Choose</option>
        <option value="pause" selected={kind === "pause"}>
          Pause: the trainer asks a question
        </option>
        <option value="done" selected={kind === "done"}>
          Duties done (completed that day)
        </option>
        <optgroup label="Something happens">
          {EVENT_TYPES.map((t) => (
            <option value={t} selected={kind === t}>
              {EVENT_LABELS[t] ?? t}
            </option>
          ))}
        </optgroup>
      </Select>
      <TextField
        id={`${p}-pause`}
        label="The trainer’s question (for a pause)"
        hint={`If left empty: “${DEFAULT_QUESTION}”`}
        value={val(v, `${p}-pause`)}
        errors={m.errors}
      />
      <TextArea
        id={`${p}-narration`}
        label="What happens, in words (optional)"
        value={val(v, `${p}-narration`)}
        errors={m.errors}
        rows={2}
      />
      <details open={open}>
        <summary>More about this entry</summary>
        <TextField
          id={`${p}-bookedOn`}
          label="Booked on (for an ICPC or RCPC booking)"
          hint="Day/month/year: the day it was booked. The story reaches the entry then."
          value={val(v, `${p}-bookedOn`)}
          errors={m.errors}
          width="10"
          inputmode="numeric"
        />
        <Select id={`${p}-outcome`} label="Outcome (conferences only)" value={val(v, `${p}-outcome`)} errors={m.errors}>
          <option value="">None</option>
          {outcomes.map((o) => (
            <option value={o} selected={val(v, `${p}-outcome`) === o}>
              {OUTCOME_LABELS[o] ?? o}
            </option>
          ))}
        </Select>
        <TextField
          id={`${p}-time`}
          label="Time (optional)"
          hint="24-hour, for example 10:00"
          value={val(v, `${p}-time`)}
          errors={m.errors}
          width="5"
        />
        <fieldset class="form-group">
          <legend>Details</legend>
          {FLAGS.map((f) => (
            <Checkbox
              id={`${p}-flag-${f.id}`}
              name={`${p}-flags`}
              value={f.id}
              label={f.label}
              checked={list(v, `${p}-flags`).includes(f.id)}
            />
          ))}
        </fieldset>
        <TextField
          id={`${p}-grading`}
          label="Conference grading (0–10, optional)"
          value={val(v, `${p}-grading`)}
          errors={m.errors}
          width="2"
          inputmode="numeric"
        />
        <TextArea
          id={`${p}-notes`}
          label="Trainer’s notes (for a pause: shown with the answer)"
          value={val(v, `${p}-notes`)}
          errors={m.errors}
          rows={2}
        />
        <TextField
          id={`${p}-done`}
          label="Duties done (for “Duties done”)"
          hint={`Duty names separated by commas, for example minutes, core_group_record — or a rule, such as bolton.minutes. Duties: ${m.duties.map((d) => d.id).join(", ")}.`}
          value={val(v, `${p}-done`)}
          errors={m.errors}
        />
      </details>
    </fieldset>
  );
}

export function AuthorPage(props: { m: AuthorModel }) {
  const { m } = props;
  const v = m.values;
  const { children, rows } = formRows(v);
  const nChildren = Math.max(children, 1);
  const nRows = Math.max(rows, 3);
  return (
    <>
      <span class="caption">
        <a href="/training">Training</a>
      </span>
      <h1>{m.editing ? "Change this scenario" : "Write a scenario"}</h1>
      <ErrorSummary errors={m.errors} />
      <p>
        A story told as dated entries: what happens, where you pause to ask “what’s due now, and by when?”, and what
        gets done. Pathway works out the checklist at each step. Use labels such as Child 1 — never names or initials
        from a real case. You can also <a href="/training/import">paste or upload a scenario as YAML</a>.
      </p>
      {!m.editing && m.cases.length ? (
        <form method="get" action="/training/new" class="panel">
          <h2>Start from a case</h2>
          <p class="hint">
            Its events, facts and children’s dates come across; its reference, the children’s initials and who recorded
            what do not. Nothing is saved until you save the scenario.
          </p>
          <div class="form-group">
            <label for="case">Case</label>
            <select id="case" name="case">
              {m.cases.map((c) => (
                <option value={c.id}>{c.reference}</option>
              ))}
            </select>
          </div>
          <button type="submit" class="secondary">
            Use this case
          </button>
        </form>
      ) : null}
      <form method="post" action={m.action} novalidate>
        <CsrfField token={m.csrf} />
        <input type="hidden" name="children" value={String(nChildren)} />
        <input type="hidden" name="rows" value={String(nRows)} />
        <TextField id="title" label="Title" value={val(v, "title")} errors={m.errors} />
        <TextArea
          id="summary"
          label="Summary"
          hint="A sentence or two: what the scenario is about and what it teaches."
          value={val(v, "summary")}
          errors={m.errors}
        />
        <Radios
          name="set"
          legend="Procedure set"
          hint="The area the story follows, or any area (the trainer picks)."
          value={val(v, "set") || undefined}
          errors={m.errors}
          options={[{ value: ANY_SET, label: "Any area" }, ...m.sets.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <h2>Children</h2>
        {Array.from({ length: nChildren }, (_, k) => (
          <ChildRow i={k + 1} m={m} />
        ))}
        <button type="submit" name="action" value="child" class="secondary">
          Add another child
        </button>
        <h2>What is known</h2>
        {FACT_IDS.map((k) => (
          <Radios
            name={`fact-${k}`}
            legend={FACT_LABELS[k]}
            inline
            value={val(v, `fact-${k}`)}
            errors={m.errors}
            options={[
              { value: "yes", label: "Yes" },
              { value: "no", label: "No" },
              { value: "", label: "Not said" },
            ]}
          />
        ))}
        <Radios
          name="agencies-given"
          legend="Which agencies are involved?"
          inline
          value={val(v, "agencies-given")}
          errors={m.errors}
          options={[
            { value: "yes", label: "Those ticked below (none if none is ticked)" },
            { value: "", label: "Not said" },
          ]}
        />
        <div class="checkboxes scn-agencies">
          {m.agencies.map((a) => (
            <Checkbox
              id={`agency-${a.id}`}
              name="agencies"
              value={a.id}
              label={a.label}
              checked={list(v, "agencies").includes(a.id)}
            />
          ))}
        </div>
        <h2>The timeline</h2>
        <p class="hint">
          In date order, as the story unfolds; several entries may share a date. Empty entries are left out.
        </p>
        {Array.from({ length: nRows }, (_, k) => (
          <EntryRow i={k + 1} m={m} />
        ))}
        <p class="button-row">
          <button type="submit" name="action" value="rows" class="secondary">
            Add 3 more entries
          </button>
          <button type="submit" name="action" value="save">
            Save scenario
          </button>
        </p>
      </form>
    </>
  );
}

export function ImportPage(props: { csrf: string; yaml: string; errors: FieldError[]; example: string }) {
  return (
    <>
      <span class="caption">
        <a href="/training">Training</a>
      </span>
      <h1>Paste or upload a scenario</h1>
      <ErrorSummary errors={props.errors} />
      <p>
        A scenario file is YAML, as exported from Pathway or written by hand. It is checked before anything is saved; if
        something is wrong you will be told which field.
      </p>
      <form method="post" action="/training/import" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrf} />
        <div class={`form-group${errorFor(props.errors, "file") ? " has-error" : ""}`}>
          <label for="file">A scenario file (.yaml)</label>
          {errorFor(props.errors, "file") ? (
            <p class="error-message" id="file-error">
              <span class="visually-hidden">Error:</span> {errorFor(props.errors, "file")}
            </p>
          ) : null}
          <input type="file" id="file" name="file" accept=".yaml,.yml,text/yaml" />
        </div>
        <TextArea
          id="yaml"
          label="Or paste the YAML"
          value={props.yaml}
          errors={props.errors}
          rows={14}
          hint="If you choose a file, the file is used."
        />
        <button type="submit">Check and save</button>
      </form>
      <details>
        <summary>What a scenario file looks like</summary>
        <pre class="source-text">{props.example}</pre>
      </details>
    </>
  );
}
