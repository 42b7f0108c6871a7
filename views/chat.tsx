import type { ConversationState } from "../server/assistant/state.js";
import type { ProcedureSet } from "../server/guidance/model.js";
import { formatLong } from "../server/domain/dates.js";
import { agencyLabel } from "../server/domain/plan.js";
import { EVENT_LABELS, OUTCOME_LABELS } from "./cases/labels.js";
import { CsrfField } from "./components.js";
import { ErrorSummary } from "./layout.js";
import { AnswerControl } from "./feedback.js";

export interface ChatModel {
  state?: ConversationState;
  sets: ProcedureSet[];
  csrf: string;
  error?: string;
  caseRef?: string;
  /** Who is asking and what was last asked about, in words (from the assistant's conversation state). */
  about?: { role?: string; topics: string[]; agency: boolean };
  draft?: string;
  /** The Yes / No already given for an assistant reply (by its time), so it is not asked again. */
  feedbackSent?: (at: string) => "yes" | "no" | undefined;
  /** A source as a person reads it: "Child protection conferences, ‘Timing’" (never the ids in its link). */
  cite?: (src: { document: string; section: string; url: string }) => string;
}

function Understood(props: { m: ChatModel }) {
  const s = props.m.state;
  if (!s) return <p class="meta">Nothing yet. Tell me the procedure set, dates and the children’s ages as you go.</p>;
  const set = props.m.sets.find((x) => x.id === s.set);
  return (
    <dl class="summary">
      <dt>Procedure set</dt>
      <dd>{set?.name ?? "Not chosen yet"}</dd>
      {s.caseId ? (
        <>
          <dt>Case</dt>
          <dd>
            <a href={`/cases/${s.caseId}`}>{props.m.caseRef ?? s.caseId}</a>
          </dd>
        </>
      ) : null}
      {props.m.about?.role ? (
        <>
          <dt>You are</dt>
          <dd>{props.m.about.role.replace(/^the /, "")}</dd>
        </>
      ) : null}
      {props.m.about?.topics.length ? (
        <>
          <dt>Talking about</dt>
          <dd>{props.m.about.topics.join("; ")}</dd>
        </>
      ) : null}
      <dt>Dates</dt>
      <dd>
        {s.events.length ? (
          <ul>
            {s.events.map((e) => (
              <li>
                {EVENT_LABELS[e.type]}: {formatLong(e.date)}
                {e.outcome ? ` (${OUTCOME_LABELS[e.outcome] ?? e.outcome})` : ""}
              </li>
            ))}
          </ul>
        ) : (
          "None yet"
        )}
      </dd>
      <dt>Children</dt>
      <dd>
        {s.children.length
          ? s.children
              .map(
                (c) =>
                  `${c.id}${c.unborn ? " (unborn)" : c.dateOfBirth ? ` (born ${formatLong(c.dateOfBirth)})` : c.ageYears !== undefined ? ` (aged ${c.ageYears})` : ""}${c.lookedAfter ? ", looked after" : ""}`,
              )
              .join("; ")
          : "None yet"}
      </dd>
      <dt>Facts</dt>
      <dd>
        {[
          s.facts.nonResidentParent ? "non-resident parent" : "",
          s.facts.interpreterNeeded ? "interpreter needed" : "",
          s.facts.newCase ? "new case" : "",
          s.facts.agencies?.length ? `agencies: ${s.facts.agencies.map(agencyLabel).join(", ")}` : "",
        ]
          .filter(Boolean)
          .join("; ") || "None yet"}
      </dd>
    </dl>
  );
}

