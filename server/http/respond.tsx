/**
 * The one place that decides what a page route returns: htmx asks for a fragment (HX-Request, not boosted)
 * and gets only the part it swaps; everyone else gets the whole page.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Child } from "hono/jsx";
import { Layout, type SignedIn } from "../../views/layout.js";
import { maySeeCases, maySeeWorkload, mayManageAccounts, mayReviewQuestions, type Viewer } from "../auth/roles.js";

/** The header's account bar: who is signed in and what the navigation offers them. */
function signedIn(c: Context): SignedIn | undefined {
  const v = c.get("viewer" as never) as Viewer | undefined;
  if (v?.kind !== "user") return undefined;
  return {
    name: v.account.name,
    csrf: v.csrf,
    cases: maySeeCases(v),
    workload: maySeeWorkload(v),
    admin: mayManageAccounts(v),
    review: mayReviewQuestions(v),
  };
}

export const wantsFragment = (c: Context) =>
  c.req.header("HX-Request") === "true" && c.req.header("HX-Boosted") !== "true";

/**
 * An error answering an htmx request takes the place of the page's main content (#error-page in #main), not
 * of the part the request meant to swap: that part's hx-select would find nothing in it and leave a blank.
 */
export function errorInPlaceOfMain(c: Context) {
  if (!wantsFragment(c)) return;
  c.header("HX-Retarget", "#main");
  c.header("HX-Reswap", "innerHTML");
  c.header("HX-Reselect", "#error-page");
}

export interface PageParts {
  title: string;
  /** The whole main content for a full page. */
  body: () => Child;
  /** What htmx swaps in; defaults to the body. */
  fragment?: () => Child;
  status?: ContentfulStatusCode;
  nav?: string;
  /** Skip links besides "Skip to main content", such as a long page's main form. */
  skipLinks?: { href: string; label: string }[];
  /** Wider than the reading measure (the compare table). */
  wide?: boolean;
}

export function respond(c: Context, parts: PageParts) {
  const status = parts.status ?? 200;
  if (wantsFragment(c)) return c.html(<>{(parts.fragment ?? parts.body)()}</>, status);
  return c.html(
    <Layout title={parts.title} nav={parts.nav} skipLinks={parts.skipLinks} wide={parts.wide} user={signedIn(c)}>
      {parts.body()}
    </Layout>,
    status,
  );
}
