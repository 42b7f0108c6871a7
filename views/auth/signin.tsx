/** The sign-in page (GOV.UK "sign in" pattern): username and password, and the identity provider when there is one. */
import { CsrfField, type FieldError, TextField } from "../components.js";
import { ErrorSummary } from "../layout.js";

export interface SignInModel {
  csrf: string;
  next: string;
  username?: string;
  errors: FieldError[];
  /** A session ran out: say so above the form. */
  expired?: boolean;
  signedOut?: boolean;
  /** "Sign in with <label>" when an identity provider is configured. */
  oidcLabel?: string;
}

export function SignInPage(props: { m: SignInModel }) {
  const m = props.m;
  return (
    <>
      <ErrorSummary errors={m.errors} />
      {m.expired && !m.errors.length ? (
        <div class="banner" role="status">
          <p>
            <strong>You have been signed out</strong> because Pathway was not used for a while (or you signed out
            elsewhere). Nothing you saved has been lost. Sign in again to carry on.
          </p>
        </div>
      ) : null}
      {m.signedOut ? (
        <div class="banner" role="status">
          <p>
            <strong>You have signed out.</strong>
          </p>
        </div>
      ) : null}
      <h1>Sign in to Pathway</h1>
      {m.oidcLabel ? (
        <>
          {/* A link, not a form: the page's CSP allows forms to post only to Pathway, and this leaves for the provider. */}
          <p>
            <a class="button" role="button" href={`/signin/oidc?${new URLSearchParams({ next: m.next })}`}>
              Sign in with {m.oidcLabel}
            </a>
          </p>
          <p>Or sign in with a Pathway username and password.</p>
        </>
      ) : null}
      <form method="post" action="/signin" novalidate>
        <CsrfField token={m.csrf} />
        <input type="hidden" name="next" value={m.next} />
        <TextField id="username" label="Username" value={m.username} errors={m.errors} autocomplete="username" />
        <div class={`form-group${m.errors.some((e) => e.field === "password") ? " has-error" : ""}`}>
          <label for="password">Password</label>
          {m.errors.some((e) => e.field === "password") ? (
            <p class="error-message" id="password-error">
              <span class="visually-hidden">Error:</span> {m.errors.find((e) => e.field === "password")!.message}
            </p>
          ) : null}
          <input
            class="input-wfull"
            type="password"
            id="password"
            name="password"
            autocomplete="current-password"
            aria-describedby={m.errors.some((e) => e.field === "password") ? "password-error" : undefined}
            aria-invalid={m.errors.some((e) => e.field === "password") ? "true" : undefined}
          />
        </div>
        <button type="submit">Sign in</button>
      </form>
      <p class="hint">Forgotten your password, or no account yet? Ask a Pathway administrator in your organisation.</p>
    </>
  );
}

export function AccountPage(props: {
  name: string;
  username: string;
  role: string;
  team?: string;
  csrf: string;
  errors: FieldError[];
  saved?: boolean;
  hasPassword: boolean;
}) {
  return (
    <>
      <ErrorSummary errors={props.errors} />
      {props.saved ? (
        <div class="banner" role="status">
          <p>
            <strong>Your password has been changed.</strong> Other sessions of yours have been signed out.
          </p>
        </div>
      ) : null}
      <h1>Your account</h1>
      <dl class="summary">
        <dt>Name</dt>
        <dd>{props.name}</dd>
        <dt>Username</dt>
        <dd>{props.username}</dd>
        <dt>Role</dt>
        <dd>{props.role}</dd>
        <dt>Team</dt>
        <dd>{props.team ?? "None"}</dd>
      </dl>
      {props.hasPassword ? (
        <form method="post" action="/account/password" novalidate>
          <h2>Change your password</h2>
          <CsrfField token={props.csrf} />
          {(["current", "password"] as const).map((id) => {
            const error = props.errors.find((e) => e.field === id)?.message;
            return (
              <div class={`form-group${error ? " has-error" : ""}`}>
                <label for={id}>{id === "current" ? "Current password" : "New password"}</label>
                {id === "password" ? (
                  <p class="hint" id="password-hint">
                    At least 12 characters. Three random words make a good one.
                  </p>
                ) : null}
                {error ? (
                  <p class="error-message" id={`${id}-error`}>
                    <span class="visually-hidden">Error:</span> {error}
                  </p>
                ) : null}
                <input
                  class="input-wfull"
                  type="password"
                  id={id}
                  name={id}
                  autocomplete={id === "current" ? "current-password" : "new-password"}
                  aria-describedby={
                    [id === "password" ? "password-hint" : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") ||
                    undefined
                  }
                  aria-invalid={error ? "true" : undefined}
                />
              </div>
            );
          })}
          <button type="submit">Change password</button>
        </form>
      ) : (
        <p>You sign in through your organisation's account; your password is managed there.</p>
      )}
    </>
  );
}
