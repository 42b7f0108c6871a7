/** Administration: accounts and teams (GOV.UK patterns: a summary table, simple forms, an error summary). */
import type { Account, Team } from "../../server/store/accounts.js";
import { ROLE_LABELS, ROLES } from "../../server/store/accounts.js";
import { CsrfField, type FieldError, Radios, TextField } from "../components.js";
import { ErrorSummary } from "../layout.js";

const when = (iso?: string) =>
  iso
    ? new Intl.DateTimeFormat("en-GB", {
        timeZone: "Europe/London",
        day: "numeric",
        month: "short",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
      }).format(new Date(iso))
    : "Never";

export function AdminPage(props: {
  accounts: Account[];
  teams: Team[];
  csrf: string;
  errors: FieldError[];
  teamName?: string;
  notice?: string;
}) {
  const teamName = (id?: string) => props.teams.find((t) => t.id === id)?.name ?? "None";
  return (
    <>
      <ErrorSummary errors={props.errors} />
      {props.notice ? (
        <div class="banner" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      <h1>Accounts and teams</h1>
      <p class="button-row">
        <a class="button" href="/admin/accounts/new">
          Add an account
        </a>
        <a class="button secondary" href="/admin/audit.jsonl" download>
          Export the audit trail (every case)
        </a>
      </p>
      <h2>Accounts</h2>
      <table class="stack">
        <caption class="visually-hidden">Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Team</th>
            <th scope="col">Last signed in</th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr>
              <td>
                <a href={`/admin/accounts/${a.id}`}>{a.name}</a>
                {a.disabled ? <strong class="tag"> Disabled</strong> : null}
              </td>
              <td>{a.username}</td>
              <td>{ROLE_LABELS[a.role]}</td>
              <td>{teamName(a.team)}</td>
              <td>{when(a.lastSignIn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Teams</h2>
      {props.teams.length ? (
        <ul>
          {props.teams.map((t) => (
            <li>
              {t.name}
              {t.disabled ? <strong class="tag"> Disabled</strong> : null} (
              {props.accounts.filter((a) => a.team === t.id && !a.disabled).length} active accounts){" "}
              <details>
                <summary>
                  Rename or disable<span class="visually-hidden"> {t.name}</span>
                </summary>
                <form method="post" action={`/admin/teams/${t.id}`} novalidate>
                  <CsrfField token={props.csrf} />
                  <TextField id={`team-${t.id}`} name="teamName" label="Team name" value={t.name} width="20" />
                  <div class="checkbox">
                    <input
                      type="checkbox"
                      id={`team-${t.id}-disabled`}
                      name="disabled"
                      value="yes"
                      checked={t.disabled}
                    />
                    <label for={`team-${t.id}-disabled`}>
                      Disabled: not offered for new accounts (its accounts and cases stay as they are)
                    </label>
                  </div>
                  <button type="submit" class="secondary">
                    Save team
                  </button>
                </form>
              </details>
            </li>
          ))}
        </ul>
      ) : (
        <p>No teams yet. Cases belong to a team: add one before adding practitioners.</p>
      )}
      <form method="post" action="/admin/teams" novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          id="teamName"
          label="Add a team"
          hint="For example, Bolton Duty and Assessment"
          value={props.teamName}
          errors={props.errors}
          width="20"
        />
        <button type="submit" class="secondary">
          Add team
        </button>
      </form>
    </>
  );
}

export interface AccountFormValues {
  name?: string;
  username?: string;
  role?: string;
  team?: string;
  disabled?: boolean;
}

export function AccountForm(props: {
  account?: Account;
  teams: Team[];
  values: AccountFormValues;
  errors: FieldError[];
  csrf: string;
  oidc: boolean;
}) {
  const a = props.account;
  const v = props.values;
  const editing = !!a;
  return (
    <>
      <p>
        <a href="/admin">Back to accounts and teams</a>
      </p>
      <ErrorSummary errors={props.errors} />
      <h1>{editing ? `Change ${a.name}` : "Add an account"}</h1>
      <form method="post" action={editing ? `/admin/accounts/${a.id}` : "/admin/accounts"} novalidate>
        <CsrfField token={props.csrf} />
        <TextField
          id="name"
          label="Name"
          hint="As colleagues know them. The audit trail records changes by this name, so it must be unique."
          value={v.name}
          errors={props.errors}
          autocomplete="off"
        />
        {editing ? (
          <p>
            Username: <strong>{a.username}</strong>
          </p>
        ) : (
          <TextField
            id="username"
            label="Username"
            hint={
              props.oidc
                ? "Their work email address: it is matched to the identity provider's account the first time they sign in with it."
                : "Their work email address, or a short name. Lower case."
            }
            value={v.username}
            errors={props.errors}
          />
        )}
        <Radios
          name="role"
          legend="Role"
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], hint: ROLE_HINTS[r] }))}
          value={v.role}
          errors={props.errors}
        />
        <div class={`form-group${props.errors.some((e) => e.field === "team") ? " has-error" : ""}`}>
          <label for="team">Team</label>
          <p class="hint" id="team-hint">
            Practitioners and team managers see their team's cases only.
          </p>
          {props.errors.some((e) => e.field === "team") ? (
            <p class="error-message" id="team-error">
              <span class="visually-hidden">Error:</span> {props.errors.find((e) => e.field === "team")!.message}
            </p>
          ) : null}
          <select id="team" name="team" aria-describedby="team-hint">
            <option value="">None</option>
            {props.teams
              .filter((t) => !t.disabled)
              .map((t) => (
                <option value={t.id} selected={v.team === t.id}>
                  {t.name}
                </option>
              ))}
          </select>
        </div>
        <div class={`form-group${props.errors.some((e) => e.field === "password") ? " has-error" : ""}`}>
          <label for="password">{editing ? "Set a new password (optional)" : "Password"}</label>
          <p class="hint" id="password-hint">
            At least 12 characters; give it to them privately. They can change it on their account page.
            {props.oidc ? " Leave empty for someone who signs in only through the identity provider." : ""}
          </p>
          {props.errors.some((e) => e.field === "password") ? (
            <p class="error-message" id="password-error">
              <span class="visually-hidden">Error:</span> {props.errors.find((e) => e.field === "password")!.message}
            </p>
          ) : null}
          <input
            class="input-w20"
            type="password"
            id="password"
            name="password"
            autocomplete="new-password"
            aria-describedby="password-hint"
          />
        </div>
        {editing ? (
          <div class="checkbox">
            <input type="checkbox" id="disabled" name="disabled" value="yes" checked={v.disabled} />
            <label for="disabled">Disabled: cannot sign in (their name stays in the audit trail)</label>
          </div>
        ) : null}
        <p>
          <button type="submit">{editing ? "Save changes" : "Add account"}</button>
        </p>
      </form>
    </>
  );
}

const ROLE_HINTS: Record<string, string> = {
  practitioner: "works on their team's cases",
  manager: "their team's cases, and the team's workload",
  agency: "a partner agency: guidance, duties, scenarios and the assistant; never case records",
  trainer: "guidance, duties, scenarios and the assistant; never case records",
  administrator: "accounts and teams, every team's cases, the audit export",
};
