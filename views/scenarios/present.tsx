/** Presenter view: one step on a screen in large type — the date, what happens, the question, the answer when revealed. */
import type { Child } from "hono/jsx";
import { formatLong } from "../../server/domain/dates.js";
import type { PlayView } from "../../server/scenarios/service.js";
import { scenarioUrl } from "../../server/scenarios/urls.js";
import { HTMX_CONFIG } from "../layout.js";
import { KIND_LABELS, entryTitle, when } from "./parts.js";
import { PlayStatus, RevealLink, StepNav, params, whereWords } from "./play.js";

function Document(props: { title: string; children?: Child }) {
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} – Pathway`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/app.js" defer></script>
      </head>
      <body class="scn-presenting">{props.children}</body>
    </html>
  );
}

function PresenterAnswer(props: { v: PlayView; focus?: boolean }) {
  const { v } = props;
  if (v.hidden)
    return (
      <div id="answer" class="scn-answer">
        <p>
          <RevealLink v={v} page="present" />
        </p>
      </div>
    );
  const open = v.plan.actions.filter((a) => a.status === "overdue" || a.status === "due" || a.status === "upcoming");
  const changed = v.changes.filter((c) => c.kind !== "due");
  return (
    <div id="answer" class="scn-answer">
      <h2 id="answer-title" tabindex={-1} autofocus={props.focus}>
        What changed
      </h2>
      {changed.length ? (
        <ul class="scn-pres-list">
          {changed.map((c) => (
            <li>
              <span class="tag">{KIND_LABELS[c.kind]}</span> {c.action.title}
              {c.action.child ? ` (${c.action.child})` : ""}
              {c.kind !== "gone" && c.action.due ? <strong> — {when(c.action)}</strong> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing on the checklist changed.</p>
      )}
      <h2>Due, by date</h2>
      {open.length ? (
        <ul class="scn-pres-list">
          {open.map((a) => (
            <li>
              <strong>{when(a)}</strong>: {a.title}
              {a.child ? ` (${a.child})` : ""}
              {a.status === "overdue" ? <span class="status status-overdue"> Overdue</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing is due.</p>
      )}
      {v.notes ? <p class="scn-pres-notes">{v.notes}</p> : null}
    </div>
  );
}

export function PresenterView(props: { v: PlayView; focus?: "step" | "answer" }) {
  const { v } = props;
  const s = v.stored.scenario;
  return (
    <Document title={`${s.title}: presenting`}>
      <main
        id="main"
        class="scn-presenter"
        hx-boost="true"
        hx-target="#main"
        hx-select="#main"
        hx-select-oob="#scenario-status"
        hx-swap="outerHTML show:window:top"
      >
        <p class="scn-pres-top">
          <span>
            {s.title} · {v.set.name} · {whereWords(v)}
          </span>{" "}
          <a
            href={scenarioUrl(
              v.stored.id,
              "play",
              params(v, v.moment.step !== undefined ? { step: v.moment.step } : { date: v.moment.date }),
            )}
            hx-boost="false"
          >
            Leave presenter view
          </a>
        </p>
        <h1 id="step-title" tabindex={-1} autofocus={props.focus === "step"}>
          {formatLong(v.moment.date)}
        </h1>
        {v.happened.map((h) => (
          <div class="scn-pres-entry">
            <p class="scn-pres-event">
              {h.entry.bookedOn
                ? `${entryTitle(h.entry, v.labels)} for ${formatLong(h.entry.date)}`
                : h.entry.pause
                  ? ""
                  : entryTitle(h.entry, v.labels)}
            </p>
            {h.entry.narration ? <p>{h.entry.narration}</p> : null}
          </div>
        ))}
        {v.question ? <p class="scn-pres-question">{v.question}</p> : null}
        <PresenterAnswer v={v} focus={props.focus === "answer"} />
        <StepNav v={v} page="present" label="Steps" />
      </main>
      <PlayStatus v={v} />
    </Document>
  );
}
