/** What a conversation has been told, kept between messages (and on disk, so a reload keeps it). */
import type { CaseEvent, ChildFacts, Facts } from "../domain/types.js";
import type { EventType } from "../domain/rules/schema.js";

export interface Turn {
  from: "user" | "assistant";
  text: string;
  at: string;
  sources?: { document: string; section: string; quote: string; url: string }[];
  /** Pages the reply points to ("All the GP's duties in Bolton"). */
  links?: { label: string; url: string }[];
  suggestions?: string[];
}

export interface ConversationState {
  id: string;
  createdAt: string;
  updatedAt: string;
  set?: string;
  caseId?: string;
  role?: string;
  children: ChildFacts[];
  facts: Facts;
  events: CaseEvent[];
  /** Assumptions made and said (e.g. that an ICPC made a plan). */
  assumptions: string[];
  history: Turn[];
  /** What was last asked and answered, so follow-ups ("and then?", "same for LLR") can lean on it. */
  last?: {
    message: string;
    intent: string;
    topics: string[];
    actionIds: string[];
    term?: string;
    /** Events assumed for that answer (a booked conference held), so follow-ups see the same plan. */
    assumed?: CaseEvent[];
  };
  /** The event most recently told, which a bare correction ("no — the 9th") amends. */
  lastEvent?: EventType;
  /** The child most recently told of, whom "do they get an advocate?" is about. */
  focusChild?: string;
}

export function emptyState(id: string, now: string): ConversationState {
  return { id, createdAt: now, updatedAt: now, children: [], facts: {}, events: [], assumptions: [], history: [] };
}
