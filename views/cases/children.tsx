/** /cases/<id>/children: add a child to a case, or correct one, after it was created. */
import type { CaseRecord } from "../../server/store/schema.js";
import { CsrfField, type FieldError } from "../components.js";
import { ErrorSummary } from "../layout.js";
import { childWords } from "./history.js";
import { ChildFields } from "./new.js";
import { possessive } from "../plain.js";

export function ChildPage(props: {
  c: CaseRecord;
  /** The child being corrected; undefined to add one. */
  child?: string;
  values: Record<string, string>;
  errors: FieldError[];
  csrf: string;
}) {
  const { c } = props;
  return (
    <>
      <span class="caption">
        <a href={`/cases/${c.id}`}>{c.reference}</a>
      </span>
      <h1>{props.child ? `Correct ${possessive(props.child)} details` : "Add or correct a child"}</h1>
      <ErrorSummary errors={props.errors} />
      {props.child ? null : (
        <>
          <h2>Children on this case</h2>
          {c.children.length ? (
            <ul class="child-list">
              {c.children.map((ch) => (
                <li>
                  {childWords(ch)}{" "}
                  <a href={`/cases/${c.id}/children?child=${encodeURIComponent(ch.id)}`}>
                    Correct<span class="visually-hidden"> {possessive(ch.id)} details</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>None recorded yet.</p>
          )}
          <h2>Add a child</h2>
        </>
      )}
      <p>Initials or a short label only: Pathway does not need, and should not hold, full names.</p>
      <form method="post" action={`/cases/${c.id}/children`} novalidate>
        <CsrfField token={props.csrf} />
        {props.child ? <input type="hidden" name="original" value={props.child} /> : null}
        <ChildFields
          i={1}
          values={props.values}
          errors={props.errors}
          legend={props.child ? `${possessive(props.child)} details` : "The child to add"}
        />
        <div class="button-row">
          <button type="submit">{props.child ? "Save the correction" : "Add this child"}</button>
          <a href={`/cases/${c.id}`}>Cancel</a>
        </div>
      </form>
    </>
  );
}
