/**
 * The input gate (server/domain/input.ts) put together for each way something reaches a case: a new case (form,
 * API, a conversation saved as a case), an event, children and facts, a done mark, an import, and a stored case
 * read back (whose problems make it "need attention"). Each throws InvalidInput (or NotFound for an unknown
 * set) naming the field as the request named it, before anything is written.
 */
import { z } from "zod";
import type { AppContext } from "../app-context.js";
import type { FieldProblem } from "../domain/errors.js";
import {
  Children,
  EventInput,
  FactsInput,
  type Known,
  type KnownSet,
  Reference,
  assertNone,
  childProblems,
  eventProblems,
  parseInput,
  setProblems,
  versionProblems,
  zodProblems,
} from "../domain/input.js";
import { isValidIso } from "../domain/dates.js";
import { getOrMake } from "../domain/memo.js";
import type { CaseEvent, ChildFacts } from "../domain/types.js";
import type { GuidanceLibrary } from "../guidance/model.js";
import type { Checklists } from "../checklists/load.js";
import { migrate } from "../store/migrations.js";
import { CaseRecord } from "../store/schema.js";
import { ImportError } from "../store/file-store.js";

const knownMemo = new WeakMap<GuidanceLibrary, WeakMap<Checklists, Known>>();

/** What the loaded guidance and rules hold, as the gate needs it (remade when either is reloaded). */
export function known(ctx: AppContext): Known {
  const byChecklists = getOrMake(knownMemo, ctx.library, () => new WeakMap<Checklists, Known>());
  return getOrMake(byChecklists, ctx.checklists, () => {
    const sets = new Map<string, KnownSet>();
    for (const s of ctx.library.sets)
      sets.set(s.id, {
        documents: new Map(s.documents.map((d) => [d.id, d.versions.map((v) => v.version)])),
        rules: new Set((ctx.checklists.bySet.get(s.id)?.rules ?? []).map((r) => r.id)),
      });
    return { sets, agencies: ctx.checklists.catalogue.agencies.map((a) => a.id) };
  });
}

/** The day a stored case was opened (its createdAt), if that is a date. */
export function openedOf(rec: { createdAt?: unknown }): string | undefined {
  const d = typeof rec.createdAt === "string" ? rec.createdAt.slice(0, 10) : "";
  return isValidIso(d) ? d : undefined;
}

const agencyIds = (ctx: AppContext) => [...known(ctx).agencies];

export interface NewCaseFields {
  reference: string;
  procedures: string;
  children: ChildFacts[];
  facts?: CaseRecord["facts"];
}

/** A new case as every entry point gives it: reference, a known set, children, facts. */
export function checkNewCase(ctx: AppContext, input: unknown): NewCaseFields {
  const schema = z
    .object({
      reference: Reference,
      procedures: z.string({ error: "is required: one of the procedure set ids" }).max(40),
      children: Children.default([]),
      facts: FactsInput(agencyIds(ctx)).default({}),
    })
    .strict();
  const value = parseInput(schema, input);
  const today = ctx.today();
  assertNone([
    ...setProblems(value.procedures, known(ctx)),
    ...childProblems(value.children, { today }, (i) => `children[${i}]`),
  ]);
  return value;
}

/** Events as a request gives them (a conversation's, say): shapes and the calendar, named `events[i]`. */
export function checkEvents(ctx: AppContext, events: unknown, field = "events"): CaseEvent[] {
  const list = parseInput(z.array(EventInput).max(500), events, field);
  assertNone(eventProblems(list, ctx.today(), (i) => `${field}[${i}]`));
  return list;
}

/** One event to add to a case (the API's `event`, the form's fields). */
export function checkEvent(ctx: AppContext, event: unknown, field = "event"): CaseEvent {
  const e = parseInput(EventInput, event, field);
  assertNone(eventProblems([e], ctx.today(), () => field));
  return e;
}

/** Children replacing a case's (or one corrected): shapes and the calendar, as of the day the case was opened. */
export function checkCaseChildren(
  ctx: AppContext,
  rec: { createdAt?: unknown },
  children: unknown,
  field = "children",
): ChildFacts[] {
  const list = parseInput(Children, children, field);
  assertNone(childProblems(list, { today: ctx.today(), opened: openedOf(rec) }, (i) => `${field}[${i}]`));
  return list;
}

export function checkFacts(ctx: AppContext, facts: unknown, field = "facts"): CaseRecord["facts"] {
  return parseInput(FactsInput(agencyIds(ctx)), facts, field);
}

/**
 * A case file to import (as exported): its schema version, every field of the case, a known set and versions of
 * its documents, and the calendar bounds (as of the day it was opened). Nothing is written when it fails.
 */
export function checkImport(ctx: AppContext, data: unknown): CaseRecord {
  let migrated: unknown;
  try {
    migrated = migrate(data);
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const p = (e as { details?: FieldProblem[] }).details;
    throw ImportError.of(p ?? [{ field: "schemaVersion", message: (e as Error).message }]);
  }
  const parsed = CaseRecord.safeParse(migrated);
  if (!parsed.success) throw ImportError.of(zodProblems(parsed.error));
  const rec = parsed.data;
  const k = known(ctx);
  assertNone(setProblems(rec.procedures, k));
  assertNone([
    ...versionProblems(rec.procedures, rec.versions, k),
    ...zodIssues(FactsInput(agencyIds(ctx)), rec.facts, "facts"),
    ...contentProblems(ctx, rec),
  ]);
  return rec;
}

const zodIssues = (schema: z.ZodType, value: unknown, prefix: string): FieldProblem[] => {
  const r = schema.safeParse(value);
  return r.success ? [] : zodProblems(r.error, prefix);
};

/** A valid record against the calendar: its children as of the day it was opened, its events as of today. */
function contentProblems(ctx: AppContext, rec: CaseRecord, today = ctx.today()): FieldProblem[] {
  return [
    ...childProblems(rec.children, { today, opened: openedOf(rec) }, (i) => `children[${i}]`),
    ...eventProblems(rec.events, today, (i) => `events[${i}]`),
  ];
}

/**
 * What is wrong with a stored case, field by field (empty for a good one): the store's verdict on its shape,
 * then a known procedure set and the calendar bounds. Versions and done marks are not held against a stored
 * case: a version or rule no longer shipped only means the current one is used.
 */
export function recordProblems(ctx: AppContext, rec: CaseRecord, today = ctx.today()): FieldProblem[] {
  const shape = ctx.store.problems(rec);
  if (shape?.length) return shape;
  const set = setProblems(rec.procedures, known(ctx));
  if (set.length) return set;
  return contentProblems(ctx, rec, today);
}
