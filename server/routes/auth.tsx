/**
 * Signing in and out: /signin (username and password, or the identity provider), /signout, /account (change your
 * password), and the same for API clients: POST /api/session, GET /api/session, DELETE /api/session.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { Auth } from "../auth/service.js";
import { SESSION_COOKIE } from "../auth/service.js";
import { type OidcSignIn, OIDC_COOKIE, OidcError } from "../auth/oidc.js";
import { accountOf, viewerOf } from "../auth/middleware.js";
import { checkPassword, passwordProblem } from "../auth/passwords.js";
import { ROLE_LABELS } from "../store/accounts.js";
import { csrfToken } from "../http/csrf.js";
import { HttpError } from "../http/errors.js";
import { readForm } from "../http/request.js";
import { readJson } from "../http/body.js";
import { respond } from "../http/respond.js";
import { parseInput } from "../domain/input.js";
import { str } from "../cases/forms.js";
import { AccountPage, SignInPage, type SignInModel } from "../../views/auth/signin.js";
import type { FieldError } from "../../views/components.js";

/** A page to go back to after signing in: a path on this site only (never `//host` or a full address). */
export function safeNext(raw: string | undefined): string {
  // One path on this site: no scheme, no host (`//`, `/\\`), and nothing a browser strips or rewrites (tabs, line
  // breaks, spaces, backslashes), so `/\t/evil.example` cannot become `//evil.example`.
  if (!raw || raw.length > 500 || !/^\/(?![/\\])[\x21-\x7e]*$/.test(raw) || raw.includes("\\")) return "/";
  if (raw.startsWith("/signin") || raw.startsWith("/signout")) return "/";
  return raw;
}

const WRONG = "Enter a username and password that match. After 10 wrong tries the account is locked for 15 minutes";

