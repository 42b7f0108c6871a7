/** The one vocabulary: every event, outcome, flag, fact, agency and duty declared once, with its words. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  awaitedWords,
  CONTRACT_OUTCOMES,
  EVENT_LABELS,
  SHIPPED_VOCABULARY,
  VOCABULARY,
  eventName,
  eventQuestion,
  outcomeLabel,
  parseVocabulary,
} from "../../server/domain/vocabulary.js";
import { EVENT_FLAGS, EVENT_TYPES } from "../../server/domain/rules/schema.js";
import { EVENT_LABELS as VIEW_LABELS, WHEN_LABELS } from "../../views/cases/labels.js";
import { fillWords } from "../../server/domain/words.js";

const shipped = readFileSync(SHIPPED_VOCABULARY, "utf8");

describe("the vocabulary", () => {
  it("declares every event of the contract with its label, name and question", () => {
    expect([...VOCABULARY.events.keys()].sort()).toEqual([...EVENT_TYPES].sort());
    for (const t of EVENT_TYPES) {
      expect(EVENT_LABELS[t], t).toBeTruthy();
      expect(eventName(t), t).toMatch(/^(the |notification)/);
      expect(eventQuestion(t), t).toMatch(/\?$/);
    }
    expect([...VOCABULARY.flags.keys()].sort()).toEqual([...Object.keys(EVENT_FLAGS), "grading"].sort());
    expect(outcomeLabel("plan")).toBe("Child protection plan");
  });

  it("is what the forms and pages show", () => {
    expect(VIEW_LABELS.icpc_held).toBe("ICPC held");
    expect(WHEN_LABELS.icpc_held).toBe("When the ICPC is held");
  });

  it("says what is missing or wrong, naming the file", () => {
    const without = shipped.replace(/ {2}- id: maqa_raised\n(?: {4}.*\n)+/, "");
    expect(() => parseVocabulary(without, "checklists/vocabulary.yaml", { outcomes: CONTRACT_OUTCOMES })).toThrow(
      "checklists/vocabulary.yaml: events: “maqa_raised” is missing",
    );
    const twice = shipped.replace(
      "  - id: referral\n",
      "  - id: referral\n    label: x\n    name: y\n    question: z?\n  - id: referral\n",
    );
    expect(() => parseVocabulary(twice, "v.yaml", false)).toThrow("event “referral” is declared twice");
    const badWords = shipped.replace("words: \\bquor", "words: (quor");
    expect(() => parseVocabulary(badWords, "v.yaml", false)).toThrow("is not a pattern that can be read");
  });

  it("fills a rule's words in one place, never leaving a placeholder", () => {
    expect(fillWords("See {child} and notify {agency} ({edd})")).toBe(
      "See the child and notify each agency (as recorded on the case)",
    );
    expect(fillWords("See {child}, {child}", { child: { id: "A" } })).toBe("See A, A");
    expect(fillWords("Notify {agency}", { agency: "gp" })).toBe("Notify the GP");
  });
});

describe("what a waiting action waits on, in words", () => {
  it("reads right after “Waiting on”, from the vocabulary's awaited words where the name would not", () => {
    expect(awaitedWords("icpc_scheduled")).toBe("the ICPC to be booked");
    expect(awaitedWords("rcpc_scheduled")).toBe("the review conference to be booked");
    // No awaited words: the event's own name.
    expect(awaitedWords("strategy_discussion")).toBe("the strategy discussion");
  });
});
