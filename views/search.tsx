import { raw } from "hono/html";
import type { ProcedureSet } from "../server/guidance/model.js";
import type { SearchOutcome } from "../server/search/index.js";
import { formatApproxDate } from "../server/domain/dates.js";
import { ErrorSummary } from "./layout.js";
import { AnswerControl } from "./feedback.js";

export interface SearchViewModel {
  q: string;
  procedures: string[];
  sets: ProcedureSet[];
  outcome?: SearchOutcome;
  /** HTML of each result's text with query terms marked (already escaped). */
  highlighted?: string[];
  error?: string;
  today: string;
  suggestions: string[];
  /** "Did this answer your question?" under the results; `sent` once answered (without JavaScript). */
  feedback?: { csrf: string; sent?: "yes" | "no" };
}

const setName = (sets: ProcedureSet[], id: string) => sets.find((s) => s.id === id)?.name ?? id;

export function SearchResults(props: SearchViewModel) {
  const { outcome } = props;
  if (props.error)
    return (
      <div id="results">
        <ErrorSummary errors={[{ field: "q", message: props.error }]} />
      </div>
    );
  if (!outcome) {
    return (
      <div id="results">
        <p>Ask the way you would ask a colleague. For example:</p>
        <Suggestions items={props.suggestions} procedures={props.procedures} />
      </div>
    );
  }
  const corrected = outcome.correctedQuery;
  return (
    <div id="results">
      <p role="status" aria-live="polite">
        {outcome.results.length === 0
          ? "No passages found"
          : `${outcome.results.length} passage${outcome.results.length === 1 ? "" : "s"} found`}
        {corrected ? (
          <>
            {" "}
            for <strong>{corrected}</strong> (spelling corrected from “{outcome.query}”)
          </>
        ) : null}
        .
      </p>
      {outcome.results.length === 0 ? (
        <>
          <p>Try fewer words, an abbreviation such as ICPC or RCPC, or one of these:</p>
          <Suggestions items={props.suggestions} procedures={props.procedures} />
          {props.procedures.length ? (
            <p>
              <a href={`/search?q=${encodeURIComponent(outcome.query)}`}>Search all procedure sets</a>
            </p>
          ) : null}
        </>
      ) : (
        <ol class="results">
          {outcome.results.map((r, i) => (
            <li class="result">
              <h3>
                <a href={r.url}>{r.heading}</a>
              </h3>
              <p class="meta">
                {setName(props.sets, r.procedures)} · {r.documentTitle}
                {/^\d+(\.\d+)*$/.test(r.section) ? ` · section ${r.section}` : ""}{" "}
                {r.reviewDue && r.reviewDue < props.today ? (
                  <span class="tag">Past review date ({formatApproxDate(r.reviewDue)})</span>
                ) : null}
              </p>
              <p class="text">{raw(props.highlighted?.[i] ?? "")}</p>
            </li>
          ))}
        </ol>
      )}
      {outcome.results.length > 0 && props.feedback ? (
        <AnswerControl
          id="answer-search"
          csrf={props.feedback.csrf}
          fields={{ kind: "search", q: outcome.query, procedures: props.procedures }}
          sent={props.feedback.sent}
        />
      ) : null}
    </div>
  );
}

function Suggestions(props: { items: string[]; procedures: string[] }) {
  const extra = props.procedures.map((p) => `&procedures=${encodeURIComponent(p)}`).join("");
  return (
    <ul>
      {props.items.map((s) => (
        <li>
          <a href={`/search?q=${encodeURIComponent(s)}${extra}`}>{s}</a>
        </li>
      ))}
    </ul>
  );
}

export function SearchPage(props: SearchViewModel) {
  return (
    <>
      <h1>Search the procedures</h1>
      <form
        method="get"
        action="/search"
        role="search"
        hx-get="/search"
        hx-target="#results"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="input changed delay:300ms from:#q, change from:(.checkboxes input), submit"
      >
        <div class={`form-group${props.error ? " has-error" : ""}`}>
          <label for="q">Question or words</label>
          <p class="hint" id="q-hint">
            For example “when is the first core group due” or “s47 deadline”. Results appear as you type.
          </p>
          {props.error ? (
            <span class="error-message" id="q-error">
              Error: {props.error}
            </span>
          ) : null}
          <input
            type="search"
            id="q"
            name="q"
            value={props.q}
            maxlength={500}
            autocomplete="off"
            aria-describedby={props.error ? "q-hint q-error" : "q-hint"}
          />
        </div>
        <fieldset class="form-group">
          <legend>Procedure sets (leave all unticked to search every set)</legend>
          <div class="checkboxes">
            {props.sets.map((s) => (
              <label>
                <input type="checkbox" name="procedures" value={s.id} checked={props.procedures.includes(s.id)} />
                {s.name}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit">Search</button>
      </form>
      <SearchResults {...props} />
    </>
  );
}
