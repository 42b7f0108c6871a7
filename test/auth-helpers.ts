/** Accounts in tests: add teams and people, and a signed-in client (cookies kept) for app.request. */
import type { Hono } from "hono";
import type { Auth } from "../server/auth/service.js";
import type { Role } from "../server/store/accounts.js";

export const PASSWORD = "correct horse battery staple";

export async function addTeam(auth: Auth, name: string) {
  return auth.stores.teams.create(name);
}

export async function addUser(
  auth: Auth,
  u: { username: string; name: string; role: Role; team?: string; password?: string },
) {
  const a = await auth.stores.accounts.create({
    username: u.username,
    name: u.name,
    role: u.role,
    ...(u.team ? { team: u.team } : {}),
    passwordHash: await auth.hash(u.password ?? PASSWORD),
  });
  auth.forgetPeople();
  return a;
}

/** A browser-like client: keeps cookies, finds CSRF tokens in pages. */
export function client(app: Hono) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await app.request(path, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (!value || /Max-Age=0/i.test(c) || /Expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  /** The `_csrf` of the form on `page`. */
  const token = async (page: string) => {
    const html = await (await request(page)).text();
    const m = /name="_csrf" value="([a-f0-9]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${page}: ${html.slice(0, 300)}`);
    return m[1]!;
  };
  const post = async (
    path: string,
    fields: Record<string, string>,
    from = path,
    headers: Record<string, string> = {},
  ) => {
    const body = new URLSearchParams({ _csrf: await token(from), ...fields });
    return request(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body,
    });
  };
  const json = (path: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(path, { method, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  const signIn = async (username: string, password = PASSWORD) => {
    const res = await post("/signin", { username, password }, "/signin");
    if (res.status !== 303) throw new Error(`sign-in as ${username} answered ${res.status}`);
    return res;
  };
  return { request, token, post, json, signIn, jar };
}
