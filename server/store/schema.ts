/** What a case file holds on disk. Facts and events only — due dates are never stored, always recomputed. */
import { z } from "zod";
import { ChildInput, FactsInput, StoredEventSchema } from "../domain/input.js";

export const SCHEMA_VERSION = 2;

export const StoredEvent = StoredEventSchema;
export type StoredEvent = z.infer<typeof StoredEvent>;

export const DoneMark = z
  .object({ actionId: z.string(), at: z.string(), by: z.string(), note: z.string().optional() })
  .strict();
export type DoneMark = z.infer<typeof DoneMark>;

export const AuditEntry = z
  .object({
    at: z.string(),
    by: z.string(),
    change: z.string(),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntry>;

export const CaseRecord = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    id: z.string().regex(/^[a-z0-9]{6,32}$/),
    reference: z.string().min(1).max(80),
    procedures: z.string(),
    /** Document id → version pinned when the case was created (or last moved). */
    versions: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    closed: z.boolean().default(false),
    children: z.array(ChildInput),
    facts: FactsInput(),
    events: z.array(StoredEvent),
    done: z.array(DoneMark),
    audit: z.array(AuditEntry),
  })
  .strict();
export type CaseRecord = z.infer<typeof CaseRecord>;
