/**
 * Sign-in, sessions, roles and the audit (issue 14), over HTTP: single-user mode without accounts; sign-in needed
 * once one exists; secure cookies; CSRF tied to the session; idle timeout and sign-out; role and team boundaries on
 * every case URL, list, feed and export; who made a change is the account, whatever a header, body or import says.
 */
import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";
import { PASSWORD, addTeam, addUser, client } from "../auth-helpers.js";
import { Auth } from "../../server/auth/service.js";
import { FileAccountStores } from "../../server/store/file-accounts.js";
import { safeNext } from "../../server/routes/auth.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NEW_CASE = {
  reference: "CP-2026-0142",
  procedures: "cp-guide",
  children: [{ id: "AB", dateOfBirth: "2017-05-01" }],
};

/** An app with two teams, and a person of every role. */
async function teamApp(opts: { now?: () => Date } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pathway-auth-"));
  const auth = new Auth({
    stores: FileAccountStores.open(dataDir),
    hashCost: 4,
    ...(opts.now ? { now: opts.now } : {}),
  });
  const made = await makeApp(undefined, "2026-12-10", { auth });
  const north = await addTeam(auth, "North");
  const south = await addTeam(auth, "South");
  const people = {
    admin: await addUser(auth, { username: "admin@example.org", name: "Ada Admin", role: "administrator" }),
    pat: await addUser(auth, { username: "pat@example.org", name: "Pat North", role: "practitioner", team: north.id }),
    max: await addUser(auth, { username: "max@example.org", name: "Max Manager", role: "manager", team: north.id }),
    sam: await addUser(auth, { username: "sam@example.org", name: "Sam South", role: "practitioner", team: south.id }),
    aga: await addUser(auth, { username: "aga@example.org", name: "Agnes Agency", role: "agency" }),
    tre: await addUser(auth, { username: "tre@example.org", name: "Trevor Trainer", role: "trainer" }),
  };
  const as = async (who: keyof typeof people) => {
    const s = client(made.app);
    await s.signIn(people[who].username);
    return s;
  };
  return { ...made, auth, north, south, people, as };
}

describe("single-user mode (no accounts)", () => {
  it("needs no sign-in, records the name given as before, and has no accounts pages", async () => {
    const { app } = await makeApp();
    const s = client(app);
    expect((await s.request("/cases")).status).toBe(200);
    const res = await s.json("/api/cases", "POST", { ...NEW_CASE, by: "SW1" });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { case: { audit: { by: string }[] } }).case.audit[0]!.by).toBe("SW1");
    expect((await s.request("/signin")).status).toBe(303);
    const admin = await s.request("/admin");
    expect(admin.status).toBe(403);
    expect(await admin.text()).toContain("npm run user:add");
  });
});