export function ChatBody(props: { m: ChatModel }) {
  const { m } = props;
  const s = m.state;
  const hidden = (
    <>
      <CsrfField token={m.csrf} />
      {s?.id ? <input type="hidden" name="conversationId" value={s.id} /> : null}
      {s?.caseId ? <input type="hidden" name="caseId" value={s.caseId} /> : null}
    </>
  );
  const last = s?.history.at(-1);
  return (
    <div id="chat" class="case-grid">
      <div>
        {m.error ? <ErrorSummary errors={[{ field: "message", message: m.error }]} /> : null}
        <ol class="messages" aria-label="Conversation">
          {(s?.history ?? []).map((t, i) => (
            <li class={`message from-${t.from}`}>
              <p class="meta">{t.from === "user" ? "You" : "Pathway"}</p>
              <p class="pre-line">{t.text}</p>
              {t.links?.length ? (
                <ul class="reply-links">
                  {t.links.map((l) => (
                    <li>
                      <a href={l.url}>{l.label}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
              {t.sources?.length ? (
                <details>
                  <summary>Sources ({t.sources.length})</summary>
                  <ul>
                    {t.sources.map((src) => (
                      <li>
                        <a href={src.url}>{m.cite ? m.cite(src) : "The procedure"}</a>: “{src.quote.slice(0, 300)}
                        {src.quote.length > 300 ? "…" : ""}”
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              {t.from === "assistant" && s?.id ? (
                <AnswerControl
                  id={`answer-${i}`}
                  csrf={m.csrf}
                  fields={{ kind: "ask", conversationId: s.id, at: t.at }}
                  sent={m.feedbackSent?.(t.at)}
                />
              ) : null}
            </li>
          ))}
        </ol>
        <div role="status" aria-live="polite" class="visually-hidden" id="chat-announce">
          {last?.from === "assistant" ? `Pathway replied: ${last.text}` : ""}
        </div>
        {last?.suggestions?.length ? (
          <div class="button-row" role="group" aria-label="Suggested follow-ups">
            {last.suggestions.map((q) => (
              <form
                method="post"
                action="/chat"
                hx-post="/chat"
                hx-target="#chat"
                hx-select="#chat"
                hx-swap="outerHTML"
                class="inline-form"
              >
                {hidden}
                <input type="hidden" name="message" value={q} />
                <button type="submit" class="secondary small">
                  {q}
                </button>
              </form>
            ))}
          </div>
        ) : null}
        <form
          method="post"
          action="/chat"
          hx-post="/chat"
          hx-target="#chat"
          hx-select="#chat"
          hx-swap="outerHTML"
          novalidate
        >
          {hidden}
          <div class="form-group">
            <label for="procedures">Procedure set</label>
            <select id="procedures" name="procedures">
              <option value="">{s?.set ? "Keep the current set" : "Choose (or say it in your message)"}</option>
              {m.sets.map((x) => (
                <option value={x.id} selected={s?.set === x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
          <div class={`form-group${m.error ? " has-error" : ""}`}>
            <label for="message">Your message</label>
            <p class="hint" id="message-hint">
              For example “ICPC was on 30/11, what now?”, “the child’s 9, do they get an advocate?” or “what does RCPC
              stand for?”. Dates day first.
            </p>
            {m.error ? (
              <p class="error-message" id="message-error">
                <span class="visually-hidden">Error:</span> {m.error}
              </p>
            ) : null}
            <textarea
              id="message"
              name="message"
              rows={3}
              maxlength={2000}
              aria-describedby={m.error ? "message-hint message-error" : "message-hint"}
            >
              {m.draft ?? ""}
            </textarea>
          </div>
          <button type="submit">Send</button>
        </form>
      </div>
      <aside aria-labelledby="understood-title">
        <h2 id="understood-title">What I have understood</h2>
        <Understood m={m} />
        <p>
          <a href="/chat">Start a new conversation</a> (to correct something, you can also just say it: “no, the ICPC
          was on 14/12/2026”).
        </p>
        {s?.id && s.set && !s.caseId && !m.about?.agency ? (
          <form method="post" action={`/chat/${s.id}/save`}>
            <CsrfField token={m.csrf} />
            <div class="form-group">
              <label for="reference">Save as a case: case reference</label>
              <input type="text" id="reference" name="reference" class="input-w20" />
            </div>
            <button type="submit" class="secondary">
              Save as case
            </button>
          </form>
        ) : null}
      </aside>
    </div>
  );
}

export function ChatPage(props: { m: ChatModel }) {
  return (
    <>
      <h1>Ask Pathway</h1>
      <p class="lead">
        Ask as you would ask an experienced colleague. Answers come from the procedures and the rules in Pathway, with
        the paragraph quoted; nothing leaves this computer.
      </p>
      <ChatBody m={props.m} />
    </>
  );
}
