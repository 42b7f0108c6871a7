/** The one-page sheet: "Invited to an ICPC in <area>: what the <agency> does". */
import { formatLong } from "../../server/domain/dates.js";
import type { Duties } from "../../server/duties/service.js";
import { dueWords } from "../plain.js";

export const printTitle = (d: Duties) => `Invited to an ICPC in ${d.set.area}: what ${d.agency.name} does`;

export function DutiesPrint(props: { d: Duties; baseUrl: string; back: string }) {
  const { d } = props;
  return (
    <div class="duties-print">
      <p class="no-print">
        <a href={props.back}>Back to the duties</a>
      </p>
      <h1>{printTitle(d)}</h1>
      <p>
        From {d.set.name}. {d.conference ? `Conference on ${formatLong(d.conference)}. ` : ""}Dates after the conference
        assume it makes a child protection plan. Check against the procedure before relying on them.
      </p>
      {d.stages
        .filter((s) => s.items.length)
        .map((s) => (
          <section class="print-stage" aria-labelledby={`print-${s.id}`}>
            <h2 id={`print-${s.id}`}>{s.heading}</h2>
            <ul>
              {s.items.map((i) => (
                <li>
                  <strong>
                    {i.due
                      ? dueWords({ due: i.due ?? null, ...(i.dueTime ? { dueTime: i.dueTime } : {}) })
                      : capitalise(i.timescale)}
                  </strong>
                  {i.actBy ? ` (act by ${formatLong(i.actBy)})` : ""}: {i.owed ? "Owed to you — " : ""}
                  {i.title}.{" "}
                  <span class="meta">
                    Who: {i.owner}. “{i.sources[0]?.quote}”{" "}
                    <a href={`${props.baseUrl}${i.sources[0]?.url ?? ""}`}>
                      {props.baseUrl}
                      {i.sources[0]?.url}
                    </a>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      {d.silent.length ? (
        <section class="print-stage" aria-labelledby="print-silent">
          <h2 id="print-silent">Not said in this procedure</h2>
          <ul>
            {d.silent.map((t) => (
              <li>{t}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
