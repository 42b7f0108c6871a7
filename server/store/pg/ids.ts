import { randomBytes } from "node:crypto";

/** An account or team id (as server/store/file-accounts.ts makes them: 16 hex digits). */
export const newAccountIdForPg = () => randomBytes(8).toString("hex");
