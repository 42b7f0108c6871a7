/** Every change to a case goes through here, so the page forms and the JSON API change cases the same way (and audit them). */
import type { AppContext } from "../app-context.js";
import type { CaseRecord, StoredEvent } from "../store/schema.js";
import type { CaseEvent, ChildFacts } from "../domain/types.js";
import { InvalidInput, NotFound } from "../domain/errors.js";
import { checkChildren } from "../domain/input.js";
import { findSet } from "../guidance/model.js";
import { newId } from "../store/file-store.js";
import { pinnedVersions } from "./service.js";
import type { EventForm } from "./forms.js";

export interface NewCaseInput {
  reference: string;
  procedures: string;
  children: ChildFacts[];
  facts?: CaseRecord["facts"];
}

/** A new case, pinned to the current version of each of its set's documents. */
export function createCase(ctx: AppContext, input: NewCaseInput, by: string) {
  if (!findSet(ctx.library, input.procedures))
    throw new NotFound("procedure set", `procedures: unknown procedure set “${input.procedures}”`);
  checkChildren(ctx.today(), input.children);
  return ctx.store.create({ ...input, versions: pinnedVersions(ctx, input.procedures) }, by);
}

/** What a conversation with the assistant has established, saved as a case with its events. */
export async function saveConversationAsCase(
  ctx: AppContext,
  conversation: { set?: string; children: ChildFacts[]; facts: CaseRecord["facts"]; events: CaseEvent[] },
  reference: string,
  by: string,
) {
  const set = conversation.set;
  if (!set)
    throw new InvalidInput("procedures", "Choose a procedure set in the conversation before saving it as a case.");
  const rec = await createCase(
    ctx,
    { reference, procedures: set, children: conversation.children.map((ch) => ({ ...ch })), facts: conversation.facts },
    by,
  );
  const at = new Date().toISOString();
  return ctx.store.update(rec.id, by, "events from a conversation", (d) => {
    d.events = conversation.events.map((e, i) => ({
      ...e,
      id: `c${i}${rec.id.slice(0, 4)}`,
      recordedAt: at,
      recordedBy: by,
    }));
    return { after: d.events };
  });
}

export function addEvent(ctx: AppContext, c: CaseRecord, e: EventForm, by: string) {
  const stored = { ...e, id: newId(6), recordedAt: new Date().toISOString(), recordedBy: by } as StoredEvent;
  return ctx.store.update(c.id, by, "event added", (d) => {
    d.events.push(stored);
    return { after: stored };
  });
}

export function removeEvent(ctx: AppContext, c: CaseRecord, eventId: string, by: string) {
  if (!c.events.some((e) => e.id === eventId)) throw new NotFound("event", `This case has no event “${eventId}”.`);
  return ctx.store.update(c.id, by, "event removed", (d) => {
    const i = d.events.findIndex((e) => e.id === eventId);
    const [before] = d.events.splice(i, 1);
    return { before };
  });
}

export function markDone(ctx: AppContext, c: CaseRecord, actionId: string, by: string, note?: string) {
  if (!/^[a-z0-9-]+\.[a-z0-9-]+(:[A-Za-z0-9 _.'-]+)*@\d{4}-\d{2}-\d{2}$/.test(actionId))
    throw new InvalidInput("actionId", "actionId: not an action of this checklist", [
      { field: "actionId", message: "unknown action" },
    ]);
  const mark = { actionId, at: new Date().toISOString(), by, ...(note ? { note: note.slice(0, 500) } : {}) };
  return ctx.store.update(c.id, by, "action marked done", (d) => {
    d.done = d.done.filter((x) => x.actionId !== actionId);
    d.done.push(mark);
    return { after: mark };
  });
}

export type Answer =
  | { kind: "fact"; id: string; value: boolean }
  | { kind: "agencies"; value: string[] }
  | {
      kind: "child";
      child: string;
      field: "dateOfBirth" | "lookedAfter" | "expectedDeliveryDate";
      value: string | boolean;
    };

export function applyAnswer(ctx: AppContext, c: CaseRecord, a: Answer, by: string) {
  return ctx.store.update(c.id, by, "answer changed", (d) => {
    if (a.kind === "fact") {
      const before = d.facts[a.id as "newCase"];
      (d.facts as Record<string, unknown>)[a.id] = a.value;
      return { before: { [a.id]: before }, after: { [a.id]: a.value } };
    }
    if (a.kind === "agencies") {
      const before = d.facts.agencies;
      d.facts.agencies = a.value;
      return { before: { agencies: before }, after: { agencies: a.value } };
    }
    const child = d.children.find((x) => x.id === a.child);
    if (!child) throw new NotFound("child", `This case has no child “${a.child}”.`);
    const before = { ...child };
    (child as Record<string, unknown>)[a.field] = a.value;
    return { before, after: { ...child } };
  });
}

export function setFactsAndChildren(
  ctx: AppContext,
  c: CaseRecord,
  facts: CaseRecord["facts"] | undefined,
  children: ChildFacts[] | undefined,
  by: string,
) {
  return ctx.store.update(c.id, by, "facts updated", (d) => {
    const before = { facts: d.facts, children: d.children };
    if (facts) d.facts = { ...d.facts, ...facts };
    if (children) d.children = children;
    return { before, after: { facts: d.facts, children: d.children } };
  });
}

export function moveToCurrentVersion(ctx: AppContext, c: CaseRecord, by: string) {
  const versions = pinnedVersions(ctx, c.procedures);
  return ctx.store.update(c.id, by, "moved to the current procedure version", (d) => {
    const before = d.versions;
    d.versions = versions;
    return { before, after: versions };
  });
}
