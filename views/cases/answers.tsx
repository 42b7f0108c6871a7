import type { CaseRecord } from "../../server/store/schema.js";
import type { Question } from "../../server/domain/types.js";
import type { AnswerRow } from "../../server/cases/answers.js";
import { QuestionForm, type CasePageModel } from "./page.js";

export function AnswersPage(props: { c: CaseRecord; rows: AnswerRow[]; open: Question[] }) {
  return (
    <>
      <span class="caption">
        <a href={`/cases/${props.c.id}`}>{props.c.reference}</a>
      </span>
      <h1>Check your answers</h1>
      <p>These answers decide which actions apply. Change any of them and the checklist is worked out again.</p>
      <table class="summary-list">
        <caption class="visually-hidden">Answers</caption>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.question}</th>
              <td>{r.answer}</td>
              <td>
                <a href={`/cases/${props.c.id}/answers/${encodeURIComponent(r.id)}`}>
                  Change<span class="visually-hidden"> {r.question}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.open.length ? (
        <p>
          {props.open.length} question{props.open.length > 1 ? "s" : ""} still open that would change the checklist.
        </p>
      ) : (
        <p>No open questions change the checklist.</p>
      )}
      <p>
        <a class="button" href={`/cases/${props.c.id}`}>
          Back to the checklist
        </a>
      </p>
    </>
  );
}

/** One answer to change, from the review screen (posts normally and comes back to the review). */
export function ChangeAnswerPage(props: { m: CasePageModel; q: Question; current?: string | string[] }) {
  const id = props.m.c.id;
  return (
    <>
      <span class="caption">
        <a href={`/cases/${id}/answers`}>Check your answers</a>
      </span>
      <div class="panel question">
        <QuestionForm q={props.q} m={props.m} action={`/cases/${id}/answers`} current={props.current} review />
      </div>
    </>
  );
}
