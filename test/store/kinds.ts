/**
 * The store test suite runs against both stores: the file store (a temp DATA_DIR) and PostgreSQL (a fresh database
 * on the run's throwaway cluster, test/pg/global-setup.ts). `reopen` gives a new store on the same data, as after a
 * restart. PostgreSQL's tests are skipped, saying why, where there is no PostgreSQL (and fail the run in CI).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { FileCaseStore } from "../../server/store/file-store.js";
import type { CaseLimits } from "../../server/store/limits.js";
import { PgCaseStore } from "../../server/store/pg/case-store.js";
import type { CaseStore } from "../../server/store/store.js";
import { PG_SKIP, PG_URL, freshDatabase } from "../pg/db.js";

export interface StoreOptions {
  limits?: Partial<CaseLimits>;
  now?: () => Date;
}

export type TestStore = CaseStore & { limits: CaseLimits };

export interface Kind {
  name: string;
  /** Set (with the reason) when this kind cannot run here. */
  skip: boolean;
  /** A new, empty store; `where` names its data so `reopen` can open it again. */
  open(opts?: StoreOptions): Promise<{ store: TestStore; where: string }>;
  reopen(where: string, opts?: StoreOptions): Promise<TestStore>;
}

const opened: CaseStore[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
});
const track = <T extends CaseStore>(s: T) => {
  opened.push(s);
  return s;
};

export const FILE: Kind = {
  name: "file store",
  skip: false,
  async open(opts = {}) {
    const where = mkdtempSync(join(tmpdir(), "pathway-store-"));
    return { store: track(await FileCaseStore.open(where, opts)), where };
  },
  async reopen(where, opts = {}) {
    return track(await FileCaseStore.open(where, opts));
  },
};

export const POSTGRES: Kind = {
  name: `PostgreSQL store${PG_SKIP}`,
  skip: !PG_URL,
  async open(opts = {}) {
    const where = await freshDatabase("store");
    return { store: track(await PgCaseStore.open(where, { ...opts, poolSize: 4 })), where };
  },
  async reopen(where, opts = {}) {
    return track(await PgCaseStore.open(where, { ...opts, poolSize: 4 }));
  },
};

export const KINDS = [FILE, POSTGRES];

/** Closes a store opened by a Kind before the test ends (to reopen its data). */
export async function closeStore(s: CaseStore) {
  const i = opened.indexOf(s);
  if (i >= 0) opened.splice(i, 1);
  await s.close();
}
