/** What the engine takes (facts and events in) and gives (a plan out). Shapes follow docs/DOMAIN.md. */
import type { EventType } from "./rules/schema.js";

export interface ChildFacts {
  id: string;
  dateOfBirth?: string;
  ageYears?: number;
  unborn?: boolean;
  expectedDeliveryDate?: string;
  lookedAfter?: boolean;
}

export interface CaseEvent {
  type: EventType;
  date: string;
  time?: string;
  outcome?: string;
  splitVote?: boolean;
  seenAlone?: boolean;
  childSeen?: boolean;
  bedroomSeen?: boolean;
  immediateRisk?: boolean;
  grading?: number;
}

export type Facts = Record<string, boolean | string[] | undefined> & { agencies?: string[] };

export interface PlanInput {
  set: string;
  today: string;
  children: ChildFacts[];
  facts: Facts;
  events: CaseEvent[];
  done: string[];
}

export type Status = "overdue" | "due" | "upcoming" | "done" | "waiting";

export interface SourceRef {
  document: string;
  section: string;
  quote: string;
  url: string;
}

export interface Action {
  id: string;
  rule: string;
  duty: string;
  title: string;
  owner: string;
  due: string | null;
  dueTime?: string;
  actBy?: string;
  /** "Not before" date for ranges such as 4–6 week intervals. */
  earliest?: string;
  status: Status;
  /** Set on a `waiting` action: what it waits for, as data (`basis` says the same in words). */
  waitingOn?: WaitingOn;
  child?: string;
  agency?: string;
  basis: string;
  sources: SourceRef[];
}

/**
 * What a waiting action is waiting for (added by Pathway; see docs/DOMAIN.md):
 * - `{ event, outcome?, anyOf? }`: an event of type `event` (any of `anyOf` where more than one type would do),
 *   with one of `outcome` when given — an ICPC deciding on a plan is `{ event: "icpc_held", outcome: ["plan"] }`;
 * - `{ rule }`: the due date of another rule of the set, itself not yet known;
 * - `{ birthday }`: a child's Nth birthday, i.e. their date of birth.
 */
export type WaitingOn =
  | { event: EventType; outcome?: string[]; anyOf?: EventType[] }
  | { rule: string }
  | { birthday: number };

export interface Question {
  id: string;
  text: string;
  why: string;
}

export interface Plan {
  actions: Action[];
  questions: Question[];
}
