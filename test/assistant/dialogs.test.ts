import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";
import { countChecks, loadDialogs, runDialog } from "../fixtures/dialogs.js";

const { app } = await makeApp();

describe("development dialogues (test/fixtures/dialogs-dev.json)", () => {
  const dev = loadDialogs("dialogs-dev.json");
  it("has the 8 development dialogues to run", () => expect(dev).toHaveLength(8));
  for (const d of dev) {
    it(d.name, async () => {
      expect(await runDialog(app, d)).toEqual([]);
    });
  }
});

describe("our own dialogues (test/fixtures/dialogs-extra.json, dialogs-more.json)", () => {
  const dialogs = [...loadDialogs("dialogs-extra.json"), ...loadDialogs("dialogs-more.json")];
  it("pass at least 85% of them (held-out style check of the general skill)", async () => {
    const failures: string[] = [];
    for (const d of dialogs) {
      const p = await runDialog(app, d);
      if (p.length) failures.push(`${d.name}: ${p.join("; ")}`);
    }
    expect((dialogs.length - failures.length) / dialogs.length, failures.join("\n")).toBeGreaterThanOrEqual(0.85);
  });
});

/** The share of a set's checks passed, and what failed (for the message). */
async function score(file: string) {
  let checks = 0;
  let failed = 0;
  const failures: string[] = [];
  for (const d of loadDialogs(file)) {
    const n = countChecks(d);
    const p = await runDialog(app, d);
    checks += n;
    failed += Math.min(n, p.length);
    if (p.length) failures.push(`${d.name}: ${p.join("; ").slice(0, 200)}`);
  }
  return { checks, share: (checks - failed) / checks, failures: failures.join("\n") };
}

describe("probe dialogues (test/fixtures/probe/dialogs-probe.json, written from the procedure text alone)", () => {
  it("pass at least 85% of their checks (regression: first score 39% before the conversation work)", async () => {
    const r = await score("probe/dialogs-probe.json");
    expect(r.checks).toBeGreaterThan(100);
    expect(r.share, r.failures).toBeGreaterThanOrEqual(0.85);
  });
});

describe("fresh probe dialogues (test/fixtures/probe/dialogs-fresh5.json, written from the seeds in session 3)", () => {
  it("pass at least 84% of their checks (regression: first score 77%, 172 of 222)", async () => {
    const r = await score("probe/dialogs-fresh5.json");
    expect(r.checks).toBeGreaterThan(200);
    expect(r.share, r.failures).toBeGreaterThanOrEqual(0.84);
  });
});
