/** What page routes read from a request besides its path: the posted form, who is acting, the site's own address. */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Form } from "../cases/forms.js";
import { cleanName } from "../store/limits.js";
import { accountOf } from "../auth/middleware.js";
export { baseUrl } from "./host.js";

const USER_COOKIE = "pathway_user";

/** The posted form, every field kept (repeated fields as arrays). */
export const readForm = async (c: Context): Promise<Form> => (await c.req.parseBody({ all: true })) as Form;

/**
 * Who made a change, for the audit trail.
 * - Signed in (accounts exist): the account's name — always. A `by` field, the X-User header and the name cookie are
 *   ignored, so nobody can record a change as someone else.
 * - Single-user mode (no accounts, loopback only): the name typed with the change (`claimed`), else the one
 *   remembered from the case form, else the X-User header, else "not given" — one person at one computer.
 */
export const whoIs = (c: Context, claimed?: string): string => {
  const account = accountOf(c);
  if (account) return account.name;
  return cleanName(claimed || getCookie(c, USER_COOKIE) || c.req.header("X-User"));
};

/** Whether the recorder's name comes from a signed-in account (forms then show it instead of asking). */
export const signedIn = (c: Context) => accountOf(c) !== undefined;

/** The name to show in a form's "your name" field: the account's, or the one remembered from an earlier form. */
export const rememberedUser = (c: Context) => accountOf(c)?.name ?? cleanName(getCookie(c, USER_COOKIE), "");

export function rememberUser(c: Context, by: string) {
  if (accountOf(c)) return; // the account names the recorder
  by = cleanName(by);
  if (by === "not given") return;
  setCookie(c, USER_COOKIE, by, { httpOnly: true, sameSite: "Strict", path: "/", maxAge: 60 * 60 * 24 * 365 });
}

/** Everything typed into a form, one string a field, to show again beside its errors. */
export const typedValues = (f: Form): Record<string, string> =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : (v ?? ""))]));
