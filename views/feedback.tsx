/** "Did this answer your question?", and the procedures lead's pages for teaching the question bank. */
import type { Signal } from "../server/feedback/model.js";
import type { FeedbackGroup } from "../server/feedback/review.js";
import type { BankEntryCheck } from "../server/guidance/question-bank-edit.js";
import { CsrfField, TextField, type FieldError } from "./components.js";
import { ErrorSummary } from "./layout.js";

/** The Yes / No control: a small form that works without JavaScript; with htmx it is replaced by the thanks. */
export function AnswerControl(props: {
  /** DOM id, unique on the page (htmx swaps this element). */
  id: string;
  csrf: string;
  fields: Record<string, string | string[]>;
  sent?: "yes" | "no";
}) {
  if (props.sent)
    return (
      <div class="feedback-answer" id={props.id}>
        <p role="status">
          Thank you for your feedback.
          {props.sent === "no" ? " The procedures lead reviews the questions Pathway did not answer." : ""}
        </p>
      </div>
    );
  const hidden = Object.entries(props.fields).flatMap(([name, v]) =>
    (Array.isArray(v) ? v : [v]).map((value) => <input type="hidden" name={name} value={value} />),
  );
  return (
    <div class="feedback-answer" id={props.id}>
      <form
        method="post"
        action="/feedback/answer"
        hx-post="/feedback/answer"
        hx-target={`#${props.id}`}
        hx-swap="outerHTML"
        class="feedback-form"
      >
        <CsrfField token={props.csrf} />
        <input type="hidden" name="target" value={props.id} />
        {hidden}
        <span class="feedback-question">Did this answer your question?</span>
        <button type="submit" name="answer" value="yes" class="secondary small">
          Yes<span class="visually-hidden"> this answered my question</span>
        </button>
        <button type="submit" name="answer" value="no" class="secondary small">
          No<span class="visually-hidden"> this did not answer my question</span>
        </button>
      </form>
    </div>
  );
}

/** A passage as the lead's pages show it; `heading` etc. are missing when the passage is no longer in the guidance. */
export interface PassageView {
  ref: string;
  set: string;
  setName: string;
  document: string;
  documentTitle?: string;
  version: string;
  passage: string;
  heading?: string;
  text?: string;
  url?: string;
  score?: number;
  /** The version is still the current one (only current versions can be taught). */
  current: boolean;
}

const SIGNAL_WORDS: Record<Signal, [string, string]> = {
  yes: ["said Yes", "said Yes"],
  no: ["said No", "said No"],
  "no-results": ["search found nothing", "searches found nothing"],
  "low-score": ["weak search match", "weak search matches"],
  "low-confidence": ["unsure assistant reply", "unsure assistant replies"],
};

