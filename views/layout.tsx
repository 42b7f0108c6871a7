import type { Child } from "hono/jsx";
import { assetUrl } from "../server/http/assets.js";

const NAV = [
  { id: "cases", href: "/cases", label: "Cases" },
  { id: "chat", href: "/chat", label: "Ask" },
  { id: "guidance", href: "/guidance", label: "Guidance" },
  { id: "search", href: "/search", label: "Search" },
  { id: "compare", href: "/compare", label: "Compare" },
  { id: "duties", href: "/duties", label: "Agency duties" },
  { id: "training", href: "/training", label: "Training" },
  { id: "glossary", href: "/glossary", label: "Glossary" },
];

/** htmx 2 does not swap 4xx responses by default; our 4xx fragments carry the error message the user must see. */
export const HTMX_CONFIG = JSON.stringify({
  responseHandling: [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "4..", swap: true, error: false },
    { code: "...", swap: false, error: true },
  ],
  includeIndicatorStyles: false,
});

/** Who is signed in, as the header shows them (absent in single-user mode and on the sign-in page). */
export interface SignedIn {
  name: string;
  csrf: string;
  /** Case records are shown (practitioners, managers, administrators). */
  cases: boolean;
  /** The team's workload (managers, administrators). */
  workload: boolean;
  /** Accounts and teams (administrators). */
  admin: boolean;
  /** Questions to review (managers, administrators). */
  review: boolean;
}

export function Layout(props: {
  title: string;
  nav?: string;
  skipLinks?: { href: string; label: string }[];
  wide?: boolean;
  user?: SignedIn;
  children?: Child;
}) {
  const u = props.user;
  const nav = [
    ...NAV.filter((n) => n.id !== "cases" || !u || u.cases),
    ...(u?.workload ? [{ id: "team", href: "/team", label: "Workload" }] : []),
    ...(u?.admin ? [{ id: "admin", href: "/admin", label: "Accounts" }] : []),
  ];
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} – Pathway`}</title>
        <link rel="stylesheet" href={assetUrl("app.css")} />
        <script src={assetUrl("htmx.min.js")} defer></script>
        <script src={assetUrl("app.js")} defer></script>
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        {(props.skipLinks ?? []).map((l) => (
          <a class="skip-link" href={l.href}>
            {l.label}
          </a>
        ))}
        <header class="site-header">
          <div class="container">
            <a class="brand" href="/">
              Pathway
            </a>
            <nav aria-label="Main">
              <ul>
                {nav.map((n) => (
                  <li>
                    <a href={n.href} aria-current={props.nav === n.id ? "page" : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {u ? (
              <div class="account-bar">
                <a href="/account">{u.name}</a>
                <form method="post" action="/signout" class="inline-form">
                  <input type="hidden" name="_csrf" value={u.csrf} />
                  <button type="submit" class="link-button">
                    Sign out
                  </button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" class={props.wide ? "container wide" : "container"} tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="container">
            <p>
              Pathway shows local child protection procedures as written. Check the date and version of any procedure
              you rely on.
            </p>
            {u && !u.review ? null : (
              <p>
                <a href="/feedback">Questions to review</a> (for the procedures lead)
              </p>
            )}
          </div>
        </footer>
      </body>
    </html>
  );
}

export function ErrorSummary(props: { errors: { field?: string; message: string }[]; autofocus?: boolean }) {
  if (!props.errors.length) return null;
  return (
    // autofocus: the summary takes focus after a full page load (a form posted without JavaScript) as well as
    // after an htmx swap (app.js).
    <div
      class="error-summary"
      role="alert"
      tabindex={-1}
      aria-labelledby="error-summary-title"
      autofocus={props.autofocus ?? true}
    >
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {props.errors.map((e) => (
          <li>{e.field ? <a href={`#${e.field}`}>{e.message}</a> : e.message}</li>
        ))}
      </ul>
    </div>
  );
}

export function ReviewWarning(props: { reviewDue: string; formatted: string }) {
  return (
    <div class="warning" role="note">
      <strong>Past its review date.</strong> This version was due for review on {props.formatted}. Check with your
      safeguarding partnership that it is still current.
    </div>
  );
}
