/** Action and question ids are made and read in one place (server/domain/ids.ts); the case store keys done marks by them. */
import { describe, expect, it } from "vitest";
import { actionId, actionKey, childQuestionId, parseActionId, parseQuestionId } from "../../server/domain/ids.js";
import { byRule, ev, plan } from "./plan-harness.js";

describe("ids", () => {
  it("an action id is rule[:child|:agency]@anchor date, and reads back", () => {
    expect(actionId("llr.always-notify", { agency: "police" }, "2026-12-01")).toBe(
      "llr.always-notify:police@2026-12-01",
    );
    expect(actionKey("cp-guide.advocacy-icpc", { child: "C" })).toBe("cp-guide.advocacy-icpc:C");
    expect(parseActionId("cp-guide.advocacy-rcpc:C D@2027-04-20")).toEqual({
      rule: "cp-guide.advocacy-rcpc",
      who: "C D",
      anchor: "2027-04-20",
    });
    expect(parseActionId("bolton.icpc@2026-12-18")).toEqual({ rule: "bolton.icpc", anchor: "2026-12-18" });
    expect(parseActionId("not an id")).toBeUndefined();
  });

  it("question ids are a fact or a child's date of birth or looked-after status", () => {
    expect(childQuestionId("A", "lookedAfter")).toBe("child:A:lookedAfter");
    expect(parseQuestionId("child:A B:dateOfBirth")).toEqual({ child: "A B", about: "dateOfBirth" });
    expect(parseQuestionId("newCase")).toEqual({ fact: "newCase" });
  });

  it("the engine's ids are these (the ids stored done marks use are unchanged)", () => {
    const p = plan("bolton", "2026-12-21", [ev("strategy_discussion", "2026-12-18")]);
    expect(byRule(p.actions, "bolton.icpc").id).toBe("bolton.icpc@2026-12-18");
  });
});
