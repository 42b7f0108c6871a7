/** Addresses of the training pages: every step, date and mode is a link that can be shared. */

export type UrlParams = Record<string, string | number | boolean | undefined>;

/** `/training/<id>[/<page>]?…`, leaving out empty and false parameters. */
export function scenarioUrl(id: string, page = "", params: UrlParams = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== false && v !== "") q.set(k, v === true ? "1" : String(v));
  const query = q.toString();
  return `/training/${encodeURIComponent(id)}${page ? `/${page}` : ""}${query ? `?${query}` : ""}`;
}
