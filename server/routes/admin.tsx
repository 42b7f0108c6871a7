/**
 * Administration (administrators only; 403 for anyone else): accounts and teams, and the audit trail of every
 * case as JSON lines. The first administrator is made with `npm run user:add` (server/tools/user-add.ts).
 */
import { type Context, Hono } from "hono";
import type { AppContext } from "../app-context.js";
import type { Auth } from "../auth/service.js";
import { accountOf, viewerOf } from "../auth/middleware.js";
import { mayManageAccounts } from "../auth/roles.js";
import { passwordProblem } from "../auth/passwords.js";
import { Conflict } from "../domain/errors.js";
import { type Account, ROLES, type Role, USERNAME } from "../store/accounts.js";
import { csrfToken } from "../http/csrf.js";
import { HttpError } from "../http/errors.js";
import { readForm } from "../http/request.js";
import { respond } from "../http/respond.js";
import { str } from "../cases/forms.js";
import { auditLines } from "../cases/audit.js";
import { AccountForm, type AccountFormValues, AdminPage } from "../../views/admin/accounts.js";
import type { FieldError } from "../../views/components.js";

export function adminRoutes(ctx: AppContext, auth: Auth, opts: { oidc: boolean }) {
  const app = new Hono();
  const { accounts, teams, sessions } = auth.stores;

  app.use("/admin/*", async (c, next) => {
    const v = viewerOf(c);
    if (v.kind === "single")
      throw new HttpError(
        403,
        "forbidden",
        "Pathway has no accounts yet. Create the first administrator on the computer it runs on: npm run user:add -- --admin (see the README, Signing in and roles).",
      );
    if (!mayManageAccounts(v))
      throw new HttpError(403, "forbidden", "Accounts and teams are managed by administrators.");
    return next();
  });
  app.use("/admin", async (c, next) => {
    if (!mayManageAccounts(viewerOf(c)))
      throw new HttpError(403, "forbidden", "Accounts and teams are managed by administrators.");
    return next();
  });

  const overview = async (c: Context, errors: FieldError[] = [], teamName?: string, status: 200 | 400 = 200) => {
    const notice = {
      added: "The account has been added.",
      saved: "The changes have been saved.",
      team: "The team has been added.",
    }[c.req.query("done") ?? ""];
    const [all, ts] = await Promise.all([accounts.list(), teams.list()]);
    all.sort((a, b) => a.name.localeCompare(b.name));
    return respond(c, {
      title: `${errors.length ? "Error: " : ""}Accounts and teams`,
      nav: "admin",
      status,
      body: () => (
        <AdminPage accounts={all} teams={ts} csrf={csrfToken(c)} errors={errors} teamName={teamName} notice={notice} />
      ),
    });
  };

  app.get("/admin", (c) => overview(c));

  app.post("/admin/teams", async (c) => {
    const name = str(await readForm(c), "teamName").trim();
    if (!name || name.length > 60)
      return overview(c, [{ field: "teamName", message: "Enter a team name of 60 characters or fewer" }], name, 400);
    try {
      await teams.create(name);
    } catch (e) {
      if (e instanceof Conflict) return overview(c, [{ field: "teamName", message: e.message }], name, 400);
      throw e;
    }
    return c.redirect("/admin?done=team", 303);
  });

  app.post("/admin/teams/:id", async (c) => {
    const f = await readForm(c);
    const name = str(f, "teamName").trim();
    if (!name || name.length > 60)
      return overview(c, [{ field: "teamName", message: "Enter a team name of 60 characters or fewer" }], name, 400);
    try {
      await teams.update(c.req.param("id"), { name, disabled: str(f, "disabled") === "yes" });
    } catch (e) {
      if (e instanceof Conflict) return overview(c, [{ field: "teamName", message: e.message }], name, 400);
      throw e;
    }
    auth.forgetPeople();
    return c.redirect("/admin?done=saved", 303);
  });

  const form = async (c: Context, account: Account | undefined, values: AccountFormValues, errors: FieldError[]) => {
    const ts = await teams.list();
    return respond(c, {
      title: `${errors.length ? "Error: " : ""}${account ? `Change ${account.name}` : "Add an account"}`,
      nav: "admin",
      status: errors.length ? 400 : 200,
      body: () => (
        <AccountForm
          account={account}
          teams={ts}
          values={values}
          errors={errors}
          csrf={csrfToken(c)}
          oidc={opts.oidc}
        />
      ),
    });
  };

  /** What the form says, checked; `errors` name the fields. */
  async function read(c: Context, editing?: Account) {
    const f = await readForm(c);
    const values: AccountFormValues = {
      name: str(f, "name").trim(),
      username: editing ? editing.username : str(f, "username").trim().toLowerCase(),
      role: str(f, "role"),
      team: str(f, "team"),
      disabled: str(f, "disabled") === "yes",
    };
    const password = typeof f.password === "string" ? f.password : "";
    const errors: FieldError[] = [];
    if (!values.name || values.name.length > 60)
      errors.push({ field: "name", message: "Enter their name, 60 characters or fewer" });
    if (!editing && !USERNAME.test(values.username ?? ""))
      errors.push({
        field: "username",
        message: "Enter a username of 2 to 64 lower-case letters, digits and . _ @ + - (an email address works)",
      });
    if (!ROLES.includes(values.role as Role)) errors.push({ field: `role-${ROLES[0]}`, message: "Choose a role" });
    if (values.team && !(await teams.get(values.team))) errors.push({ field: "team", message: "Choose a team" });
    if ((values.role === "practitioner" || values.role === "manager") && !values.team)
      errors.push({ field: "team", message: "Choose the team whose cases they work on" });
    if (password || (!editing && !opts.oidc)) {
      const problem = passwordProblem(password, values.username);
      if (problem) errors.push({ field: "password", message: problem });
    }
    return { values, password, errors };
  }

  /** Refuses to leave no administrator who can sign in. */
  async function keepsAnAdministrator(editing: Account, role: string, disabled: boolean) {
    if (editing.role !== "administrator" || (role === "administrator" && !disabled)) return true;
    const others = (await accounts.list()).filter(
      (a) => a.id !== editing.id && a.role === "administrator" && !a.disabled,
    );
    return others.length > 0;
  }

  app.get("/admin/accounts/new", (c) => form(c, undefined, { role: "practitioner" }, []));

  app.post("/admin/accounts", async (c) => {
    const { values, password, errors } = await read(c);
    if (errors.length) return form(c, undefined, values, errors);
    try {
      await accounts.create({
        username: values.username!,
        name: values.name!,
        role: values.role as Role,
        ...(values.team ? { team: values.team } : {}),
        ...(password ? { passwordHash: await auth.hash(password) } : {}),
      });
    } catch (e) {
      if (e instanceof Conflict) return form(c, undefined, values, [{ field: e.what, message: e.message }]);
      throw e;
    }
    auth.forgetPeople();
    return c.redirect("/admin?done=added", 303);
  });

  const find = async (id: string) => {
    const a = await accounts.get(id);
    if (!a) throw new HttpError(404, "not_found", "There is no such account.");
    return a;
  };

  app.get("/admin/accounts/:id", async (c) => {
    const a = await find(c.req.param("id"));
    return form(c, a, { name: a.name, role: a.role, team: a.team, disabled: a.disabled }, []);
  });

  app.post("/admin/accounts/:id", async (c) => {
    const a = await find(c.req.param("id"));
    const { values, password, errors } = await read(c, a);
    if (errors.length) return form(c, a, values, errors);
    if (!(await keepsAnAdministrator(a, values.role!, !!values.disabled)))
      return form(c, a, values, [
        {
          field: `role-${ROLES[0]}`,
          message: "Pathway needs at least one administrator who can sign in: make someone else one first",
        },
      ]);
    let updated: Account;
    try {
      updated = await accounts.update(a.id, {
        name: values.name,
        role: values.role as Role,
        team: values.team || undefined,
        disabled: !!values.disabled,
        ...(password ? { passwordHash: await auth.hash(password) } : {}),
      });
    } catch (e) {
      if (e instanceof Conflict) return form(c, a, values, [{ field: e.what, message: e.message }]);
      throw e;
    }
    auth.forgetPeople();
    // A change to what they may do, or their password, signs them out everywhere.
    if (updated.role !== a.role || updated.team !== a.team || updated.disabled || password) {
      await sessions.removeForUser(a.id);
      if (accountOf(c)?.id === a.id) return c.redirect("/signin", 303);
    }
    return c.redirect("/admin?done=saved", 303);
  });

  /** Every case's audit trail — archived entries included — as JSON lines, oldest first within each case. */
  app.get("/admin/audit.jsonl", async (c) => {
    c.header("Content-Type", "application/x-ndjson; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="pathway-audit-${ctx.today()}.jsonl"`);
    const lines: string[] = [];
    for await (const line of auditLines(ctx)) lines.push(line);
    return c.body(lines.join(""));
  });

  return app;
}
