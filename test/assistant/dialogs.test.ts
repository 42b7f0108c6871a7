import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";
import { loadDialogs, runDialog } from "../fixtures/dialogs.js";

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
