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