describe("signing in", () => {
  it("sends people to sign in once an account exists, and answers the API with 401", async () => {
    const { app } = await teamApp();
    const s = client(app);
    const page = await s.request("/cases?show=overdue");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/signin?next=%2Fcases%3Fshow%3Doverdue");
    const api = await s.request("/api/cases");
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    // htmx is told where to go instead of swapping a sign-in page into the part it updates.
    const hx = await s.request("/cases", { headers: { "HX-Request": "true" } });
    expect(hx.status).toBe(401);
    expect(hx.headers.get("HX-Redirect")).toMatch(/^\/signin/);
    // Public: the sign-in page, assets, health.
    expect((await s.request("/signin")).status).toBe(200);
    expect((await s.request("/assets/app.css")).status).toBe(200);
    expect((await s.request("/healthz")).status).toBe(200);
  });

  it("refuses a wrong password with one message for unknown users and wrong passwords, and locks after 10", async () => {
    const { app } = await teamApp();
    const s = client(app);
    const wrong = await s.post("/signin", { username: "pat@example.org", password: "not the password" }, "/signin");
    expect(wrong.status).toBe(401);
    const unknown = await s.post("/signin", { username: "nobody@example.org", password: "whatever it is" }, "/signin");
    expect(unknown.status).toBe(401);
    const text = (html: string) => /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)![0];
    expect(text(await wrong.text())).toBe(text(await unknown.text()));
    for (let i = 0; i < 10; i++)
      await s.post("/signin", { username: "max@example.org", password: "nope nope nope" }, "/signin");
    const locked = await s.post("/signin", { username: "max@example.org", password: PASSWORD }, "/signin");
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("locked for 15 minutes");
  });

  it("sets an HttpOnly, SameSite session cookie (Secure when served over https), and goes back to the page asked for", async () => {
    const { app } = await teamApp();
    const s = client(app);
    const res = await s.post(
      "/signin",
      { username: "PAT@example.org", password: PASSWORD, next: "/cases?show=week" },
      "/signin",
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/cases?show=week");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("pathway_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await s.request("/cases")).status).toBe(200);
    // Never back to another site.
    const evil = client(app);
    const away = await evil.post(
      "/signin",
      { username: "pat@example.org", password: PASSWORD, next: "//evil.example/x" },
      "/signin",
    );
    expect(away.headers.get("location")).toBe("/");
    for (const next of ["/\t/evil.example", "/\\evil.example", "https://evil.example", "/\n/evil", "/a b"])
      expect(safeNext(next), JSON.stringify(next)).toBe("/");
    expect(safeNext("/cases/abc123?show=week#x")).toBe("/cases/abc123?show=week#x");

    const dataDir = mkdtempSync(join(tmpdir(), "pathway-auth-"));
    const secure = new Auth({ stores: FileAccountStores.open(dataDir), hashCost: 4, secureCookies: true });
    const { app: httpsApp } = await makeApp(undefined, "2026-12-10", { auth: secure });
    await addUser(secure, { username: "x@example.org", name: "X", role: "agency" });
    const t = client(httpsApp);
    const r2 = await t.post("/signin", { username: "x@example.org", password: PASSWORD }, "/signin");
    expect(r2.headers.getSetCookie().find((c) => c.startsWith("pathway_session="))).toMatch(/Secure/);
  });

  it("ties CSRF tokens to the session: one from before sign-in, or from another session, is refused", async () => {
    const { app } = await teamApp();
    const s = client(app);
    const before = await s.token("/signin");
    await s.signIn("pat@example.org");
    const during = await s.token("/cases/new");
    expect(during).not.toBe(before);
    const form = (csrf: string) =>
      s.request("/cases", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          _csrf: csrf,
          reference: "CP-1",
          procedures: "cp-guide",
          "child1-label": "AB",
          "child1-dob": "01/05/2017",
        }),
      });
    expect((await form(before)).status).toBe(403);
    const other = client(app);
    await other.signIn("max@example.org");
    expect((await form(await other.token("/cases/new"))).status).toBe(403);
    expect((await form(during)).status).toBe(303);
  });

  it("ends a session after the idle time (the page says so), at sign-out, and when the account is disabled", async () => {
    let now = Date.parse("2026-12-10T09:00:00Z");
    const { app, auth, people } = await teamApp({ now: () => new Date(now) });
    const s = client(app);
    await s.signIn("pat@example.org");
    now += 29 * 60_000;
    expect((await s.request("/cases")).status).toBe(200);
    now += 29 * 60_000; // active 29 minutes ago: still on
    expect((await s.request("/cases")).status).toBe(200);
    now += 31 * 60_000;
    const gone = await s.request("/cases");
    expect(gone.status).toBe(303);
    expect(gone.headers.get("location")).toBe("/signin?next=%2Fcases&expired=1");
    expect(await (await s.request("/signin?expired=1")).text()).toContain("You have been signed out");

    await s.signIn("pat@example.org");
    const csrf = await s.token("/cases");
    const out = await s.request("/signout", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(out.headers.get("location")).toBe("/signin?signedout=1");
    expect((await s.request("/cases")).status).toBe(303);
    // Signing out again (another tab) after the session ended just says so.
    const again = await s.request("/signout", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(again.headers.get("location")).toBe("/signin?signedout=1");

    await s.signIn("pat@example.org");
    await auth.stores.accounts.update(people.pat.id, { disabled: true });
    expect((await s.request("/cases")).status).toBe(303);
    expect(
      (await client(app).post("/signin", { username: "pat@example.org", password: PASSWORD }, "/signin")).status,
    ).toBe(401);
  });

  it("lets API clients sign in with JSON and use the session's CSRF token", async () => {
    const { app } = await teamApp();
    const s = client(app);
    const res = await s.json("/api/session", "POST", { username: "pat@example.org", password: PASSWORD });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { name: string; role: string }; csrf: string };
    expect(body.user).toMatchObject({ name: "Pat North", role: "practitioner" });
    expect((await s.request("/api/session")).status).toBe(200);
    expect((await s.json("/api/cases", "POST", NEW_CASE)).status).toBe(201);
    expect((await s.request("/api/session", { method: "DELETE", headers: { "X-CSRF-Token": body.csrf } })).status).toBe(
      204,
    );
    expect((await s.request("/api/cases")).status).toBe(401);
  });
});

