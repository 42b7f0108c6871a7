/** A broken rules file stops start-up with the file's name and the field that is wrong, not "the guidance could not be read". */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHIPPED_CHECKLISTS } from "../../server/bootstrap.js";
import { ChecklistError, loadChecklists } from "../../server/checklists/load.js";

const SETS = ["bolton", "cp-guide", "darlington", "llr", "lscb-ch9"];

/** A copy of the shipped checklists/ with one file changed. */
function withFile(file: string, change: (text: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "pathway-rules-")), "checklists");
  cpSync(SHIPPED_CHECKLISTS, dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), "utf8")));
  return dir;
}

const loadError = (dir: string) => {
  try {
    loadChecklists(dir, SETS);
  } catch (e) {
    return e;
  }
  throw new Error("loaded without complaint");
};

describe("loading checklists/", () => {
  it("loads the shipped rules", () => {
    expect([...loadChecklists(SHIPPED_CHECKLISTS, SETS).bySet.keys()].sort()).toEqual(SETS);
  });

  it("names the file and the field of a rule that breaks the schema", () => {
    const dir = withFile("bolton.json", (text) => {
      const json = JSON.parse(text);
      json.rules[3].offsets[0].unit = "fortnights";
      return JSON.stringify(json);
    });
    const e = loadError(dir);
    expect(e).toBeInstanceOf(ChecklistError);
    expect((e as Error).message).toMatch(/^checklists\/bolton\.json: rules\[3\]\.offsets\[0\]\.unit: .*working_days/);
  });

  it("names a file that is not JSON", () => {
    const e = loadError(withFile("llr.json", (text) => text.slice(0, 200)));
    expect(e).toBeInstanceOf(ChecklistError);
    expect((e as Error).message).toMatch(/^checklists\/llr\.json: not valid JSON: /);
  });

  it("names the file of a rule that cites an unknown rule", () => {
    const dir = withFile("darlington.json", (text) => {
      const json = JSON.parse(text);
      json.rules.push({ ...json.rules[0], id: "darlington.extra", anchor: [{ rule: "darlington.nowhere" }] });
      return JSON.stringify(json);
    });
    expect((loadError(dir) as Error).message).toBe(
      "checklists/darlington.json: rule darlington.extra is anchored on unknown rule darlington.nowhere",
    );
  });
});
