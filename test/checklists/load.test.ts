/**
 * A broken rules file stops start-up with the file's name, the rule and what is wrong, in words a procedures
 * officer can act on — not "the guidance could not be read".
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChecklistError, loadChecklists, readChecklists } from "../../server/checklists/load.js";
import { loadLibrary } from "../../server/guidance/load.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

const SETS = ["bolton", "cp-guide", "darlington", "llr", "lscb-ch9"];
const BOLTON = "bolton/child-protection-conferences/1.rules.yaml";

/** A copy of the shipped guidance with one file changed. */
function withFile(file: string, change: (text: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "pathway-rules-")), "guidance");
  cpSync(SHIPPED_GUIDANCE, dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), "utf8")));
  return dir;
}

const loadError = (dir: string) => {
  try {
    loadChecklists(dir, loadLibrary(dir));
  } catch (e) {
    return e as Error;
  }
  throw new Error("loaded without complaint");
};

describe("loading the rules beside the guidance", () => {
  it("loads the shipped rules", () => {
    const lib = loadLibrary(SHIPPED_GUIDANCE);
    expect([...loadChecklists(SHIPPED_GUIDANCE, lib).bySet.keys()].sort()).toEqual(SETS);
  });

  it("names the file, the rule and the field of a timescale it cannot read", () => {
    const e = loadError(
      withFile(BOLTON, (t) => t.replace("timescale: 10 working days after", "timescale: 10 fortnights")),
    );
    expect(e).toBeInstanceOf(ChecklistError);
    expect(e.message).toMatch(
      /^guidance\/bolton\/child-protection-conferences\/1\.rules\.yaml, rule \d+ \(bolton\.first-core-group\), timescale: “10 fortnights” is not a timescale Pathway can read\. Write, for example, “10 working days after”/,
    );
  });

  it("lists the events when a rule names one that does not exist", () => {
    const e = loadError(
      withFile(BOLTON, (t) => t.replace("clock starts: moved_out_of_area", "clock starts: family_moved")),
    );
    expect(e.message).toContain("(bolton.moved), clock starts: “family_moved” is not an event. Events are: referral,");
  });

  it("names a file that is not YAML", () => {
    const e = loadError(withFile(BOLTON, (t) => `${t}\n  - quote: "never closed\n`));
    expect(e.message).toMatch(
      /^guidance\/bolton\/child-protection-conferences\/1\.rules\.yaml: this is not a YAML file/,
    );
  });

  it("names a rule whose clock starts at an unknown rule", () => {
    const e = loadError(
      withFile(BOLTON, (t) =>
        t.replace("clock starts: due date of bolton.split-vote-referral", "clock starts: due date of bolton.nowhere"),
      ),
    );
    expect(e.message).toContain(
      "clock starts: “due date of bolton.nowhere”: there is no rule bolton.nowhere in this file.",
    );
  });

  it("refuses a quote that is not in the section it cites, word for word", () => {
    const e = loadError(
      withFile(BOLTON, (t) =>
        t.replace("must be held within 10 working days.", "must be held within ten working days."),
      ),
    );
    expect(e.message).toMatch(
      /\(bolton\.first-core-group\): the quote “The date of the first Core group Meeting .*…” is not in section 3-the-core-group \(‘The Core Group’\) of version 1 word for word\. Copy the sentence from that section exactly\.$/,
    );
  });

  it("collects every problem for check-content, each a sentence", () => {
    const dir = withFile(BOLTON, (t) =>
      t.replace("duty: quoracy", "duty: quorum").replace("owner: Conference chair\n", "owner: C\n"),
    );
    const { problems } = readChecklists(dir, loadLibrary(dir));
    expect(problems.some((p) => p.includes("“duty: quorum” is not a duty."))).toBe(true);
    expect(problems.some((p) => p.includes("needs “owner”: who does it."))).toBe(true);
  });
});