describe("roles and teams", () => {
  it("keeps agency and trainer users away from every case URL, list, feed and export", async () => {
    const t = await teamApp();
    const pat = await t.as("pat");
    const made = (await (await pat.json("/api/cases", "POST", NEW_CASE)).json()) as { case: { id: string } };
    const id = made.case.id;
    const ask = (await (await pat.json("/api/ask", "POST", { message: "when is the ICPC?", caseId: id })).json()) as {
      conversationId: string;
    };
    for (const who of ["aga", "tre"] as const) {
      const s = await t.as(who);
      for (const path of [
        "/cases",
        `/cases/${id}`,
        `/cases/${id}/history`,
        `/cases/${id}/print`,
        `/cases/${id}/export.json`,
        `/cases/${id}/calendar.ics`,
        "/cases/calendar.ics",
        "/cases/new",
        "/api/cases",
        `/api/cases/${id}`,
        `/api/cases/${id}/export`,
        `/chat?case=${id}`,
        `/chat?c=${ask.conversationId}`,
        `/training/new?case=${id}`,
        "/feedback",
      ]) {
        const res = await s.request(path);
        expect(res.status, `${who} ${path}`).toBe(403);
        expect(await res.text()).not.toContain("CP-2026-0142");
      }
      expect((await s.json("/api/cases", "POST", NEW_CASE)).status).toBe(403);
      expect((await s.json("/api/ask", "POST", { message: "what now?", caseId: id })).status).toBe(403);
      expect(
        (await s.json("/api/ask", "POST", { message: "what now?", conversationId: ask.conversationId })).status,
      ).toBe(403);
      // Without a case the assistant, guidance and search are theirs.
      expect((await s.json("/api/ask", "POST", { message: "what does RCPC stand for?" })).status).toBe(200);
      for (const path of ["/guidance", "/search?q=core+group", "/compare", "/glossary", "/chat"])
        expect((await s.request(path)).status, `${who} ${path}`).toBe(200);
      const home = await (await s.request("/chat")).text();
      expect(home).not.toContain('href="/cases"');
    }
  });

  it("shows a practitioner their team's cases only, and an administrator every team's", async () => {
    const t = await teamApp();
    const pat = await t.as("pat");
    const sam = await t.as("sam");
    const north = (await (await pat.json("/api/cases", "POST", { ...NEW_CASE, reference: "NORTH-1" })).json()) as {
      case: { id: string; team: string; owner: string };
    };
    expect(north.case.team).toBe(t.north.id);
    expect(north.case.owner).toBe(t.people.pat.id);
    await sam.json("/api/cases", "POST", { ...NEW_CASE, reference: "SOUTH-1" });
    const refs = async (s: ReturnType<typeof client>) =>
      ((await (await s.request("/api/cases")).json()) as { cases: { reference: string }[] }).cases.map(
        (c) => c.reference,
      );
    expect(await refs(pat)).toEqual(["NORTH-1"]);
    expect(await refs(sam)).toEqual(["SOUTH-1"]);
    expect((await refs(await t.as("admin"))).sort()).toEqual(["NORTH-1", "SOUTH-1"]);
    expect(await (await sam.request("/cases")).text()).not.toContain("NORTH-1");
    expect(await (await sam.request("/cases/calendar.ics")).text()).not.toContain("NORTH-1");
    for (const path of [`/cases/${north.case.id}`, `/api/cases/${north.case.id}`, `/api/cases/${north.case.id}/export`])
      expect((await sam.request(path)).status, path).toBe(404);
    expect(
      (
        await sam.json(`/api/cases/${north.case.id}/events`, "POST", {
          event: { type: "strategy_discussion", date: "2026-12-01" },
        })
      ).status,
    ).toBe(404);
  });

  it("gives a manager the team's workload: who owns what is overdue; a practitioner gets 403", async () => {
    const t = await teamApp();
    const pat = await t.as("pat");
    const made = (await (
      await pat.json("/api/cases", "POST", { ...NEW_CASE, procedures: "bolton", reference: "NORTH-7" })
    ).json()) as {
      case: { id: string };
    };
    await pat.json(`/api/cases/${made.case.id}/events`, "POST", {
      event: { type: "strategy_discussion", date: "2026-11-02" },
    });
    expect((await pat.request("/team")).status).toBe(403);
    const max = await t.as("max");
    const page = await (await max.request("/team")).text();
    expect(page).toContain("Pat North");
    expect(page).toContain("NORTH-7");
    // Assign the case to the manager: the workload and the case page follow the account.
    const owners = await max.post(
      `/cases/${made.case.id}/owners`,
      { owner: t.people.max.id },
      `/cases/${made.case.id}/owners`,
    );
    expect(owners.status).toBe(303);
    const casePage = await (await max.request(`/cases/${made.case.id}`)).text();
    expect(casePage).toContain("Case owner: Max Manager");
    expect(casePage).toContain("owner: Max Manager");
    const after = await (await max.request("/team")).text();
    expect(after).toMatch(
      /<h2 id="p-[a-z0-9]+">Max Manager<\/h2>\s*<ul>\s*<li>\s*<a href="\/cases\/[a-z0-9]+">NORTH-7/,
    );
    // Someone of another team cannot be given the case.
    const bad = await max.post(
      `/cases/${made.case.id}/owners`,
      { owner: t.people.sam.id },
      `/cases/${made.case.id}/owners`,
    );
    expect(bad.status).toBe(400);
  });

  it("lets only administrators manage accounts and export the audit", async () => {
    const t = await teamApp();
    for (const who of ["pat", "max", "aga", "tre"] as const) {
      const s = await t.as(who);
      expect((await s.request("/admin")).status, who).toBe(403);
      expect((await s.request("/admin/audit.jsonl")).status, who).toBe(403);
    }
    const admin = await t.as("admin");
    const added = await admin.post(
      "/admin/accounts",
      {
        name: "Nia New",
        username: "nia@example.org",
        role: "practitioner",
        team: t.south.id,
        password: "a long enough password",
      },
      "/admin/accounts/new",
    );
    expect(added.status).toBe(303);
    const nia = client(t.app);
    await nia.signIn("nia@example.org", "a long enough password");
    expect((await nia.request("/cases")).status).toBe(200);
    // Names are unique: the audit records people by name.
    const dup = await admin.post(
      "/admin/accounts",
      { name: "nia new", username: "nia2@example.org", role: "agency", password: "a long enough password" },
      "/admin/accounts/new",
    );
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain("Another account is already called");
    // Teams are renamed and disabled there too.
    const renamed = await admin.post(`/admin/teams/${t.south.id}`, { teamName: "South and West" }, "/admin");
    expect(renamed.status).toBe(303);
    expect((await t.auth.stores.teams.get(t.south.id))!.name).toBe("South and West");
    // The last administrator cannot be demoted.
    const demote = await admin.post(
      `/admin/accounts/${t.people.admin.id}`,
      { name: "Ada Admin", role: "practitioner", team: t.north.id },
      `/admin/accounts/${t.people.admin.id}`,
    );
    expect(demote.status).toBe(400);
  });
});