export function authRoutes(auth: Auth, oidc?: OidcSignIn) {
  const app = new Hono();
  const cookie = (c: Context, token: string) =>
    setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure: auth.secureCookies, path: "/" });

  const page = (c: Context, m: Partial<SignInModel>, status: 200 | 400 | 401 | 403 | 429 | 502 = 200) =>
    respond(c, {
      title: m.errors?.length ? "Error: Sign in" : "Sign in",
      status,
      body: () => (
        <SignInPage
          m={{
            csrf: csrfToken(c),
            next: safeNext(c.req.query("next")),
            errors: [],
            oidcLabel: oidc?.settings.label,
            ...m,
          }}
        />
      ),
    });

  app.get("/signin", async (c) => {
    const v = viewerOf(c);
    if (v.kind !== "anonymous") return c.redirect(safeNext(c.req.query("next")), 303);
    return page(c, { expired: c.req.query("expired") === "1", signedOut: c.req.query("signedout") === "1" });
  });

  app.post("/signin", async (c) => {
    if (viewerOf(c).kind === "single") return c.redirect("/", 303);
    const f = await readForm(c);
    const username = str(f, "username").trim();
    const password = typeof f.password === "string" ? f.password : "";
    const next = safeNext(str(f, "next"));
    const errors: FieldError[] = [];
    if (!username) errors.push({ field: "username", message: "Enter your username" });
    if (!password) errors.push({ field: "password", message: "Enter your password" });
    if (errors.length) return page(c, { username, next, errors }, 400);
    const r = await auth.signIn(username, password);
    if (!r.ok) {
      const message =
        r.reason === "locked"
          ? "This account is locked for 15 minutes after 10 wrong passwords. Try again later, or ask an administrator"
          : r.reason === "disabled"
            ? "This account is disabled. Ask a Pathway administrator"
            : WRONG;
      return page(c, { username, next, errors: [{ field: "username", message }] }, r.reason === "locked" ? 429 : 401);
    }
    cookie(c, r.token);
    return c.redirect(next, 303);
  });

  app.post("/signout", async (c) => {
    const v = viewerOf(c);
    if (v.kind === "user") await auth.signOut(v.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/signin?signedout=1", 303);
  });

  if (oidc) {
    // A GET (a link): the sign-in page's CSP keeps forms on Pathway. What comes back is bound to this browser by the
    // cookie set here and checked against state, nonce and PKCE.
    app.get("/signin/oidc", async (c) => {
      const next = safeNext(c.req.query("next"));
      try {
        const { url, id } = await oidc.start(next);
        setCookie(c, OIDC_COOKIE, id, {
          httpOnly: true,
          sameSite: "Lax",
          secure: auth.secureCookies,
          path: "/signin/oidc",
          maxAge: 600,
        });
        return c.redirect(url, 303);
      } catch (e) {
        if (!(e instanceof OidcError)) throw e;
        return page(c, { next, errors: [{ message: e.message } as FieldError] }, 502);
      }
    });

    app.get("/signin/oidc/callback", async (c) => {
      const id = getCookie(c, OIDC_COOKIE);
      deleteCookie(c, OIDC_COOKIE, { path: "/signin/oidc" });
      try {
        const { account, next } = await oidc.finish(id, new URL(c.req.url).search, auth.stores.accounts);
        cookie(c, await auth.startSession(account, "oidc"));
        return c.redirect(next, 303);
      } catch (e) {
        if (!(e instanceof OidcError)) throw e;
        return page(c, { errors: [{ message: e.message } as FieldError] }, 403);
      }
    });
  }

  // The account page: who you are, and changing your password.
  const accountPage = (c: Context, errors: FieldError[] = [], saved = false) => {
    const a = accountOf(c);
    if (!a) throw new HttpError(404, "not_found", "There are no accounts: Pathway is in single-user mode.");
    return auth.stores.teams.get(a.team ?? "").then((team) =>
      respond(c, {
        title: errors.length ? "Error: Your account" : "Your account",
        status: errors.length ? 400 : 200,
        body: () => (
          <AccountPage
            name={a.name}
            username={a.username}
            role={ROLE_LABELS[a.role]}
            team={team?.name}
            csrf={csrfToken(c)}
            errors={errors}
            saved={saved}
            hasPassword={!!a.passwordHash}
          />
        ),
      }),
    );
  };
  app.get("/account", (c) => accountPage(c, [], c.req.query("saved") === "1"));
  app.post("/account/password", async (c) => {
    const v = viewerOf(c);
    if (v.kind !== "user" || !v.account.passwordHash) return accountPage(c);
    const f = await readForm(c);
    const current = typeof f.current === "string" ? f.current : "";
    const password = typeof f.password === "string" ? f.password : "";
    if (!(await checkPassword(current, v.account.passwordHash, auth.hashCost)))
      return accountPage(c, [{ field: "current", message: "Enter your current password correctly" }]);
    const problem = passwordProblem(password, v.account.username);
    if (problem) return accountPage(c, [{ field: "password", message: problem }]);
    await auth.stores.accounts.update(v.account.id, { passwordHash: await auth.hash(password) });
    await auth.stores.sessions.removeForUser(v.account.id);
    cookie(c, await auth.startSession(v.account, "password"));
    return c.redirect("/account?saved=1", 303);
  });

  // The same for API clients: a session cookie, and the CSRF token for forms.
  const Credentials = z.object({ username: z.string().max(200), password: z.string().max(200) }).strict();
  const me = (c: Context) => {
    const v = viewerOf(c);
    if (v.kind === "single") return { mode: "single-user" };
    if (v.kind !== "user") return undefined;
    const a = v.account;
    return { user: { id: a.id, username: a.username, name: a.name, role: a.role, team: a.team ?? null }, csrf: v.csrf };
  };
  app.get("/api/session", (c) => {
    const body = me(c);
    if (!body) return c.json({ error: { code: "unauthorized", message: "Not signed in." } }, 401);
    return c.json(body);
  });
  app.post("/api/session", async (c) => {
    if (viewerOf(c).kind === "single")
      return c.json({ error: { code: "conflict", message: "There are no accounts: nothing to sign in to." } }, 409);
    const { username, password } = parseInput(Credentials, await readJson(c));
    const r = await auth.signIn(username, password);
    if (!r.ok)
      return c.json(
        {
          error: {
            code: r.reason === "locked" ? "rate_limited" : "unauthorized",
            message: r.reason === "locked" ? "Locked for 15 minutes after 10 wrong passwords." : `${WRONG}.`,
          },
        },
        r.reason === "locked" ? 429 : 401,
      );
    cookie(c, r.token);
    const v = await auth.viewerFor(r.token);
    c.set("viewer" as never, v as never);
    return c.json(me(c)!, 201);
  });
  app.delete("/api/session", async (c) => {
    const v = viewerOf(c);
    if (v.kind === "user") await auth.signOut(v.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  return app;
}
