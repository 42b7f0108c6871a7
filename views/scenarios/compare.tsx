/** One moment of a scenario in all five areas: each duty's dates side by side, where they differ, where an area is silent. */
import { formatLong } from "../../server/domain/dates.js";
import type { CompareCell, CompareView } from "../../server/scenarios/service.js";
import { scenarioUrl } from "../../server/scenarios/urls.js";
import { STATUS_LABELS } from "../cases/labels.js";
import { agencyLabel } from "../../server/domain/plan.js";
import type { ProcedureSet } from "../../server/guidance/model.js";
import { EntryLine, when } from "./parts.js";
import { whereWords } from "./play.js";

/** Each cell names its area: shown when the table stacks per duty on a narrow screen (app.css, as on /compare). */
function SetLabel(props: { set: ProcedureSet }) {
  return (
    <span class="cell-label" aria-hidden="true">
      {props.set.name}
    </span>
  );
}

function Cell(props: { cell: CompareCell; set: ProcedureSet; differ: boolean }) {
  const { cell } = props;
  const label = <SetLabel set={props.set} />;
  const waiting = cell.waiting ? (
    <p class="meta">{cell.waiting} waiting on an event that has not happened yet</p>
  ) : null;
  if (!cell.actions.length) {
    if (cell.hasRule)
      return (
        <td class="gap">
          {label}
          {waiting ?? "Nothing due at this point."}
        </td>
      );
    if (cell.silent.length)
      return (
        <td class="gap">
          {label}
          {cell.silent.map((s) => (
            <p class="meta">
              <span class="tag">Silent</span> {s}
            </p>
          ))}
        </td>
      );
    return (
      <td class="gap">
        {label}
        <span class="tag">Gap</span> Not stated in this procedure set.
      </td>
    );
  }
  return (
    <td>
      {label}
      {cell.actions.map((a) => (
        <div class="compare-rule">
          <p>
            <strong>{a.title}</strong>
            {a.child ? ` — ${a.child}` : a.agency ? ` — ${agencyLabel(a.agency)}` : ""}
          </p>
          <p>
            <span class={`status status-${a.status}`}>{STATUS_LABELS[a.status]}</span>{" "}
            {a.due ? <span class={props.differ ? "scn-differs" : undefined}>{when(a)}</span> : null}
          </p>
          <details>
            <summary>
              Source
              <span class="visually-hidden">
                : {a.title}, {props.set.name}
              </span>
            </summary>
            <p class="meta">{a.basis}</p>
            {a.sources.map((s) => (
              <p class="meta">
                “{s.quote}” —{" "}
                <a href={s.url}>
                  {props.set.name}, section {s.section}
                </a>
              </p>
            ))}
          </details>
        </div>
      ))}
      {waiting}
    </td>
  );
}

export function ScenarioComparePage(props: { v: CompareView }) {
  const { v } = props;
  const s = v.stored.scenario;
  const here = (step: number) => scenarioUrl(v.stored.id, "compare", { step });
  const differ = v.rows.filter((r) => r.differ).length;
  return (
    <>
      <span class="caption">
        <a href="/training">Training</a> · <a href={scenarioUrl(v.stored.id)}>{s.title}</a>
      </span>
      <h1>The same moment in every area</h1>
      <p class="lead">
        {s.title}: {whereWords(v)}, {formatLong(v.moment.date)}. Each column is worked out from that area’s own
        procedures. Where an area says nothing the cell says so — never another area’s rule.
      </p>
      <nav class="scn-stepnav" aria-label="Steps">
        {v.prevStep ? (
          <a class="button secondary" href={here(v.prevStep)}>
            ← Previous<span class="visually-hidden"> step</span> (step {v.prevStep})
          </a>
        ) : null}
        {v.nextStep ? (
          <a class="button" href={here(v.nextStep)}>
            Next<span class="visually-hidden"> step</span> (step {v.nextStep}) →
          </a>
        ) : null}
        <a
          href={scenarioUrl(
            v.stored.id,
            "play",
            v.moment.step !== undefined ? { step: v.moment.step } : { date: v.moment.date },
          )}
        >
          Back to stepping through
        </a>
      </nav>
      {v.happened.length ? (
        <section aria-labelledby="happened-title">
          <h2 id="happened-title">What happens</h2>
          <ul class="scn-entries">
            {v.happened.map((h) => (
              <li>
                <EntryLine e={h.entry} labels={v.labels} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Duties at this point</h2>
      <p>
        {v.rows.length} {v.rows.length === 1 ? "duty is" : "duties are"} on at least one area’s checklist;{" "}
        {differ ? `the dates differ between areas for ${differ}.` : "where two areas give a date, it is the same."}{" "}
        <span class="tag">Silent</span> is the area’s own note that it says nothing; <span class="tag">Gap</span> means
        nothing in its procedures covers the duty.
      </p>
      <div class="table-scroll" tabindex={0} role="region" aria-label="Duties by area at this point">
        <table class="compare scn-compare">
          <caption class="visually-hidden">Duties at {formatLong(v.moment.date)} by procedure set</caption>
          <thead>
            <tr>
              <th scope="col">Duty</th>
              {v.sets.map((set) => (
                <th scope="col">{set.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {v.rows.map((r) => (
              <tr id={`duty-${r.duty}`}>
                <th scope="row">
                  {r.label}
                  {r.differ ? (
                    <>
                      <br />
                      <span class="tag">Dates differ</span>
                    </>
                  ) : null}
                  {r.quiet ? (
                    <>
                      <br />
                      <span class="meta">
                        Not in {r.quiet} {r.quiet === 1 ? "area" : "areas"}
                      </span>
                    </>
                  ) : null}
                </th>
                {r.cells.map((cell, i) => (
                  <Cell cell={cell} set={v.sets[i]!} differ={r.differ} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.questions.length ? (
        <div class="warning" role="note">
          The scenario does not say everything some areas need:{" "}
          {v.questions.map((q) => `${q.set} would ask: ${q.text.join(" ")}`).join(" ")}
        </div>
      ) : null}
    </>
  );
}
