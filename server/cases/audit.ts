/**
 * A case's whole audit trail: the entries a store archived to keep the case file under its size cap (oldest
 * first), then those in the case. Nothing is ever dropped (issue 14). Used by the case page's history, the
 * case export (so an exported case carries its whole history) and the administrator's export of every case.
 */
import type { AppContext } from "../app-context.js";
import type { AuditEntry, CaseRecord } from "../store/schema.js";

export async function fullAudit(ctx: AppContext, rec: CaseRecord): Promise<AuditEntry[]> {
  const archived = ctx.store.archivedAudit ? await ctx.store.archivedAudit(rec.id, rec.auditArchived ?? 0) : [];
  return [...archived, ...rec.audit];
}

/** The case as exported: its whole audit trail in `audit`, nothing archived. */
export async function exportedCase(ctx: AppContext, rec: CaseRecord): Promise<CaseRecord> {
  const { auditArchived: _n, ...rest } = rec;
  return { ...rest, audit: await fullAudit(ctx, rec) };
}

/** One JSON line per audit entry of every case (open, then closed), each naming its case. */
export async function* auditLines(ctx: AppContext): AsyncIterable<string> {
  const today = ctx.today();
  const pageSize = 200;
  for (const closed of [false, true]) {
    for (let offset = 0; ; offset += pageSize) {
      const { rows } = await ctx.store.list({ today, closed, sort: "reference", offset, limit: pageSize });
      for (const row of rows) {
        const rec = await ctx.store.get(row.id);
        if (!rec) continue;
        for (const e of await fullAudit(ctx, rec))
          yield `${JSON.stringify({ case: rec.id, reference: rec.reference, team: rec.team ?? null, ...e })}\n`;
      }
      if (rows.length < pageSize) break;
    }
  }
}
