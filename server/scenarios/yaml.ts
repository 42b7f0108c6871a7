/** A scenario as the YAML a trainer reads: fields in story order, a short header saying how to read it. */
import { stringify } from "yaml";
import type { Scenario, ScenarioEntry } from "./schema.js";

const ENTRY_ORDER: (keyof ScenarioEntry)[] = [
  "date",
  "bookedOn",
  "event",
  "outcome",
  "time",
  "splitVote",
  "seenAlone",
  "childSeen",
  "bedroomSeen",
  "immediateRisk",
  "grading",
  "pause",
  "notes",
  "done",
  "narration",
];

const HEADER = `# A Pathway training scenario: read it top to bottom.
# Dates are YYYY-MM-DD. Each timeline entry is an event (what happened), a pause (the trainer's
# question) or done (duties completed that day), with optional narration. See the README, "Training".
`;

export function scenarioToYaml(s: Scenario): string {
  const ordered = {
    title: s.title,
    summary: s.summary,
    set: s.set,
    children: s.children,
    facts: s.facts,
    timeline: s.timeline.map((e) =>
      Object.fromEntries(ENTRY_ORDER.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])),
    ),
  };
  return HEADER + stringify(ordered, { lineWidth: 110, minContentWidth: 40 });
}
