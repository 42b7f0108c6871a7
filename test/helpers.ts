/** Builds apps for tests from the shipped guidance or a fixture folder, with a fixed "today". */
import { fileURLToPath } from "node:url";
import { buildContext } from "../server/bootstrap.js";
import { createApp } from "../server/app.js";

export const SHIPPED_GUIDANCE = fileURLToPath(new URL("../guidance", import.meta.url));
export const FIXTURE_GUIDANCE = fileURLToPath(new URL("./fixtures/guidance", import.meta.url));

export function makeApp(guidanceDir = SHIPPED_GUIDANCE, today = "2026-11-23") {
  const ctx = buildContext(guidanceDir, () => today);
  return { ctx, app: createApp(ctx, { guidanceDir }) };
}

export const htmx = { "HX-Request": "true" };
