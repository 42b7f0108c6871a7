/** Stepping through a scenario: what happened, the trainer's question, the answer (hidden until revealed), the timeline. */
import { formatLong } from "../../server/domain/dates.js";
import type { PlayView } from "../../server/scenarios/service.js";
import { scenarioUrl } from "../../server/scenarios/urls.js";
import { ANY_SET } from "../../server/scenarios/schema.js";
import { ErrorSummary } from "../layout.js";
import { TextField, type FieldError } from "../components.js";
import { ChangeList, Checklist, EntryLine, SetName } from "./parts.js";

export interface PlayExtras {
  /** Focus the step heading (or the answer) after an in-place swap. */
  focus?: "step" | "answer";
  errors?: FieldError[];
  typedDate?: string;
}

/** Where this moment is, in words: "Step 3 of 16" or "Between steps 5 and 6". */
export function whereWords(v: Pick<PlayView, "moment" | "total">): string {
  const m = v.moment;
  if (m.step !== undefined) return `Step ${m.step} of ${v.total}`;
  if (m.reached === 0) return "Before the story starts";
  if (m.reached >= v.total) return `After the last step (${v.total})`;
  return `Between steps ${m.reached} and ${m.reached + 1} of ${v.total}`;
}

export const statusWords = (v: PlayView) =>
  `${whereWords(v)}: ${formatLong(v.moment.date)}.${v.hidden ? " The answer is hidden." : ""}`;

export function params(v: PlayView, extra: Record<string, string | number | boolean | undefined>) {
  return { set: v.stored.scenario.set === v.set.id ? undefined : v.set.id, quiz: v.quiz, ...extra };
}

export function StepNav(props: { v: PlayView; page?: string; label: string }) {
  const { v } = props;
  const page = props.page ?? "play";
  return (
    <nav class="scn-stepnav" aria-label={props.label}>
      {v.prevStep ? (
        <a class="button secondary" href={scenarioUrl(v.stored.id, page, params(v, { step: v.prevStep }))}>
          ← Previous<span class="visually-hidden"> step</span> (step {v.prevStep})
        </a>
      ) : null}
      {v.nextStep ? (
        <a class="button" href={scenarioUrl(v.stored.id, page, params(v, { step: v.nextStep }))}>
          Next<span class="visually-hidden"> step</span> (step {v.nextStep}) →
        </a>
      ) : (
        <span class="meta">The end of the story.</span>
      )}
    </nav>
  );
}

/** The reveal link (a plain link without JavaScript; with htmx the answer is fetched in place). */
export function RevealLink(props: { v: PlayView; page: string }) {
  const { v } = props;
  const revealUrl = scenarioUrl(
    v.stored.id,
    props.page,
    params(
      v,
      v.moment.step !== undefined ? { step: v.moment.step, reveal: true } : { date: v.moment.date, reveal: true },
    ),
  );
  return (
    <a
      class="button"
      href={`${revealUrl}#answer`}
      hx-get={revealUrl}
      hx-target="#answer"
      hx-select="#answer"
      hx-swap="outerHTML"
      hx-push-url="true"
    >
      Show the answer
    </a>
  );
}

export function Answer(props: { v: PlayView; focus?: boolean }) {
  const { v } = props;
  const H = "h3";
  if (v.hidden)
    return (
      <div id="answer" class="scn-answer">
        <p class="hint">
          Talk it through first: what is due now, who does it, and by when? Then show Pathway’s answer, worked out from
          the {v.set.name} procedures.
        </p>
        <p>
          <RevealLink v={v} page="play" />
        </p>
      </div>
    );
  const tl = v.stored.scenario.timeline;
  const since =
    !v.previous || v.previous.reached === 0
      ? "the start"
      : `${v.question && tl[v.previous.reached - 1]?.pause ? "the last pause, " : ""}step ${v.previous.reached} (${formatLong(v.previous.date)})`;
  return (
    <div id="answer" class="scn-answer">
      <H id="answer-title" tabindex={-1} autofocus={props.focus}>
        What changed since {since}
      </H>
      <ChangeList changes={v.changes} set={v.set} />
      {v.newWaiting ? (
        <p class="meta">
          {v.newWaiting} more {v.newWaiting === 1 ? "duty is" : "duties are"} now listed as waiting on an event that has
          not happened yet.
        </p>
      ) : null}
      {v.notes ? (
        <div class="panel scn-notes">
          <H>The trainer’s notes</H>
          <p>{v.notes}</p>
        </div>
      ) : null}
      <H>
        The checklist on {formatLong(v.moment.date)} <span class="meta">({v.set.name})</span>
      </H>
      {v.plan.questions.length ? (
        <div class="warning" role="note">
          The scenario does not say everything this checklist needs. It would ask:{" "}
          {v.plan.questions.map((q) => q.text).join(" ")}
        </div>
      ) : null}
      <Checklist actions={v.plan.actions} set={v.set} headingLevel={4} />
    </div>
  );
}

