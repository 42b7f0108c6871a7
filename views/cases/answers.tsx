import type { CaseRecord } from "../../server/store/schema.js";
import type { Question } from "../../server/domain/types.js";
import { formatLong } from "../../server/domain/dates.js";
import { agencyLabel } from "../../server/domain/plan.js";

export interface AnswerRow {
  id: string;
  question: string;
  answer: string;
}

/** Every answer the case holds, as rows of the review screen, each with its change link. */
export function answerRows(c: CaseRecord, facts: { id: string; text: string }[]): AnswerRow[] {
  const yesNo = (v: boolean | undefined) => (v === undefined ? "Not answered" : v ? "Yes" : "No");
  const rows: AnswerRow[] = [];
  for (const ch of c.children) {
    rows.push({
      id: `child:${ch.id}:dateOfBirth`,
      question: ch.unborn ? `${ch.id}: expected delivery date` : `${ch.id}: date of birth`,
      answer: ch.unborn
        ? ch.expectedDeliveryDate
          ? formatLong(ch.expectedDeliveryDate)
          : "Not answered"
        : ch.dateOfBirth
          ? formatLong(ch.dateOfBirth)
          : ch.ageYears !== undefined
            ? `Aged ${ch.ageYears}`
            : "Not answered",
    });
    rows.push({
      id: `child:${ch.id}:lookedAfter`,
      question: `Is ${ch.id} looked after?`,
      answer: yesNo(ch.lookedAfter),
    });
  }
  for (const f of facts) {
    const v = c.facts[f.id as keyof typeof c.facts];
    rows.push({
      id: f.id,
      question: f.text,
      answer:
        f.id === "agencies"
          ? Array.isArray(v)
            ? v.length
              ? v.map(agencyLabel).join(", ")
              : "None"
            : "Not answered"
          : yesNo(v as boolean | undefined),
    });
  }
  return rows;
}

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
