/**
 * The answers a case holds — facts, agencies, each child's date of birth and whether looked after — as the
 * questions the checklist asks: listed for review, read from the answer form, and shown again to change.
 */
import type { FactCatalogue } from "../domain/rules/schema.js";
import type { Question } from "../domain/types.js";
import { InvalidInput } from "../domain/errors.js";
import { formatLong, formatUkInput } from "../domain/dates.js";
import { agencyLabel } from "../domain/plan.js";
import type { CaseRecord } from "../store/schema.js";
import { formMessage, readUkDate, str, type FieldError, type Form } from "./forms.js";
import { childProblems } from "../domain/input.js";
import { openedOf } from "./validate.js";
import type { Answer } from "./mutations.js";

/** `child:<id>:dateOfBirth` or `child:<id>:lookedAfter`: a question about one child. */
const CHILD_QUESTION = /^child:(.+):(dateOfBirth|lookedAfter)$/;

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

/**
 * The posted answer to `question`, or undefined with the problem added to `errors` (shown beside the field).
 * A question this case cannot have is InvalidInput: only a hand-made request sends one.
 */
export function readAnswer(
  catalogue: FactCatalogue,
  rec: CaseRecord,
  question: string,
  f: Form,
  today: string,
  errors: FieldError[],
): Answer | undefined {
  if (question === "agencies") {
    const raw = f.agencies;
    const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String);
    const known = catalogue.agencies.map((a) => a.id);
    if (list.some((a) => !known.includes(a))) {
      errors.push({ field: `agency-${known[0]}`, message: "Choose agencies from the list" });
      return undefined;
    }
    return { kind: "agencies", value: list };
  }
  const child = CHILD_QUESTION.exec(question);
  if (child) {
    const ch = rec.children.find((x) => x.id === child[1]);
    if (!ch) throw new InvalidInput("question", `question: this case has no child “${child[1]}”`);
    if (child[2] === "dateOfBirth") {
      const label = ch.unborn ? "the expected delivery date" : "the date of birth";
      const iso = readUkDate(f, "answer", label, errors, { required: true });
      if (!iso) return undefined;
      const field = ch.unborn ? "expectedDeliveryDate" : "dateOfBirth";
      // The same bounds as everywhere else, as of the day the case was opened.
      const problem = childProblems([{ ...ch, [field]: iso }], { today, opened: openedOf(rec) }, () => "child").find(
        (p) => p.field === `child.${field}`,
      );
      if (problem) {
        errors.push({ field: "answer", message: formMessage(problem, label) });
        return undefined;
      }
      return { kind: "child", child: ch.id, field, value: iso };
    }
  } else if (!catalogue.facts.some((x) => x.id === question)) {
    throw new InvalidInput("question", `question: unknown question “${question}”`);
  }
  const v = str(f, "answer");
  if (v !== "yes" && v !== "no") {
    errors.push({ field: "answer-yes", message: "Select yes or no" });
    return undefined;
  }
  return child
    ? { kind: "child", child: child[1]!, field: "lookedAfter", value: v === "yes" }
    : { kind: "fact", id: question, value: v === "yes" };
}

/** A question to change from the review screen: its words (the plan's, when it asks it) and the answer given so far. */
export function answerToChange(
  catalogue: FactCatalogue,
  rec: CaseRecord,
  qid: string,
  open: Question[],
): { question: Question; current?: string | string[] } {
  const row = answerRows(rec, catalogue.facts).find((r) => r.id === qid);
  if (!row) throw new InvalidInput("question", `There is no question “${qid}” for this case.`);
  const question = open.find((x) => x.id === qid) ?? {
    id: qid,
    text: row.question,
    why: "It is one of the answers this checklist depends on.",
  };
  if (qid === "agencies") return { question, current: rec.facts.agencies };
  const child = CHILD_QUESTION.exec(qid);
  const ch = child ? rec.children.find((x) => x.id === child[1]) : undefined;
  if (child?.[2] === "dateOfBirth") {
    const date = ch?.dateOfBirth ?? ch?.expectedDeliveryDate;
    return { question, current: date && formatUkInput(date) };
  }
  const v = child ? ch?.lookedAfter : (rec.facts as Record<string, unknown>)[qid];
  return { question, current: v === undefined ? undefined : v ? "yes" : "no" };
}