function Timeline(props: { v: PlayView }) {
  const { v } = props;
  return (
    <ol class="scn-timeline">
      {v.stored.scenario.timeline.map((e, i) => {
        const step = i + 1;
        const current = v.moment.step === step;
        const past = step <= v.moment.reached;
        return (
          <li class={`${current ? "scn-current" : past ? "scn-past" : "scn-future"}${e.pause ? " scn-pause" : ""}`}>
            <a href={scenarioUrl(v.stored.id, "play", params(v, { step }))} aria-current={current ? "step" : undefined}>
              <span class="scn-stepno">{step}.</span> <EntryLine e={e} narration={false} labels={v.labels} />
            </a>
          </li>
        );
      })}
    </ol>
  );
}

export function PlayMain(props: { v: PlayView; x?: PlayExtras }) {
  const { v } = props;
  const x = props.x ?? {};
  const s = v.stored.scenario;
  const here = v.moment.step !== undefined ? { step: v.moment.step } : { date: v.moment.date };
  const setChoice = (
    <nav class="scn-sets" aria-label="Procedure set">
      <span>{s.set === ANY_SET ? "This scenario runs in any area. Area:" : "Area:"}</span>
      <ul>
        {v.sets.map((set) => (
          <li>
            <a
              href={scenarioUrl(v.stored.id, "play", {
                ...here,
                quiz: v.quiz,
                set: set.id === s.set ? undefined : set.id,
              })}
              aria-current={set.id === v.set.id ? "true" : undefined}
            >
              {set.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
  return (
    <div
      id="scenario-main"
      hx-boost="true"
      hx-target="#scenario-main"
      hx-select="#scenario-main"
      hx-select-oob="#scenario-status"
      hx-swap="outerHTML show:window:top"
    >
      <ErrorSummary errors={x.errors ?? []} />
      {setChoice}
      <p class="button-row no-print scn-links">
        <a href={scenarioUrl(v.stored.id, "compare", here)} hx-boost="false">
          Compare all five areas at this point
        </a>
        <a href={scenarioUrl(v.stored.id, "present", params(v, { ...here }))} hx-boost="false">
          Presenter view
        </a>
        <a href={scenarioUrl(v.stored.id, "handout", { set: params(v, {}).set })} hx-boost="false">
          Printable handout
        </a>
        <a href={scenarioUrl(v.stored.id, "play", params(v, { ...here, quiz: !v.quiz }))}>
          {v.quiz ? "Turn off “What’s due next?” mode" : "Turn on “What’s due next?” mode (answers hidden until shown)"}
        </a>
      </p>
      <div class="scn-grid">
        <div>
          <h2 id="step-title" tabindex={-1} autofocus={x.focus === "step"}>
            <span class="caption">{whereWords(v)}</span> {formatLong(v.moment.date)}
          </h2>
          <StepNav v={v} label="Steps" />
          <section aria-labelledby="happened-title" class="scn-happened">
            <h3 id="happened-title">
              {v.happened.length ? "What happens" : "Nothing new has happened since the last step"}
            </h3>
            {v.happened.length ? (
              <ul class="scn-entries">
                {v.happened.map((h) => (
                  <li>
                    <EntryLine e={h.entry} labels={v.labels} />
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
          {v.question ? (
            <div class="panel question scn-question">
              <h3>The trainer asks</h3>
              <p class="scn-ask">{v.question}</p>
            </div>
          ) : null}
          <Answer v={v} focus={x.focus === "answer"} />
          <StepNav v={v} label="Steps (bottom)" />
        </div>
        <div class="scn-side">
          <h2 id="timeline-title">The story</h2>
          <Timeline v={v} />
          <form method="get" action={scenarioUrl(v.stored.id, "play")} class="scn-jump" novalidate>
            {params(v, {}).set ? <input type="hidden" name="set" value={v.set.id} /> : null}
            {v.quiz ? <input type="hidden" name="quiz" value="1" /> : null}
            <TextField
              id="date"
              label="Jump to a date"
              hint="Day/month/year, for example 13/01/2027. Everything on or before it has happened."
              value={x.typedDate ?? ""}
              errors={x.errors}
              width="10"
              inputmode="numeric"
            />
            <button type="submit" class="secondary">
              Go to this date
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}

/** The announcement a screen reader hears after an in-place step (sent out of band with the fragment). */
export function PlayStatus(props: { v: PlayView; oob?: boolean }) {
  return (
    <p id="scenario-status" role="status" class="visually-hidden" hx-swap-oob={props.oob ? "true" : undefined}>
      {statusWords(props.v)}
    </p>
  );
}

export function PlayPage(props: { v: PlayView; x?: PlayExtras }) {
  const { v } = props;
  const s = v.stored.scenario;
  return (
    <>
      <span class="caption">
        <a href="/training">Training</a> · <a href={scenarioUrl(v.stored.id)}>About this scenario</a> ·{" "}
        <SetName set={v.set} />
      </span>
      <h1>{s.title}</h1>
      <PlayStatus v={v} />
      <PlayMain v={v} x={props.x} />
    </>
  );
}
