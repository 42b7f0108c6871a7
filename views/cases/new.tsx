import type { ProcedureSet } from "../../server/guidance/model.js";
import { CsrfField, Radios, TextField, type FieldError } from "../components.js";
import { ErrorSummary } from "../layout.js";

export function NewCasePage(props: {
  sets: ProcedureSet[];
  values: Record<string, string>;
  errors: FieldError[];
  csrf: string;
  by: string;
  /** Signed in: changes are recorded under the account's name, so the form does not ask. */
  byAccount?: boolean;
}) {
  const v = props.values;
  const child = (i: number) => (
    <ChildFields i={i} values={v} errors={props.errors} legend={`Child ${i}${i > 1 ? " (optional)" : ""}`} />
  );
  return (
    <>
      <h1>Create a case</h1>
      <ErrorSummary errors={props.errors} />
      <p>
        Use your case reference and the children’s initials: Pathway does not need, and should not hold, full names.
      </p>
      <form method="post" action="/cases" novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          id="reference"
          label="Case reference"
          hint="Your system’s reference, for example CP-2026-0142."
          value={v.reference}
          errors={props.errors}
          width="20"
        />
        <Radios
          name="procedures"
          legend="Procedure set this case follows"
          value={v.procedures}
          errors={props.errors}
          options={props.sets.map((s) => ({
            value: s.id,
            label: s.name,
            hint: s.area === s.name ? undefined : `— ${s.area}`,
          }))}
        />
        {child(1)}
        <details>
          <summary>Add more children</summary>
          {child(2)}
          {child(3)}
          {child(4)}
        </details>
        {props.byAccount ? (
          <p class="meta">Recorded in the case’s audit trail as {props.by}, the account signed in.</p>
        ) : (
          <TextField
            id="by"
            label="Your name or initials"
            hint="Recorded in the case’s audit trail."
            value={v.by ?? props.by}
            errors={props.errors}
            width="20"
          />
        )}
        <button type="submit">Create case</button>
      </form>
    </>
  );
}

/** One child's fields (`child<i>-label`, `-dob`, `-unborn`, `-edd`, `-lookedAfter`): the new-case form and the children page. */
export function ChildFields(props: {
  i: number;
  values: Record<string, string>;
  errors: FieldError[];
  legend: string;
}) {
  const { i } = props;
  return (
    <fieldset class="panel">
      <legend>{props.legend}</legend>
      <TextField
        id={`child${i}-label`}
        label="Initials or label"
        hint="For example AB or Child 1. Not a full name."
        value={props.values[`child${i}-label`]}
        errors={props.errors}
        width="10"
      />
      <TextField
        id={`child${i}-dob`}
        label="Date of birth"
        hint="Day/month/year, for example 14/02/2019. A date of birth matters: ages change during a plan."
        value={props.values[`child${i}-dob`]}
        errors={props.errors}
        width="10"
        inputmode="numeric"
      />
      <div class="checkbox">
        <input
          type="checkbox"
          id={`child${i}-unborn`}
          name={`child${i}-unborn`}
          value="yes"
          checked={props.values[`child${i}-unborn`] === "yes"}
        />
        <label for={`child${i}-unborn`}>Unborn</label>
      </div>
      <TextField
        id={`child${i}-edd`}
        label="Expected delivery date (if unborn)"
        hint="Day/month/year"
        value={props.values[`child${i}-edd`]}
        errors={props.errors}
        width="10"
        inputmode="numeric"
      />
      <Radios
        name={`child${i}-lookedAfter`}
        legend="Looked after (in care)?"
        inline
        value={props.values[`child${i}-lookedAfter`] ?? ""}
        errors={props.errors}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
          { value: "", label: "Not known yet" },
        ]}
      />
    </fieldset>
  );
}