export const signalSummary = (counts: Partial<Record<Signal, number>>): string =>
  (Object.entries(counts) as [Signal, number][])
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${SIGNAL_WORDS[s][n === 1 ? 0 : 1]}`)
    .join(", ");

const when = (iso: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    weekday: "short",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));

function PassageSummary(props: { p: PassageView }) {
  const { p } = props;
  return (
    <>
      {p.url && p.heading ? <a href={p.url}>{p.heading}</a> : <span>Passage {p.passage}</span>}
      <span class="meta">
        {" "}
        ({[p.setName, p.documentTitle ?? p.document, `version ${p.version}`].join(" · ")}
        {p.score !== undefined ? ` · score ${p.score}` : ""}
        {p.heading ? "" : " · no longer in the guidance"})
      </span>
    </>
  );
}

export interface FeedbackListModel {
  groups: (FeedbackGroup & { topView?: PassageView })[];
  yes: number;
  no: number;
  csrf: string;
  setNames: Record<string, string>;
  notice?: string;
}

export function FeedbackListPage(props: { m: FeedbackListModel }) {
  const { m } = props;
  return (
    <>
      <h1>Questions to review</h1>
      <p class="lead">
        Questions people said Pathway did not answer, searches that found nothing or only a weak match, and assistant
        replies that were unsure. Add a question to the right passage’s question bank and search finds that passage for
        it from then on.
      </p>
      {m.notice ? (
        <div class="banner success" role="status">
          {m.notice}
        </div>
      ) : null}
      <p class="meta">
        “Did this answer your question?” so far: {m.yes} Yes, {m.no} No. Only the question as typed is kept — no case
        details.
      </p>
      {m.groups.length === 0 ? (
        <p>Nothing to review.</p>
      ) : (
        <ol class="feedback-groups">
          {m.groups.map((g) => (
            <li class="feedback-group">
              <h2 id={`g-${g.id}`}>“{g.query}”</h2>
              <p>
                <strong>{signalSummary(g.counts)}</strong>
                <span class="meta">
                  {" "}
                  · {g.kinds.map((k) => (k === "ask" ? "Ask Pathway" : "Search")).join(" and ")}
                  {g.sets.length ? ` · ${g.sets.map((s) => m.setNames[s] ?? s).join(", ")}` : " · all sets"} · last{" "}
                  {when(g.last)}
                </span>
              </p>
              <p>
                {g.topView ? (
                  <>
                    It got: <PassageSummary p={g.topView} />
                  </>
                ) : (
                  "It got nothing."
                )}
              </p>
              <div class="button-row">
                <a class="button" href={`/feedback/review/${g.id}`} aria-describedby={`g-${g.id}`}>
                  Choose the right passage
                </a>
                <form method="post" action={`/feedback/review/${g.id}/dismiss`} class="inline-form">
                  <CsrfField token={m.csrf} />
                  <button type="submit" class="secondary" aria-describedby={`g-${g.id}`}>
                    Dismiss
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

export interface CandidateView extends PassageView {
  chooseUrl: string;
}

export interface ReviewModel {
  group: FeedbackGroup;
  topView?: PassageView;
  sets: { id: string; name: string }[];
  set: string;
  q: string;
  candidates: CandidateView[];
  searchError?: string;
  chosen?: { view: PassageView; check: BankEntryCheck };
  question: string;
  errors: FieldError[];
  csrf: string;
}

export function ReviewResults(props: { m: ReviewModel }) {
  const { m } = props;
  return (
    <div id="passage-results">
      {m.searchError ? null : m.candidates.length === 0 ? (
        <p role="status">No passages found. Try other words or another procedure set.</p>
      ) : (
        <>
          <p role="status">
            {m.candidates.length} passage{m.candidates.length === 1 ? "" : "s"} found.
          </p>
          <ol class="results">
            {m.candidates.map((r) => (
              <li class="result">
                <h3>
                  <a href={r.url}>{r.heading}</a>
                </h3>
                <p class="meta">
                  {r.setName} · {r.documentTitle} · version {r.version} · passage {r.passage}
                  {r.score !== undefined ? ` · score ${r.score}` : ""}
                </p>
                <p class="text">{clip(r.text ?? "", 400)}</p>
                <p>
                  <a href={r.chooseUrl}>
                    Choose this passage<span class="visually-hidden">: {r.heading}</span>
                  </a>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n).replace(/\s+\S*$/, "")}…` : s);

