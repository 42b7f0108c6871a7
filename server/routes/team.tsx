/**
 * The team's workload (/team: team managers and administrators) and who owns a case and its actions
 * (/cases/:id/owners: anyone who may open the case). Both need accounts; in single-user mode they are not there.
 */
import { type Context, Hono } from "hono";
import type { AppContext } from "../app-context.js";
import type { Auth } from "../auth/service.js";
import { listScope, peopleOf, viewerOf } from "../auth/middleware.js";
import { csrfToken } from "../http/csrf.js";
import { HttpError, httpErrorOf } from "../http/errors.js";
import { readForm, whoIs } from "../http/request.js";
import { respond } from "../http/respond.js";
import { str } from "../cases/forms.js";
import { getCase, casePlan } from "../cases/service.js";
import { overdueByOwner, setOwners, teamMembers } from "../cases/owners.js";
import { OwnersPage, WorkloadPage } from "../../views/team.js";
import type { CaseRecord } from "../store/schema.js";
import type { FieldError } from "../../views/components.js";

export function teamRoutes(ctx: AppContext, auth: Auth) {
  const app = new Hono();

  app.get("/team", async (c) => {
    const v = viewerOf(c);
    if (v.kind !== "user") throw new HttpError(404, "not_found", "The team's workload needs accounts.");
    const admin = v.account.role === "administrator";
    const teams = (await auth.stores.teams.list()).filter((t) => !t.disabled);
    const chosen = admin ? c.req.query("team") || undefined : v.account.team;
    const team = chosen ? teams.find((t) => t.id === chosen) : undefined;
    const scope = admin ? (team ? [team.id] : undefined) : listScope(c);
    const people = peopleOf(c);
    const byOwner = await overdueByOwner(ctx, scope);
    const members = team
      ? teamMembers(people, team.id)
      : [...people.values()].filter((a) => !a.disabled).sort((a, b) => a.name.localeCompare(b.name));
    return respond(c, {
      title: "Workload",
      nav: "team",
      body: () => (
        <WorkloadPage
          teams={teams}
          team={team}
          chooseTeam={admin}
          people={people}
          byOwner={byOwner}
          members={members}
        />
      ),
    });
  });

  const ownersPage = (c: Context, rec: CaseRecord, errors: FieldError[] = []) => {
    const open = casePlan(ctx, rec).actions.filter((a) => a.status !== "done");
    return respond(c, {
      title: `${errors.length ? "Error: " : ""}Who owns ${rec.reference}`,
      nav: "cases",
      status: errors.length ? 400 : 200,
      body: () => (
        <OwnersPage
          caseId={rec.id}
          reference={rec.reference}
          owner={rec.owner}
          assigned={rec.assigned ?? {}}
          members={teamMembers(peopleOf(c), rec.team)}
          actions={open}
          csrf={csrfToken(c)}
          errors={errors}
        />
      ),
    });
  };

  const needTeam = (rec: CaseRecord) => {
    if (!rec.team)
      throw new HttpError(
        409,
        "conflict",
        "This case was made before accounts and belongs to no team; an administrator can import it into a team.",
      );
  };

  app.get("/cases/:id/owners", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    needTeam(rec);
    return ownersPage(c, rec);
  });

  app.post("/cases/:id/owners", async (c) => {
    const rec = await getCase(ctx, c.req.param("id"));
    needTeam(rec);
    const f = await readForm(c);
    const assigned: Record<string, string> = {};
    for (let i = 0; i < 500; i++) {
      const id = str(f, `id${i}`);
      if (!id) break;
      assigned[id] = str(f, `a${i}`);
    }
    try {
      await setOwners(ctx, rec, peopleOf(c), str(f, "owner"), assigned, whoIs(c));
    } catch (e) {
      const known = httpErrorOf(e);
      if (known?.status !== 400) throw e;
      return ownersPage(c, rec, [{ field: "owner", message: known.message.replace(/^[^:]*: /, "") }]);
    }
    return c.redirect(`/cases/${rec.id}`, 303);
  });

  return app;
}
