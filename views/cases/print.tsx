import { formatLong } from "../../server/domain/dates.js";
import { dueWords, sentence, statusText } from "../plain.js";
import type { CasePageModel } from "./page.js";

/** The checklist on paper (and on a phone: each row stacks as a card below 40rem). */
export function PrintView(props: { m: CasePageModel; today: string; baseUrl: string }) {
  const { m } = props;
  const open = m.plan.actions.filter((a) => a.status !== "done");
  const label = (text: string) => (
    <span class="cell-label" aria-hidden="true">
      {text}
    </span>
  );
  return (
    <>
      <h1>{m.c.reference}: checklist</h1>
      <p>
        {m.set.name}, {m.versionText}. Worked out on {formatLong(props.today)}. Check dates against the procedure before
        relying on them.
        {m.c.closed ? " This case is closed." : ""}
      </p>
      <table class="stack">
        <caption class="visually-hidden">Open actions, overdue first</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Due</th>
            <th scope="col">Action</th>
            <th scope="col">Who</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {open.map((a) => (
            <tr>
              <td>
                {label("Status")}
                {statusText(a, props.today)}
              </td>
              <td>
                {label("Due")}
                {a.due ? dueWords(a) : (m.timescale(a) ?? "—")}
                {a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}
              </td>
              <td>
                {label("Action")}
                {a.title}
                {a.child && !a.title.includes(a.child) ? ` (${a.child})` : ""}
                {a.status === "waiting" ? null : (
                  <>
                    <br />
                    <span class="meta">{sentence(a.basis)}</span>
                  </>
                )}
              </td>
              <td>
                {label("Who")}
                {a.owner}
              </td>
              <td class="meta">
                {label("Source")}
                {a.sources.map((s) => `${m.cite(s)}: “${s.quote}”`).join(" ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
