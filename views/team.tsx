/** The team's workload (team managers): who owns what is overdue, and each case's owners. */
import type { Account, Team } from "../server/store/accounts.js";
import type { Action } from "../server/domain/types.js";
import type { WorkloadItem } from "../server/cases/owners.js";
import { formatLong } from "../server/domain/dates.js";
import { CsrfField, type FieldError } from "./components.js";
import { ErrorSummary } from "./layout.js";

export function WorkloadPage(props: {
  teams: Team[];
  team?: Team;
  chooseTeam: boolean;
  people: Map<string, Account>;
  byOwner: Map<string, WorkloadItem[]>;
  members: Account[];
}) {
  const owners = [...props.byOwner.keys()].sort((a, b) =>
    (props.people.get(a)?.name ?? "~").localeCompare(props.people.get(b)?.name ?? "~"),
  );
  const total = [...props.byOwner.values()].reduce((n, x) => n + x.length, 0);
  return (
    <>
      <h1>{props.team ? `${props.team.name}: workload` : "Workload"}</h1>
      {props.chooseTeam ? (
        <form method="get" action="/team" class="button-row">
          <label for="team">Team</label>
          <select id="team" name="team">
            <option value="">Every team</option>
            {props.teams.map((t) => (
              <option value={t.id} selected={props.team?.id === t.id}>
                {t.name}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            Show
          </button>
        </form>
      ) : null}
      <p>
        {total
          ? `${total} overdue action${total === 1 ? "" : "s"}, by who owns them (an action's owner is the person it is assigned to, else the case's owner).`
          : "Nothing is overdue."}
      </p>
      <table>
        <caption class="visually-hidden">Overdue actions by person</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Overdue</th>
          </tr>
        </thead>
        <tbody>
          {props.members.map((m) => (
            <tr>
              <td>
                <a href={`#p-${m.id}`}>{m.name}</a>
              </td>
              <td>{props.byOwner.get(m.id)?.length ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {owners.map((id) => (
        <section aria-labelledby={`p-${id || "nobody"}`}>
          <h2 id={`p-${id || "nobody"}`}>
            {id ? (props.people.get(id)?.name ?? "A former account") : "Nobody (no owner)"}
          </h2>
          <ul>
            {props.byOwner.get(id)!.map((w) => (
              <li>
                <a href={`/cases/${w.caseId}`}>{w.reference}</a>: {w.action.title}
                {w.action.child ? ` (${w.action.child})` : ""} — was due {w.action.due ? formatLong(w.action.due) : ""}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function OwnersPage(props: {
  caseId: string;
  reference: string;
  owner?: string;
  assigned: Record<string, string>;
  members: Account[];
  actions: Action[];
  csrf: string;
  errors: FieldError[];
}) {
  const choose = (name: string, value: string | undefined, label: string, blank?: string) => (
    <div class="form-group">
      <label for={name}>{label}</label>
      <select id={name} name={name}>
        {blank !== undefined ? <option value="">{blank}</option> : null}
        {props.members.map((m) => (
          <option value={m.id} selected={value === m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <p>
        <a href={`/cases/${props.caseId}`}>Back to {props.reference}</a>
      </p>
      <ErrorSummary errors={props.errors} />
      <h1>Who owns {props.reference}</h1>
      <form method="post" action={`/cases/${props.caseId}/owners`}>
        <CsrfField token={props.csrf} />
        {choose("owner", props.owner, "Case owner: every action is theirs unless given to someone else below")}
        {props.actions.length ? <h2>Actions</h2> : null}
        {props.actions.map((a, i) =>
          choose(
            `a${i}`,
            props.assigned[a.id],
            `${a.title}${a.child ? ` (${a.child})` : ""}${a.due ? `, due ${formatLong(a.due)}` : ""}`,
            "The case owner",
          ),
        )}
        {props.actions.map((a, i) => (
          <input type="hidden" name={`id${i}`} value={a.id} />
        ))}
        <button type="submit">Save owners</button>
      </form>
    </>
  );
}
