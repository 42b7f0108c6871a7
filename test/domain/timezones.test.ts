/** The date tests again under other server timezones: no date may move with the server's zone. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe.each(["America/Los_Angeles", "Europe/London", "Pacific/Kiritimati"])("under TZ=%s", (tz) => {
  it("the calendar and plan tests pass", () => {
    const r = spawnSync(
      process.execPath,
      [
        fileURLToPath(new URL("../../node_modules/vitest/vitest.mjs", import.meta.url)),
        "run",
        "test/domain/calendar.test.ts",
        "test/domain/plan",
      ],
      {
        cwd: ROOT,
        env: { ...process.env, TZ: tz, PATHWAY_TZ_CHILD: "1" },
        encoding: "utf8",
      },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    // It ran the tests (not zero of them), including the one that checks the zone was applied.
    const out = stripVTControlCharacters(r.stdout);
    expect(Number(/Tests\s+(\d+) passed/.exec(out)?.[1] ?? 0), out).toBeGreaterThan(50);
    expect(out).not.toMatch(/skipped/);
  }, 120_000);
});
