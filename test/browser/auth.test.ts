/**
 * Signing in, in a real browser (issue 14): sign-in and sign-out, a session that runs out, role boundaries (an agency
 * user gets 403 on a case URL and sees no case in any list), and sign-in through a local OpenID Connect provider.
 * axe-core on the sign-in, account and administration pages.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Auth } from "../../server/auth/service.js";
import { OidcSignIn } from "../../server/auth/oidc.js";
import { FileAccountStores } from "../../server/store/file-accounts.js";
import { makeApp } from "../helpers.js";
import { PASSWORD, addTeam, addUser } from "../auth-helpers.js";
import { type LocalIdp, startLocalIdp } from "../auth/local-idp.js";
import { browserAvailable, launch, screenshot, seriousViolations, serveApp } from "./browser.js";

const run = browserAvailable();

describe.runIf(run)("signing in, in a browser", () => {
  let browser: Browser;
  let server: { url: string; close: () => Promise<void> };
  let idp: LocalIdp;
  let now = Date.parse("2026-12-10T09:00:00Z");
  let base = "http://127.0.0.1";
  let caseId = "";
  const violations: { url: string; v: unknown[] }[] = [];
  const audit = async (page: Page) => violations.push({ url: page.url(), v: await seriousViolations(page) });

  beforeAll(async () => {
    // The provider must know Pathway's redirect URI, and Pathway the provider's address: Pathway's port is fixed
    // first by serving an app that forwards to the real one once it exists.
    let fetcher: ((r: Request) => Response | Promise<Response>) | undefined;
    const { Hono } = await import("hono");
    const front = new Hono();
    front.all("*", (c) => fetcher!(c.req.raw));
    server = await serveApp(front);
    base = server.url;
    idp = await startLocalIdp([`${base}/signin/oidc/callback`]);
    const dataDir = mkdtempSync(join(tmpdir(), "pathway-auth-browser-"));
    const auth = new Auth({ stores: FileAccountStores.open(dataDir), hashCost: 4, now: () => new Date(now) });
    const oidc = new OidcSignIn(
      {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        label: "Test Council",
        usernameClaim: "email",
      },
      () => base,
    );
    const { app, ctx } = await makeApp(undefined, "2026-12-10", {
      auth,
      oidc,
      baseUrl: () => base,
      allowedHosts: ["127.0.0.1", "localhost"],
    });
    fetcher = (r) => app.fetch(r);
    const north = await addTeam(auth, "North");
    await addUser(auth, { username: "pat@example.org", name: "Pat North", role: "practitioner", team: north.id });
    await addUser(auth, { username: "aga@example.org", name: "Agnes Agency", role: "agency" });
    await addUser(auth, { username: "admin@example.org", name: "Ada Admin", role: "administrator" });
    // An account for the identity provider's person: no password, matched by email on first sign-in.
    await auth.stores.accounts.create({
      username: "olu@example.org",
      name: "Olu Oidc",
      role: "practitioner",
      team: north.id,
    });
    const rec = await ctx.store.create(
      {
        reference: "CP-SECRET-1",
        procedures: "bolton",
        versions: {},
        children: [{ id: "AB", dateOfBirth: "2017-05-01" }],
        team: north.id,
      },
      "Pat North",
    );
    caseId = rec.id;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  const fresh = async () =>
    (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
  const signIn = async (page: Page, username: string, password = PASSWORD) => {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };

  it("asks for a sign-in, says what is wrong, then goes to the page asked for; signs out", async () => {
    const page = await fresh();
    await page.goto(`${base}/cases`);
    await page.waitForURL(/\/signin\?next=%2Fcases$/);
    expect(await page.locator("h1").textContent()).toBe("Sign in to Pathway");
    await audit(page);
    await signIn(page, "pat@example.org", "wrong password here");
    await page.waitForSelector(".error-summary");
    expect(await page.locator(".error-summary").textContent()).toContain("Enter a username and password that match");
    // The summary takes focus when the page has loaded (a beat after it appears): wait for it, or fail.
    await page.waitForFunction(() => document.activeElement?.classList.contains("error-summary") === true, undefined, {
      timeout: 10_000,
    });
    expect(await page.evaluate(() => document.activeElement?.classList.contains("error-summary"))).toBe(true);
    await audit(page);
    await screenshot(page, "signin-error");
    await signIn(page, "pat@example.org");
    await page.waitForURL(/\/cases$/);
    expect(await page.locator(".account-bar").textContent()).toContain("Pat North");
    expect(await page.content()).toContain("CP-SECRET-1");
    await page.getByRole("link", { name: "Pat North" }).click();
    await page.waitForURL(/\/account$/);
    await audit(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin\?signedout=1$/);
    expect(await page.locator(".banner").textContent()).toContain("You have signed out");
    await page.goto(`${base}/cases/${caseId}`);
    await page.waitForURL(/\/signin\?next=/);
  });

  it("signs a person out after 30 minutes without activity and says so", async () => {
    const page = await fresh();
    await page.goto(`${base}/signin`);
    await signIn(page, "pat@example.org");
    await page.waitForURL(/\/$|\/cases$/);
    now += 31 * 60_000;
    await page.goto(`${base}/cases/${caseId}`);
    await page.waitForURL(/\/signin\?next=.*&expired=1$/);
    expect(await page.locator(".banner").textContent()).toContain("You have been signed out");
    await audit(page);
    await screenshot(page, "signin-expired");
    // Signing in again goes back to the case.
    await signIn(page, "pat@example.org");
    await page.waitForURL(new RegExp(`/cases/${caseId}$`));
  });

  it("gives an agency user guidance and the assistant, and a 403 on every case URL, with no case in sight", async () => {
    const page = await fresh();
    await page.goto(`${base}/signin`);
    await signIn(page, "aga@example.org");
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    const nav = await page.getByRole("navigation", { name: "Main" }).textContent();
    expect(nav).not.toContain("Cases");
    for (const path of [
      "/cases",
      `/cases/${caseId}`,
      `/cases/${caseId}/export.json`,
      "/cases/calendar.ics",
      `/chat?case=${caseId}`,
    ]) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await page.content()).not.toContain("CP-SECRET-1");
    }
    expect(await page.locator("h1").textContent()).toBe("There is a problem");
    await audit(page);
    const api = await page.request.get(`${base}/api/cases`);
    expect(api.status()).toBe(403);
    const guidance = await page.goto(`${base}/guidance`);
    expect(guidance?.status()).toBe(200);
    await page.goto(`${base}/chat`);
    expect(await page.content()).not.toContain("CP-SECRET-1");
  });

  it("signs in through the council's identity provider (a local OpenID Connect provider)", async () => {
    const page = await fresh();
    await page.goto(`${base}/cases`);
    await page.waitForURL(/\/signin/);
    await page.getByRole("button", { name: "Sign in with Test Council" }).click();
    // The provider's own login and consent pages.
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill("olu@example.org");
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click(); // consent: Continue
    await page.waitForURL(new RegExp(`^${base}/cases$`));
    expect(await page.locator(".account-bar").textContent()).toContain("Olu Oidc");
    expect(await page.content()).toContain("CP-SECRET-1");
    await screenshot(page, "oidc-signed-in");
  });

  it("turns away an identity-provider account with no Pathway account", async () => {
    const page = await fresh();
    await page.goto(`${base}/signin`);
    await page.getByRole("button", { name: "Sign in with Test Council" }).click();
    await page.waitForURL((u) => u.href.startsWith(idp.issuer));
    await page.locator('input[name="login"]').fill("stranger@example.org");
    await page.locator('input[name="password"]').fill("anything");
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click();
    await page.waitForSelector(".error-summary");
    expect(await page.locator(".error-summary").textContent()).toContain("no Pathway account for stranger@example.org");
  });

  it("lets an administrator add a team and an account", async () => {
    const page = await fresh();
    await page.goto(`${base}/signin`);
    await signIn(page, "admin@example.org");
    await page.goto(`${base}/admin`);
    await audit(page);
    await page.getByLabel("Add a team").fill("South");
    await page.getByRole("button", { name: "Add team" }).click();
    await page.waitForURL(/done=team/);
    await page.getByRole("link", { name: "Add an account" }).click();
    await audit(page);
    await page.getByLabel("Name", { exact: true }).fill("Sid South");
    await page.getByLabel("Username").fill("sid@example.org");
    await page.getByLabel("Practitioner").check();
    await page.getByLabel("Team", { exact: true }).selectOption({ label: "South" });
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Add account" }).click();
    await page.waitForSelector(".error-summary");
    expect(await page.locator(".error-summary").textContent()).toContain("at least 12 characters");
    await audit(page);
    await page.getByLabel("Password").fill("three random words here");
    await page.getByRole("button", { name: "Add account" }).click();
    await page.waitForURL(/done=added/);
    expect(await page.locator("table").textContent()).toContain("Sid South");
  });

  it("passes axe on every page visited", () => {
    expect(violations.filter((x) => x.v.length)).toEqual([]);
  });
});