export function ReviewPage(props: { m: ReviewModel }) {
  const { m } = props;
  const g = m.group;
  const errors = [...(m.searchError ? [{ field: "q", message: m.searchError }] : []), ...m.errors];
  return (
    <>
      <p>
        <a href="/feedback">Back to questions to review</a>
      </p>
      <ErrorSummary errors={errors} />
      <span class="caption">Questions to review</span>
      <h1>Choose the passage that answers “{g.query}”</h1>
      <p>
        {signalSummary(g.counts) || "Already dealt with"}
        {g.resolution
          ? ` · last ${g.resolution.how === "added" ? "added to a question bank" : "dismissed"} ${when(g.resolution.at)}`
          : ""}
        .
      </p>
      <p>
        {m.topView ? (
          <>
            It got: <PassageSummary p={m.topView} />
          </>
        ) : (
          "It got nothing."
        )}
      </p>

      <h2>Find the right passage</h2>
      <form
        method="get"
        action={`/feedback/review/${g.id}`}
        role="search"
        hx-get={`/feedback/review/${g.id}`}
        hx-target="#passage-results"
        hx-swap="outerHTML"
      >
        <div class="form-group">
          <label for="set">Procedure set</label>
          <select id="set" name="set">
            {m.sets.map((s) => (
              <option value={s.id} selected={s.id === m.set}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class={`form-group${m.searchError ? " has-error" : ""}`}>
          <label for="q">Search within the set</label>
          <p class="hint" id="q-hint">
            Words from the passage you have in mind; it starts with the question as asked.
          </p>
          {m.searchError ? (
            <p class="error-message" id="q-error">
              <span class="visually-hidden">Error:</span> {m.searchError}
            </p>
          ) : null}
          <input
            type="search"
            id="q"
            name="q"
            value={m.q}
            maxlength={500}
            autocomplete="off"
            class="input-wfull"
            aria-describedby={m.searchError ? "q-hint q-error" : "q-hint"}
          />
        </div>
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <ReviewResults m={m} />

      {m.chosen ? <Check m={m} chosen={m.chosen} /> : null}

      <h2>Nothing to add?</h2>
      <form method="post" action={`/feedback/review/${g.id}/dismiss`}>
        <CsrfField token={m.csrf} />
        <p>If the question is not about the procedures, or is already answered well, take it off the list.</p>
        <button type="submit" class="secondary">
          Dismiss this question
        </button>
      </form>
    </>
  );
}

function Check(props: { m: ReviewModel; chosen: NonNullable<ReviewModel["chosen"]> }) {
  const { m, chosen } = props;
  const { view, check } = chosen;
  return (
    <section id="check" aria-labelledby="check-title" class="panel question">
      <h2 id="check-title">Check before adding</h2>
      <table class="summary-list">
        <caption class="visually-hidden">The passage and its question bank</caption>
        <tbody>
          <tr>
            <th scope="row">Passage</th>
            <td>
              <PassageSummary p={view} />
            </td>
          </tr>
          <tr>
            <th scope="row">Passage text</th>
            <td class="pre-line">{view.text ?? ""}</td>
          </tr>
          <tr>
            <th scope="row">Questions it has now</th>
            <td>
              {check.ok && check.questions.length ? (
                <ul>
                  {check.questions.map((q) => (
                    <li>{q}</li>
                  ))}
                </ul>
              ) : check.ok ? (
                "None yet"
              ) : (
                "Not available"
              )}
            </td>
          </tr>
          <tr>
            <th scope="row">File</th>
            <td>
              <code>{check.file}</code>
            </td>
          </tr>
        </tbody>
      </table>
      {!view.current ? (
        <div class="warning" role="note">
          This passage is from an older version; only the current version of a document is searched. Choose the passage
          in the current version.
        </div>
      ) : !check.ok ? (
        <div class="warning" role="note">
          {check.message}
        </div>
      ) : (
        <form method="post" action={`/feedback/review/${m.group.id}/add`} novalidate>
          <CsrfField token={m.csrf} />
          <input type="hidden" name="passage" value={view.ref} />
          <input type="hidden" name="set" value={m.set} />
          <input type="hidden" name="q" value={m.q} />
          <TextField
            id="question"
            label="Question to add"
            hint="As it was asked. You can correct spelling; 3 to 300 characters."
            value={m.question}
            errors={m.errors}
          />
          <button type="submit">Add this question to the passage’s question bank</button>
        </form>
      )}
    </section>
  );
}
