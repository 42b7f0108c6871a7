/** Words for event types and statuses as practitioners say them. */
import type { EventType } from "../../server/domain/rules/schema.js";
import {
  EVENT_LABELS as VOCABULARY_EVENT_LABELS,
  EVENT_TO_RECORD,
  EVENT_WHEN,
  OUTCOME_LABELS as VOCABULARY_OUTCOME_LABELS,
} from "../../server/domain/vocabulary.js";

// Events and outcomes are words of the one vocabulary (checklists/vocabulary.yaml).
export const EVENT_LABELS: Record<EventType, string> = VOCABULARY_EVENT_LABELS;

export const OUTCOME_LABELS: Record<string, string> = VOCABULARY_OUTCOME_LABELS;

export const STATUS_LABELS = {
  overdue: "Overdue",
  due: "Due soon",
  upcoming: "Upcoming",
  waiting: "Waiting",
  done: "Done",
} as const;

/** What a waiting action waits for, as the heading of its group: "When the ICPC is booked" (from the vocabulary). */
export const WHEN_LABELS: Record<EventType, string> = EVENT_WHEN;

/** The first step of a new case, by the event that starts its clock (from the vocabulary). */
export const START_LABELS: Partial<Record<EventType, string>> = EVENT_TO_RECORD;
