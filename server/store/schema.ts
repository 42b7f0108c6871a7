/**
 * What a case file holds on disk. Facts and events only — due dates are never stored, always recomputed.
 *
 * - `CaseRecord`: a valid case, built from the input shapes every entry point checks (server/domain/input.ts).
 *   Every case written passes it, except a change to a case already needing attention (below).
 * - `CaseEnvelope`: just enough to list a case, show it and correct it (id, reference, set, the lists). A file
 *   that passes this but not `CaseRecord` (edited on disk, say) is loaded and shown as "needs attention"; one
 *   that does not even pass this stops start-up, naming the file.
 */
import { z } from "zod";
import { ActionId, Children, FactsInput, Note, Reference, StoredEventSchema, StoredEvents } from "../domain/input.js";

export const SCHEMA_VERSION = 2;

export const CASE_ID = /^[a-z0-9]{6,32}$/;

export const StoredEvent = StoredEventSchema;
export type StoredEvent = z.infer<typeof StoredEvent>;

export const DoneMark = z
  .object({ actionId: ActionId, at: z.string(), by: z.string(), note: Note.optional() })
  .strict();
export type DoneMark = z.infer<typeof DoneMark>;

export const AuditEntry = z
  .object({
    at: z.string(),
    by: z.string(),
    change: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    /**
     * Brought in with an imported case file: history from elsewhere, shown as imported. Every entry of an imported
     * file is marked so, whatever the file said, so an import cannot pass off its history as made here (issue 14).
     */
    imported: z.literal(true).optional(),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntry>;

const header = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: z.string().regex(CASE_ID, "must be 6–32 lower-case letters or digits"),
  procedures: z.string().max(40),
  /** Document id → version pinned when the case was created (or last moved). */
  versions: z.record(z.string().max(100), z.string().max(40)),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
  closed: z.boolean().default(false),
  /** The team the case belongs to (issue 14): who may see it. Absent on cases made before accounts. */
  team: z.string().regex(CASE_ID).optional(),
  /** The account (id) that owns the case: the default owner of its actions. */
  owner: z.string().regex(CASE_ID).optional(),
  /**
   * Audit entries moved, oldest first, to the case's archive to keep the file under its size cap (never dropped:
   * `CaseStore.archivedAudit`). The count of them, so an archive write the case file never confirmed is ignored.
   */
  auditArchived: z.number().int().min(0).optional(),
};

export const CaseRecord = z
  .object({
    ...header,
    reference: Reference,
    children: Children,
    facts: FactsInput(),
    events: StoredEvents,
    done: z.array(DoneMark),
    audit: z.array(AuditEntry),
    /** Action id → the account (id) it is assigned to, where that is not the case's owner. */
    assigned: z.record(ActionId, z.string().regex(CASE_ID)).optional(),
  })
  .strict();
export type CaseRecord = z.infer<typeof CaseRecord>;

/** Each element an object, holding what a person needs to see and remove it. */
const item = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape);

export const CaseEnvelope = z.looseObject({
  ...header,
  reference: z.string().max(10_000),
  children: z.array(item({})),
  facts: z.record(z.string(), z.unknown()),
  events: z.array(item({ id: z.string().max(200) })),
  done: z.array(item({})),
  audit: z.array(z.unknown()),
});
