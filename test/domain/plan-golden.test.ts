/**
 * Golden cases: every `guidance/<set>/golden-cases.yaml` — facts and events in, the dates the procedure gives out,
 * each worked out by hand (the working is in the file). A procedures officer adds one by adding a case to the file.
 */
import { describe, expect, it } from "vitest";
import { readGoldenCases, runGoldenCase } from "../../server/checklists/golden.js";
import { loadChecklists } from "../../server/checklists/load.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const lib = loadLibrary(SHIPPED_GUIDANCE);
const checklists = loadChecklists(SHIPPED_GUIDANCE, lib);
const { cases, problems } = readGoldenCases(SHIPPED_GUIDANCE, lib);

describe("golden cases", () => {
  it("every golden-cases file can be read", () => {
    expect(problems).toEqual([]);
  });

  it("every set has golden cases", () => {
    expect(new Set(cases.map((c) => c.set))).toEqual(new Set(lib.sets.map((s) => s.id)));
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const set of lib.sets)
    describe(set.id, () => {
      for (const c of cases.filter((x) => x.set === set.id))
        it(c.name, () => {
          expect(runGoldenCase(c, lib, checklists)).toEqual([]);
        });
    });
});