describe("an audit nobody can forge", () => {
  it("records the signed-in account, whatever the X-User header, the by field or the name cookie say", async () => {
    const t = await teamApp();
    const pat = await t.as("pat");
    const forged = { "X-User": "Mallory" };
    const res = await pat.json("/api/cases", "POST", { ...NEW_CASE, by: "Mallory" }, forged);
    const id = ((await res.json()) as { case: { id: string } }).case.id;
    await pat.json(
      `/api/cases/${id}/events`,
      "POST",
      { event: { type: "strategy_discussion", date: "2026-12-01" }, by: "Mallory" },
      forged,
    );
    const plan = (await (await pat.request(`/api/cases/${id}`)).json()) as {
      plan: { actions: { id: string; status: string }[] };
    };
    const open = plan.plan.actions.find((a) => a.status !== "waiting" && a.status !== "done")!;
    await pat.json(`/api/cases/${id}/done`, "POST", { actionId: open.id, by: "Mallory" }, forged);
    // A form with a name typed, and a name cookie.
    pat.jar.set("pathway_user", "Mallory");
    const form = await pat.post(
      `/cases/${id}/events`,
      { type: "cp_visit", date: "03/12/2026", by: "Mallory" },
      `/cases/${id}`,
      forged,
    );
    expect(form.status, await form.text()).toBe(303);
    const rec = (await t.store.get(id))!;
    expect(rec.audit.map((e) => e.by)).toEqual(Array(rec.audit.length).fill("Pat North"));
    expect(rec.audit.length).toBeGreaterThanOrEqual(4);
    expect(rec.events.map((e) => e.recordedBy)).toEqual(Array(rec.events.length).fill("Pat North"));
    expect(rec.done.map((d) => d.by)).toEqual(["Pat North"]);
    expect(JSON.stringify(rec)).not.toContain("Mallory");
  });

  it("keeps an import's history but marks it imported, and places the case in the importer's team", async () => {
    const t = await teamApp();
    const pat = await t.as("pat");
    const res = await pat.json("/api/cases", "POST", NEW_CASE);
    const id = ((await res.json()) as { case: { id: string } }).case.id;
    const file = (await (await pat.request(`/api/cases/${id}/export`)).json()) as Record<string, unknown> & {
      audit: Record<string, unknown>[];
    };
    // A forged history: entries claiming to be someone here, one claiming not to be imported, another team, an owner.
    file.audit.push({ at: "2026-12-01T10:00:00.000Z", by: "Ada Admin", change: "case closed" });
    file.team = t.south.id;
    file.owner = t.people.sam.id;
    const sam = await t.as("sam");
    const imported = await sam.json("/api/cases/import", "POST", file, { "X-User": "Ada Admin" });
    expect(imported.status).toBe(201);
    const rec = (
      (await imported.json()) as {
        case: { id: string; team: string; owner: string; audit: { by: string; imported?: boolean; change: string }[] };
      }
    ).case;
    expect(rec.team).toBe(t.south.id);
    expect(rec.owner).toBe(t.people.sam.id);
    const last = rec.audit.at(-1)!;
    expect(last).toMatchObject({ by: "Sam South", change: `imported (was case ${id})` });
    expect(last.imported).toBeUndefined();
    expect(rec.audit.slice(0, -1).every((e) => e.imported === true)).toBe(true);
    // `imported` cannot be set false by the file either: an entry without it is marked, one with another value is refused.
    file.audit[0]!.imported = false;
    expect((await sam.json("/api/cases/import", "POST", file)).status).toBe(400);
    const history = await (await sam.request(`/cases/${rec.id}/history`)).text();
    expect(history).toContain("Sam South");
    expect(history.match(/<strong class="tag">Imported<\/strong>/g)?.length).toBe(rec.audit.length - 1);
  });

  it("lets an administrator export every case's audit as JSON lines", async () => {
    const t = await teamApp();
    const pat = await t.as("pat");
    await pat.json("/api/cases", "POST", { ...NEW_CASE, reference: "EXP-1" });
    const admin = await t.as("admin");
    const res = await admin.request("/admin/audit.jsonl");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ reference: "EXP-1", team: t.north.id, by: "Pat North", change: "case created" });
  });
});
