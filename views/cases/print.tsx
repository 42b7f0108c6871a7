import type { CaseRecord } from "../../server/store/schema.js";
import type { Plan } from "../../server/domain/types.js";
import { formatLong } from "../../server/domain/dates.js";
import { STATUS_LABELS } from "./labels.js";

export function PrintView(props: { c: CaseRecord; setName: string; plan: Plan; today: string; baseUrl: string }) {
  const open = props.plan.actions.filter((a) => a.status !== "done");
  return (
    <>
      <h1>{props.c.reference}: checklist</h1>
      <p>
        {props.setName}. Worked out on {formatLong(props.today)}. Check dates against the procedure before relying on
        them.
      </p>
      <table>
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
              <td>{STATUS_LABELS[a.status]}</td>
              <td>
                {a.due ? formatLong(a.due) : "—"}
                {a.dueTime ? ` ${a.dueTime}` : ""}
                {a.actBy ? ` (act by ${formatLong(a.actBy)})` : ""}
              </td>
              <td>
                {a.title}
                {a.child ? ` (${a.child})` : ""}
                <br />
                <span class="meta">{a.basis}</span>
              </td>
              <td>{a.owner}</td>
              <td class="meta">{a.sources.map((s) => `§${s.section}: “${s.quote}”`).join(" ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
