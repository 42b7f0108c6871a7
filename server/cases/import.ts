/** Importing a case file (as exported): checked whole by the input gate first; nothing is written if it fails. */
import type { AppContext } from "../app-context.js";
import { checkImport } from "./validate.js";
import type { ImportPlacement } from "../store/case-ops.js";

/** `placement`: the importer's team and account — never the file's. */
export function importCase(ctx: AppContext, data: unknown, by: string, placement: ImportPlacement = {}) {
  return ctx.store.importCase(checkImport(ctx, data), by, placement);
}
