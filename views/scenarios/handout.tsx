/** The printable handout: the story step by step, what each step changed with the quoted paragraph, the answer at each pause. */
import { formatLong } from "../../server/domain/dates.js";
import type { HandoutView } from "../../server/scenarios/service.js";
import { scenarioUrl } from "../../server/scenarios/urls.js";
import { agencyLabel } from "../../server/domain/plan.js";
import { ANY_SET } from "../../server/scenarios/schema.js";
import { ChangeList, EntryLine, SetName, Source, when } from "./parts.js";

export function HandoutPage(props: { v: HandoutView }) {
  const { v } = props;
  const s = v.stored.scenario;
  return (
    <div class="scn-handout">
      <span class="caption no-print">
        <a href="/training">Training</a> · <a href={scenarioUrl(v.stored.id)}>About this scenario</a>
      </span>
      <h1>{s.title}</h1>
      <p class="lead">{s.summary}</p>
      <p>
        Worked out from the <SetName set={v.set} /> procedures by Pathway. Each date comes with how it was counted and
        the paragraph it comes from. Check dates against the current procedure before relying on them.
      </p>
      {s.set === ANY_SET ? (
        <nav class="scn-sets no-print" aria-label="Procedure set">
          <span>Handout for:</span>
          <ul>
            {v.sets.map((set) => (
              <li>
                <a
                  href={scenarioUrl(v.stored.id, "handout", { set: set.id })}
                  aria-current={set.id === v.set.id ? "true" : undefined}
                >
                  {set.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <p class="no-print meta">Use your browser’s Print command: navigation and buttons are left off paper.</p>
      <h2>The people</h2>
      <ul>
        {s.children.map((c) => (
          <li>
            {c.id}
            {c.unborn && c.expectedDeliveryDate ? `: unborn, expected ${formatLong(c.expectedDeliveryDate)}` : ""}
            {c.dateOfBirth ? `: born ${formatLong(c.dateOfBirth)}` : ""}
            {c.lookedAfter ? ", looked after" : ""}
          </li>
        ))}
        {s.facts.agencies ? (
          <li>Agencies involved: {s.facts.agencies.length ? s.facts.agencies.map(agencyLabel).join(", ") : "none"}</li>
        ) : null}
      </ul>
      <h2>The story, step by step</h2>
      <ol class="scn-handout-steps">
        {v.steps.map((st) => (
          <li class={st.entry.pause ? "scn-pause" : undefined}>
            <p>
              <EntryLine e={st.entry} labels={v.labels} />
            </p>
            {st.entry.pause ? (
              <div class="scn-handout-answer">
                <p>
                  <strong>What’s due on {formatLong(st.entry.bookedOn ?? st.entry.date)}:</strong>
                </p>
                {st.open?.length ? (
                  <ul>
                    {st.open.map((a) => (
                      <li>
                        <strong>{when(a)}</strong>: {a.title}
                        {a.child ? ` (${a.child})` : ""}
                        {a.status === "overdue" ? " — overdue" : ""}. <span class="meta">{a.basis}</span>
                        <Source a={a} set={v.set} />
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p>Nothing is due.</p>
                )}
                {st.entry.notes ? (
                  <p>
                    <em>Trainer’s notes:</em> {st.entry.notes}
                  </p>
                ) : null}
              </div>
            ) : st.changes.length ? (
              <ChangeList changes={st.changes} set={v.set} quotes />
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
