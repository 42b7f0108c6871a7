import type { ProcedureSet } from "../../server/guidance/model.js";
import { currentVersion, isPastReview, versionUrl } from "../../server/guidance/model.js";
import { formatApproxDate } from "../../server/domain/dates.js";
import { versionPhrase } from "../plain.js";

export function GuidanceIndex(props: { sets: ProcedureSet[]; today: string }) {
  return (
    <>
      <h1>Procedure guidance</h1>
      <p class="lead">Five local child protection procedure sets, as written, with every paragraph linkable.</p>
      <ul class="cards">
        {props.sets.map((set) => (
          <li>
            <h2>
              <a href={`/guidance/${set.id}`}>{set.name}</a>
            </h2>
            <p class="meta">Area: {set.area}</p>
            <p>{set.description}</p>
            <ul>
              {set.documents.map((doc) => {
                const v = currentVersion(doc);
                return (
                  <li>
                    <a href={versionUrl(v)}>{v.title}</a> <span class="meta">({versionPhrase(v.versionLabel)})</span>{" "}
                    {isPastReview(v, props.today) ? (
                      <span class="tag">Past review date ({formatApproxDate(v.reviewDue!)})</span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

export function SetPage(props: { set: ProcedureSet; today: string }) {
  const { set } = props;
  return (
    <>
      <span class="caption">Procedure set</span>
      <h1>{set.name}</h1>
      <p>{set.description}</p>
      <dl class="summary">
        <dt>Area</dt>
        <dd>{set.area}</dd>
        <dt>Set id (for the API)</dt>
        <dd>
          <code>{set.id}</code>
        </dd>
      </dl>
      <p>
        <a href={`/rules/${set.id}`}>Rules and timescales in this set</a>: every timescale as a rule, with the sentence
        it comes from and a worked example.
      </p>
      <h2>Documents</h2>
      <ul>
        {set.documents.map((doc) => {
          const v = currentVersion(doc);
          return (
            <li>
              <a href={versionUrl(v)}>{v.title}</a> – {versionPhrase(v.versionLabel)}
              {doc.versions.length > 1 ? ` (${doc.versions.length} versions)` : ""}{" "}
              {isPastReview(v, props.today) ? <span class="tag">Past review date</span> : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
