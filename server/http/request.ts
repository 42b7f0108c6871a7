/** What page routes read from a request besides its path: the posted form, who is acting, the site's own address. */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Form } from "../cases/forms.js";
import { cleanName } from "../store/limits.js";
export { baseUrl } from "./host.js";

const USER_COOKIE = "pathway_user";

/** The posted form, every field kept (repeated fields as arrays). */
export const readForm = async (c: Context): Promise<Form> => (await c.req.parseBody({ all: true })) as Form;

/** Who made a change, for the audit trail: the name remembered from the case form, else the X-User header. */
export const whoIs = (c: Context) => cleanName(getCookie(c, USER_COOKIE) || c.req.header("X-User"));

/** The name remembered from an earlier form, to fill in the next one. */
export const rememberedUser = (c: Context) => cleanName(getCookie(c, USER_COOKIE), "");

export function rememberUser(c: Context, by: string) {
  by = cleanName(by);
  if (by === "not given") return;
  setCookie(c, USER_COOKIE, by, { httpOnly: true, sameSite: "Strict", path: "/", maxAge: 60 * 60 * 24 * 365 });
}

/** Everything typed into a form, one string a field, to show again beside its errors. */
export const typedValues = (f: Form): Record<string, string> =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : (v ?? ""))]));
