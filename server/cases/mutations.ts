/** Every change to a case goes through here, so the page forms and the JSON API change cases the same way (and audit them). */
import type { AppContext } from "../app-context.js";
import type { CaseRecord, StoredEvent } from "../store/schema.js";
import type { CaseEvent, ChildFacts } from "../domain/types.js";
import { Conflict, InvalidInput, NotFound } from "../domain/errors.js";
import { ActionId, Note, parseInput } from "../domain/input.js";
import { newId } from "../store/file-store.js";
import { casePlan, pinnedVersions } from "./service.js";
import { checkCaseChildren, checkEvent, checkEvents, checkFacts, checkNewCase } from "./validate.js";
import type { EventForm } from "./forms.js";
import type { ImportPlacement as CasePlacement } from "../store/case-ops.js";

export interface NewCaseInput {
  reference: string;
  procedures: string;
  children: ChildFacts[];
  facts?: CaseRecord["facts"];
}

/**
 * A new case, pinned to the current version of each of its set's documents. `input` is checked by the input gate
 * (server/cases/validate.ts) whoever sends it — form, API or conversation — and nothing is written if it fails.
 */
export function createCase(
  ctx: AppContext,
  input: NewCaseInput,
  by: string,
  events: CaseEvent[] = [],
  /** The team and owner (the signed-in account's; none in single-user mode). */
  placement: CasePlacement = {},
) {
  const value = checkNewCase(ctx, input);
  const checked = checkEvents(ctx, events);
  const at = new Date().toISOString();
  const stored = checked.map((e) => ({ ...e, id: newId(6), recordedAt: at, recordedBy: by }));
  return ctx.store.create(
    { ...value, versions: pinnedVersions(ctx, value.procedures), events: stored, ...placement },
    by,
  );
}

/** What a conversation with the assistant has established, saved as a case with its events. */
export async function saveConversationAsCase(
  ctx: AppContext,
  conversation: { set?: string; children: ChildFacts[]; facts: CaseRecord["facts"]; events: CaseEvent[] },
  reference: string,
  by: string,
  placement: CasePlacement = {},
) {
  const set = conversation.set;
  if (!set)
    throw new InvalidInput("procedures", "Choose a procedure set in the conversation before saving it as a case.");
  // What was heard (`said`) stays with the conversation; the case holds the event.
  const events = conversation.events.map((e) => {
    const { said: _said, ...event } = e as CaseEvent & { said?: string };
    return event;
  });
  const input = {
    reference,
    procedures: set,
    children: conversation.children.map((ch) => ({ ...ch })),
    facts: conversation.facts,
  };
  try {
    // One write: the case and its events together, or nothing.
    return await createCase(ctx, input, by, events, placement);
  } catch (e) {
    if (e instanceof InvalidInput) throw inConversationWords(e, input.children, events);
    throw e;
  }
}

/** `children[0].dateOfBirth: …` as the conversation put it: “child AB's date of birth: …”. */
function inConversationWords(e: InvalidInput, children: ChildFacts[], events: CaseEvent[]): InvalidInput {
  const words = (field: string) =>
    field
      .replace(/^children\[(\d+)\]\.?/, (_m, i: string) => `child ${children[Number(i)]?.id ?? Number(i) + 1}: `)
      .replace(/^events\[(\d+)\]\.?/, (_m, i: string) => {
        const ev = events[Number(i)];
        return ev ? `the ${ev.type.replace(/_/g, " ")} on ${ev.date}: ` : "an event: ";
      });
  const first = e.field ?? "";
  const detail = e.message.startsWith(`${first}: `) ? e.message.slice(first.length + 2) : e.message;
  return new InvalidInput(
    e.field,
    `This conversation cannot be saved as a case: ${words(first)}${first === "reference" ? "the case reference " : ""}${detail}. Correct it in the conversation (or the reference), then save again.`,
    e.details,
  );
}

/** A closed case keeps its record as it was: nothing is added to it or changed until it is reopened. */
function mustBeOpen(d: CaseRecord) {
  if (d.closed)
    throw new Conflict("closed", `Case ${d.reference} is closed, so nothing was changed. Reopen it to record more.`);
}

export function addEvent(ctx: AppContext, c: CaseRecord, event: EventForm | unknown, by: string) {
  const e = checkEvent(ctx, event);
  const stored = { ...e, id: newId(6), recordedAt: new Date().toISOString(), recordedBy: by } as StoredEvent;
  return ctx.store.update(c.id, by, "event added", (d) => {
    mustBeOpen(d);
    d.events.push(stored);
    return { after: stored };
  });
}

export function removeEvent(ctx: AppContext, c: CaseRecord, eventId: string, by: string) {
  if (!c.events.some((e) => e.id === eventId)) throw new NotFound("event", `This case has no event “${eventId}”.`);
  return ctx.store.update(c.id, by, "event removed", (d) => {
    mustBeOpen(d);
    const i = d.events.findIndex((e) => e.id === eventId);
    const [before] = d.events.splice(i, 1);
    return { before };
  });
}

