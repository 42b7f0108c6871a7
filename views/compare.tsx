import { silentNotes, type Checklist, type FactCatalogue } from "../server/domain/rules/schema.js";
import type { ProcedureSet } from "../server/guidance/model.js";
import type { DescribeSource } from "../server/domain/plan.js";
import { describeTimescale, fillWords } from "../server/domain/words.js";

export interface CompareModel {
  sets: ProcedureSet[];
  checklists: Map<string, Checklist>;
  duties: FactCatalogue["duties"];
  describe: DescribeSource;
}

/** Each cell names its set: shown when the table stacks per duty on a narrow screen (app.css). */
function SetLabel(props: { name: string }) {
  return (
    <span class="cell-label" aria-hidden="true">
      {props.name}
    </span>
  );
}

function Cell(props: { model: CompareModel; set: string; duty: string }) {
  const name = props.model.sets.find((s) => s.id === props.set)?.name ?? "";
  const checklist = props.model.checklists.get(props.set);
  const rules = checklist?.rules.filter((r) => r.duty === props.duty) ?? [];
  const silent = silentNotes(checklist, props.duty);
  if (!rules.length && !silent.length)
    return (
      <td class="gap">
        <SetLabel name={name} />
        <span class="tag">Gap</span> Not stated in this procedure set.
      </td>
    );
  return (
    <td>
      <SetLabel name={name} />
      {rules.map((r) => {
        const src = r.sources[0]!;
        const { url, heading } = props.model.describe(props.set, src);
        return (
          <div class="compare-rule">
            <p>
              <strong>{fillWords(r.title)}</strong>
            </p>
            <p>{describeTimescale(r, checklist!)}.</p>
            <p class="meta">
              “{src.quote}” — <a href={url}>{heading}</a>
            </p>
          </div>
        );
      })}
      {silent.map((s) => (
        <p class="meta">
          <span class="tag">Silent</span> {s}
        </p>
      ))}
    </td>
  );
}

export function ComparePage(props: { model: CompareModel }) {
  const { model } = props;
  const used = model.duties.filter((d) =>
    [...model.checklists.values()].some((c) => c.rules.some((r) => r.duty === d.id) || silentNotes(c, d.id).length > 0),
  );
  return (
    <>
      <h1>Compare procedure sets</h1>
      <p class="lead">
        What each area’s procedure says for each duty, side by side, with the paragraph it comes from. Where a set says
        nothing, the gap is shown — Pathway never fills it from another area. Each set’s rules in full, with worked
        examples: <a href="/rules">Rules and timescales</a>.
      </p>
      <nav aria-labelledby="duties-title" class="toc duty-index">
        <h2 id="duties-title">Duties</h2>
        <ol>
          {used.map((d) => (
            <li>
              <a href={`#duty-${d.id}`}>{d.label}</a>
            </li>
          ))}
        </ol>
      </nav>
      <div class="compare-wrap">
        <table class="compare">
          <caption class="visually-hidden">Duties by procedure set</caption>
          <thead>
            <tr>
              <th scope="col">Duty</th>
              {model.sets.map((s) => (
                <th scope="col">
                  <a href={`/guidance/${s.id}`}>{s.name}</a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {used.map((d) => (
              <tr id={`duty-${d.id}`}>
                <th scope="row">{d.label}</th>
                {model.sets.map((s) => (
                  <Cell model={model} set={s.id} duty={d.id} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
