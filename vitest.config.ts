import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A throwaway PostgreSQL cluster for the database tests (skipped with a message locally when there is none).
    globalSetup: ["test/pg/global-setup.ts"],
  },
});