export function markDone(ctx: AppContext, c: CaseRecord, actionId: string, by: string, note?: string) {
  parseInput(ActionId, actionId, "actionId");
  if (note !== undefined) parseInput(Note, note, "note");
  // Only an action the case's checklist has now: ids that name nothing would sit in the record unseen.
  if (!casePlan(ctx, c).actions.some((a) => a.id === actionId))
    throw new InvalidInput("actionId", `actionId: “${actionId}” is not an action of this case's checklist`, [
      { field: "actionId", message: "not an action of this case's checklist" },
    ]);
  const mark = { actionId, at: new Date().toISOString(), by, ...(note ? { note } : {}) };
  return ctx.store.update(c.id, by, "action marked done", (d) => {
    mustBeOpen(d);
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
    mustBeOpen(d);
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
    checkCaseChildren(ctx, d, d.children);
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
  if (facts !== undefined) facts = checkFacts(ctx, facts);
  if (children !== undefined) children = checkCaseChildren(ctx, c, children);
  return ctx.store.update(c.id, by, "facts updated", (d) => {
    mustBeOpen(d);
    const before = { facts: d.facts, children: d.children };
    if (facts) d.facts = { ...d.facts, ...facts };
    if (children) d.children = children;
    return { before, after: { facts: d.facts, children: d.children } };
  });
}

export function moveToCurrentVersion(ctx: AppContext, c: CaseRecord, by: string) {
  const versions = pinnedVersions(ctx, c.procedures);
  return ctx.store.update(c.id, by, "moved to the current procedure version", (d) => {
    mustBeOpen(d);
    const before = d.versions;
    d.versions = versions;
    return { before, after: versions };
  });
}

/** Takes back a "Mark done": the action is open again (its due date is worked out as before). */
export function undoDone(ctx: AppContext, c: CaseRecord, actionId: string, by: string) {
  if (!c.done.some((x) => x.actionId === actionId))
    throw new NotFound("done mark", "That action is not marked done on this case, so there is nothing to undo.");
  return ctx.store.update(c.id, by, "mark done undone", (d) => {
    mustBeOpen(d);
    const i = d.done.findIndex((x) => x.actionId === actionId);
    if (i < 0)
      throw new NotFound("done mark", "That action is not marked done on this case, so there is nothing to undo.");
    const [before] = d.done.splice(i, 1);
    return { before };
  });
}

/** Closed cases leave the case list and the all-cases calendar; their record is kept and they can be reopened. */
export function closeCase(ctx: AppContext, c: CaseRecord, by: string, reason?: string) {
  return ctx.store.update(c.id, by, "case closed", (d) => {
    if (d.closed) throw new Conflict("closed", `Case ${d.reference} is already closed.`);
    d.closed = true;
    return { before: { closed: false }, after: { closed: true, ...(reason ? { reason: reason.slice(0, 500) } : {}) } };
  });
}

export function reopenCase(ctx: AppContext, c: CaseRecord, by: string) {
  return ctx.store.update(c.id, by, "case reopened", (d) => {
    if (!d.closed) throw new Conflict("open", `Case ${d.reference} is already open.`);
    d.closed = false;
    return { before: { closed: true }, after: { closed: false } };
  });
}

/**
 * Adds a child (`original` undefined) or corrects one. A changed label carries the child's "Mark done"s with it:
 * action ids name the child (`rule:AB@date`).
 */
export function saveChild(ctx: AppContext, c: CaseRecord, original: string | undefined, child: ChildFacts, by: string) {
  const others = c.children.filter((x) => x.id !== original);
  if (original !== undefined && others.length === c.children.length)
    throw new NotFound("child", `This case has no child “${original}”.`);
  if (others.some((x) => x.id === child.id))
    throw new InvalidInput("child", `“${child.id}” is already used for another child of this case.`);
  // As of the day the case was opened: a child of the case then is still one as they grow up.
  checkCaseChildren(ctx, c, [...others, child]);
  return ctx.store.update(c.id, by, original === undefined ? "child added" : "child changed", (d) => {
    mustBeOpen(d);
    if (original === undefined) {
      d.children.push(child);
      return { after: child };
    }
    const i = d.children.findIndex((x) => x.id === original);
    if (i < 0) throw new NotFound("child", `This case has no child “${original}”.`);
    const before = d.children[i]!;
    d.children[i] = child;
    if (child.id !== original)
      d.done = d.done.map((m) => ({ ...m, actionId: renameChild(m.actionId, original, child.id) }));
    return { before, after: child };
  });
}

/** `rule:AB@2026-12-01` → `rule:CD@2026-12-01`: the child is a segment between the rule id and the anchor date. */
function renameChild(actionId: string, from: string, to: string): string {
  const at = actionId.lastIndexOf("@");
  const [rule, ...who] = actionId.slice(0, at).split(":");
  return [rule, ...who.map((w) => (w === from ? to : w))].join(":") + actionId.slice(at);
}
