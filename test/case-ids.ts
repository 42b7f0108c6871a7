import type { CaseStore } from "../server/store/store.js";

/** Ids of every case in a store, open ones then closed ones (tests only: the app never lists a whole store). */
export async function caseIds(store: CaseStore): Promise<string[]> {
  const ids: string[] = [];
  for (const closed of [false, true]) {
    const { rows } = await store.list({ today: "2026-01-01", closed, sort: "reference", offset: 0, limit: 1_000_000 });
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}
