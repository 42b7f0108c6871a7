/** Builds apps for tests from the shipped guidance or a fixture folder, with a fixed "today" and a fresh DATA_DIR. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContext } from "../server/bootstrap.js";
import { type AppOptions, createApp } from "../server/app.js";
import { FileCaseStore } from "../server/store/file-store.js";
import { Auth } from "../server/auth/service.js";
import { FileAccountStores } from "../server/store/file-accounts.js";

export const SHIPPED_GUIDANCE = fileURLToPath(new URL("../guidance", import.meta.url));
export const FIXTURE_GUIDANCE = fileURLToPath(new URL("./fixtures/guidance", import.meta.url));

/** Rate limits high enough that no test trips them (test/http/limits.test.ts proves they work). */
export const TEST_RATE_LIMITS = { writes: 1_000_000, asks: 1_000_000 };

/**
 * An app on a fresh DATA_DIR. It has accounts support (`auth`, bcrypt cost lowered) but no account, so it runs in
 * single-user mode until a test adds one (test/auth-helpers.ts).
 */
export async function makeApp(guidanceDir = SHIPPED_GUIDANCE, today = "2026-11-23", opts: Partial<AppOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "pathway-test-"));
  const store = await FileCaseStore.open(dataDir);
  const ctx = buildContext({ guidanceDir, store, dataDir, today: () => today });
  const auth = opts.auth ?? new Auth({ stores: FileAccountStores.open(dataDir), hashCost: 4 });
  return {
    ctx,
    store,
    dataDir,
    auth,
    app: createApp(ctx, { guidanceDir, rateLimits: TEST_RATE_LIMITS, auth, ...opts }),
  };
}

export const htmx = { "HX-Request": "true" };

export { caseIds } from "./case-ids.js";
