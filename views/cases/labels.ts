/** Words for event types and statuses as practitioners say them. */
import type { EventType } from "../../server/domain/rules/schema.js";

export const EVENT_LABELS: Record<EventType, string> = {
  referral: "Referral received",
  strategy_discussion: "Strategy discussion held",
  icpc_requested: "ICPC requested",
  icpc_scheduled: "ICPC booked (date of the conference)",
  icpc_held: "ICPC held",
  cp_visit: "Child protection visit",
  core_group_held: "Core group held",
  rcpc_scheduled: "RCPC booked (date of the conference)",
  rcpc_held: "RCPC (review conference) held",
  child_missing: "Child missing (first notified)",
  moved_out_of_area: "Family moved to another area (notified)",
  significant_event: "Significant event",
  plan_ended: "Plan ended",
  maqa_raised: "MAQA notification raised",
  access_refused: "Access to the child refused",
};

export const OUTCOME_LABELS: Record<string, string> = {
  plan: "Child protection plan",
  no_plan: "No plan",
  deferred: "Decision deferred",
  plan_continues: "Plan continues",
  plan_ended: "Plan ended",
};

export const STATUS_LABELS = {
  overdue: "Overdue",
  due: "Due soon",
  upcoming: "Upcoming",
  waiting: "Waiting",
  done: "Done",
} as const;

/** What a waiting action waits for, as the heading of its group: "When the ICPC is booked". */
export const WHEN_LABELS: Record<EventType, string> = {
  referral: "When the referral is recorded",
  strategy_discussion: "When the strategy discussion is recorded",
  icpc_requested: "When an ICPC is requested",
  icpc_scheduled: "When the ICPC is booked",
  icpc_held: "When the ICPC is held",
  cp_visit: "After each child protection visit",
  core_group_held: "When a core group is held",
  rcpc_scheduled: "When the review conference is booked",
  rcpc_held: "When the review conference is held",
  child_missing: "If the child goes missing",
  moved_out_of_area: "If the family moves to another area",
  significant_event: "After a significant event",
  plan_ended: "When the plan ends",
  maqa_raised: "When a MAQA notification is raised",
  access_refused: "If access to the child is refused",
};

/** The first step of a new case, by the event that starts its clock. */
export const START_LABELS: Partial<Record<EventType, string>> = {
  referral: "Record the referral to start the clock",
  strategy_discussion: "Record the strategy discussion to start the clock",
  icpc_requested: "Record the request for an ICPC",
  icpc_scheduled: "Record the date the ICPC is booked for",
  icpc_held: "Record the ICPC and its outcome",
};
