import { describe, expect, it } from "vitest";
import { makeApp } from "../helpers.js";
import { loadDialogs, runDialog } from "../fixtures/dialogs.js";

const { app } = await makeApp();

describe("development dialogues (../shared/eval/dialogs-dev.json)", () => {
  for (const d of loadDialogs("dialogs-dev.json")) {
    it(d.name, async () => {
      expect(await runDialog(app, d)).toEqual([]);
    });
  }
});
