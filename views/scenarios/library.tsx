/** The training library and one scenario's overview page. */
import { formatLong } from "../../server/domain/dates.js";
import { agencyLabel } from "../../server/domain/plan.js";
import type { ProcedureSet } from "../../server/guidance/model.js";
import type { StoredScenario, UnreadableScenario } from "../../server/scenarios/library.js";
import { ANY_SET } from "../../server/scenarios/schema.js";
import { scenarioUrl } from "../../server/scenarios/urls.js";
import { CsrfField } from "../components.js";
import { EntryLine } from "./parts.js";

const setWords = (sets: ProcedureSet[], id: string) =>
  id === ANY_SET ? "Any area" : (sets.find((s) => s.id === id)?.name ?? id);

function Card(props: { s: StoredScenario; sets: ProcedureSet[] }) {
  const { s } = props;
  const pauses = s.scenario.timeline.filter((e) => e.pause).length;
  return (
    <li>
      <h3>
        <a href={scenarioUrl(s.id)}>{s.scenario.title}</a>
      </h3>
      <p>{s.scenario.summary}</p>
      <p class="meta">
        {setWords(props.sets, s.scenario.set)} · {s.scenario.timeline.length} steps · {pauses}{" "}
        {pauses === 1 ? "pause" : "pauses"} · starts{" "}
        {formatLong(s.scenario.timeline[0]!.bookedOn ?? s.scenario.timeline[0]!.date)}
      </p>
    </li>
  );
}

export function TrainingLibraryPage(props: {
  scenarios: StoredScenario[];
  attention: readonly UnreadableScenario[];
  sets: ProcedureSet[];
}) {
  const shipped = props.scenarios.filter((s) => s.shipped);
  const saved = props.scenarios.filter((s) => !s.shipped);
  return (
    <>
      <h1>Training scenarios</h1>
      <p class="lead">
        Stories that move through time. Step through one event by event, pause to ask “what’s due now, and by when?”,
        reveal Pathway’s answer with its working and the quoted paragraph, and see the same moment in all five areas.
      </p>
      <p>Scenarios are for training: they are never cases, and never appear in the case list or the calendar feed.</p>
      <p class="button-row">
        <a class="button" href="/training/new">
          Write a scenario
        </a>
        <a class="button secondary" href="/training/import">
          Paste or upload a scenario (YAML)
        </a>
      </p>
      {props.attention.length ? (
        <div class="warning" role="note">
          <strong>Saved scenarios that need attention.</strong> These files in DATA_DIR/scenarios no longer read as a
          scenario; fix or remove them:
          <ul>
            {props.attention.map((a) => (
              <li>
                {a.file}: {a.problem}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>Shipped with Pathway</h2>
      <p class="meta">Read-only: make a copy to change one.</p>
      <ul class="cards scn-cards">
        {shipped.map((s) => (
          <Card s={s} sets={props.sets} />
        ))}
      </ul>
      <h2>Saved here</h2>
      {saved.length ? (
        <ul class="cards scn-cards">
          {saved.map((s) => (
            <Card s={s} sets={props.sets} />
          ))}
        </ul>
      ) : (
        <p class="meta">None yet. Write one, paste one, or start from a case.</p>
      )}
    </>
  );
}

export function ScenarioOverviewPage(props: {
  s: StoredScenario;
  sets: ProcedureSet[];
  csrf: string;
  saved?: boolean;
  labels: Record<string, string>;
}) {
  const { s } = props;
  const sc = s.scenario;
  return (
    <>
      <span class="caption">
        <a href="/training">Training</a> · {setWords(props.sets, sc.set)}
        {s.shipped ? " · shipped with Pathway (read-only)" : " · saved here"}
      </span>
      <h1>{sc.title}</h1>
      {props.saved ? (
        <div class="banner success" role="status">
          <h2>Scenario saved</h2>
          <p>Share it with the link below, or start stepping through it.</p>
        </div>
      ) : null}
      <p class="lead">{sc.summary}</p>
      <p class="button-row">
        <a class="button" href={scenarioUrl(s.id, "play", { step: 1 })}>
          Step through it
        </a>
        <a class="button secondary" href={scenarioUrl(s.id, "play", { step: 1, quiz: true })}>
          Start in “What’s due next?” mode
        </a>
        <a class="button secondary" href={scenarioUrl(s.id, "present", { step: 1 })}>
          Presenter view
        </a>
      </p>
      <p class="button-row no-print">
        <a href={scenarioUrl(s.id, "compare", { step: 1 })}>Compare all five areas</a>
        <a href={scenarioUrl(s.id, "handout")}>Printable handout</a>
        <a href={scenarioUrl(s.id, "scenario.yaml")}>Export as YAML</a>
        <a href={scenarioUrl(s.id)} data-copy-link>
          Copy the link to share
        </a>
        {s.shipped ? (
          <a href={`/training/new?from=${encodeURIComponent(s.id)}`}>Make a copy to change</a>
        ) : (
          <a href={scenarioUrl(s.id, "edit")}>Change this scenario</a>
        )}
      </p>
      <p id="copy-status" role="status" class="meta"></p>
      <h2>Who is in it</h2>
      <ul>
        {sc.children.map((c) => (
          <li>
            {c.id}
            {c.unborn && c.expectedDeliveryDate ? `: unborn, expected ${formatLong(c.expectedDeliveryDate)}` : ""}
            {c.dateOfBirth ? `: born ${formatLong(c.dateOfBirth)}` : ""}
            {c.lookedAfter ? ", looked after" : ""}
          </li>
        ))}
        {sc.facts.agencies ? (
          <li>
            Agencies involved: {sc.facts.agencies.length ? sc.facts.agencies.map(agencyLabel).join(", ") : "none"}
          </li>
        ) : null}
        {sc.facts.nonResidentParent ? <li>A parent lives apart from the children.</li> : null}
        {sc.facts.interpreterNeeded ? <li>The family needs an interpreter.</li> : null}
      </ul>
      <h2>The story</h2>
      <ol class="scn-timeline scn-overview">
        {sc.timeline.map((e, i) => (
          <li class={e.pause ? "scn-pause" : undefined}>
            <a href={scenarioUrl(s.id, "play", { step: i + 1 })}>Step {i + 1}</a> —{" "}
            <EntryLine e={e} labels={props.labels} />
          </li>
        ))}
      </ol>
      {!s.shipped ? (
        <form method="post" action={scenarioUrl(s.id, "delete")} class="no-print">
          <CsrfField token={props.csrf} />
          <button type="submit" class="secondary">
            Delete this scenario
          </button>
        </form>
      ) : null}
    </>
  );
}
