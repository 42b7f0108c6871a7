/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run (tests make their own databases on it),
 * stopped at the end. TEST_DATABASE_URL uses a server you already run instead. Without PostgreSQL the database
 * tests are skipped with the reason — except under CI=true, where that fails the run.
 */
import type { TestProject } from "vitest/node";
import { type Cluster, missingPostgres, startCluster } from "./cluster.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of a PostgreSQL server's maintenance database for tests, or "" when there is none. */
    pgUrl: string;
    /** Why there is none. */
    pgMissing: string;
  }
}

let cluster: Cluster | undefined;

export async function setup(project: TestProject) {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide("pgUrl", given);
    project.provide("pgMissing", "");
    return;
  }
  const why = missingPostgres();
  if (why) {
    if (process.env.CI === "true" || process.env.CI === "1")
      throw new Error(`The PostgreSQL tests cannot run in CI: ${why}. .ci/run installs Debian's postgresql.`);
    console.warn(`\n  PostgreSQL tests SKIPPED: ${why}.\n`);
    project.provide("pgUrl", "");
    project.provide("pgMissing", why);
    return;
  }
  cluster = await startCluster();
  project.provide("pgUrl", cluster.url);
  project.provide("pgMissing", "");
}

export function teardown() {
  cluster?.stop();
}
