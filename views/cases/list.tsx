import type { CaseListing } from "../../server/cases/list.js";
import type { ProcedureSet } from "../../server/guidance/model.js";
import { dueWords, overdueBy } from "../plain.js";
import { AttentionCell } from "./attention.js";

const label = (text: string) => (
  <span class="cell-label" aria-hidden="true">
    {text}
  </span>
);

export function CaseList(props: CaseListing & { sets: ProcedureSet[]; today: string }) {
  const closedView = props.filter.show === "closed";
  const setName = (id: string) => props.sets.find((s) => s.id === id)?.name ?? id;
  const pageLink = (n: number) =>
    `/cases?${new URLSearchParams({ ...props.filter, sort: props.sort, page: String(n) }).toString()}`;
  return (
    <>
      <div class="button-row">
        <h1 class="grow">{closedView ? "Closed cases" : "Cases"}</h1>
        <a class="button" href="/cases/new">
          Create a case
        </a>
      </div>
      <form
        method="get"
        action="/cases"
        class="no-print"
        hx-get="/cases"
        hx-target="#case-rows"
        hx-select="#case-rows"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="change, submit"
      >
        <div class="counts">
          <div class="form-group">
            <label for="q">Reference contains</label>
            <input type="search" id="q" name="q" value={props.filter.q} class="input-w20" />
          </div>
          <div class="form-group">
            <label for="set">Procedure set</label>
            <select id="set" name="set">
              <option value="">All</option>
              {props.sets.map((s) => (
                <option value={s.id} selected={props.filter.set === s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div class="form-group">
            <label for="show">Show</label>
            <select id="show" name="show">
              <option value="" selected={!props.filter.show}>
                All open cases
              </option>
              <option value="overdue" selected={props.filter.show === "overdue"}>
                With overdue actions
              </option>
              <option value="week" selected={props.filter.show === "week"}>
                With actions due this week
              </option>
              <option value="closed" selected={closedView}>
                Closed cases
              </option>
            </select>
          </div>
          <div class="form-group">
            <label for="sort">Sort by</label>
            <select id="sort" name="sort">
              <option value="next" selected={props.sort === "next"}>
                Next due date
              </option>
              <option value="overdue" selected={props.sort === "overdue"}>
                Most overdue actions
              </option>
              <option value="reference" selected={props.sort === "reference"}>
                Reference
              </option>
              <option value="updated" selected={props.sort === "updated"}>
                Recently changed
              </option>
            </select>
          </div>
        </div>
        <button type="submit" class="secondary">
          Apply
        </button>
      </form>
      <div id="case-rows">
        {props.rows.length === 0 ? (
          <p>
            No cases match. <a href="/cases/new">Create a case</a> or <a href="/cases">clear the filters</a>.
          </p>
        ) : (
          <table class="stack">
            <caption class="visually-hidden">{closedView ? "Closed cases" : "Cases and their next actions"}</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Procedure set</th>
                <th scope="col">Next action</th>
                <th scope="col">Overdue</th>
                <th scope="col">Due this week</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map(({ c, s }) => (
                <tr>
                  <td class="case-reference">
                    <a href={`/cases/${c.id}`}>{c.reference}</a>
                  </td>
                  <td>
                    {label("Procedure set")}
                    {setName(c.procedures)}
                  </td>
                  <td>
                    {label("Next action")}
                    {s.attention ? (
                      <AttentionCell c={c} problems={s.attention} />
                    ) : closedView ? (
                      <span class="meta">Closed</span>
                    ) : s.next ? (
                      <>
                        {s.next.title}
                        {s.next.child && !s.next.title.includes(s.next.child) ? ` (${s.next.child})` : ""}
                        <br />
                        {s.next.status === "overdue" ? (
                          <>
                            <span class="status status-overdue">{overdueBy(s.next.due!, props.today)}</span>{" "}
                            <span class="meta">was due {dueWords(s.next)}</span>
                          </>
                        ) : (
                          <span class="meta">{dueWords(s.next)}</span>
                        )}
                      </>
                    ) : (
                      <span class="meta">Nothing dated yet</span>
                    )}
                  </td>
                  <td>
                    {label("Overdue")}
                    {s.overdue ? <span class="status status-overdue">{s.overdue}</span> : "0"}
                  </td>
                  <td>
                    {label("Due this week")}
                    {s.dueThisWeek}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {props.pages > 1 ? (
          <nav aria-label="Pages of cases" class="button-row">
            <span>
              Page {props.page} of {props.pages} ({props.total} cases)
            </span>
            {props.page > 1 ? <a href={pageLink(props.page - 1)}>Previous page</a> : null}
            {props.page < props.pages ? <a href={pageLink(props.page + 1)}>Next page</a> : null}
          </nav>
        ) : null}
        {closedView ? (
          <p>
            <a href="/cases">Back to the open cases</a>
          </p>
        ) : (
          <>
            <p>
              <a href="/cases/calendar.ics">Download all open cases’ due dates (.ics, for Outlook)</a>
            </p>
            {props.closed ? (
              <p>
                <a href="/cases?show=closed">Closed cases ({props.closed})</a>
              </p>
            ) : null}
          </>
        )}
      </div>
    </>
  );
}
