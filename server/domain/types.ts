/** What the engine takes (facts and events in) and gives (a plan out). Shapes follow DOMAIN.md. */
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
  child?: string;
  agency?: string;
  basis: string;
  sources: SourceRef[];
}

export interface Question {
  id: string;
  text: string;
  why: string;
}

export interface Plan {
  actions: Action[];
  questions: Question[];
}
