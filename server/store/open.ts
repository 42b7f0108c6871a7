/**
 * Chooses the stores: PostgreSQL for cases, conversations and feedback when DATABASE_URL is set (one pool shared by
 * the three), otherwise the files in DATA_DIR (the default: `npm start` on a fresh machine needs nothing else).
 * Accounts and sessions (issue 14), when they come, are opened here the same way.
 */
import type { ConversationLimits, Conversations } from "../assistant/conversations.js";
import type { FeedbackStore } from "../feedback/store.js";
import { FileCaseStore } from "./file-store.js";
import type { CaseLimits } from "./limits.js";
import { PgCaseStore } from "./pg/case-store.js";
import { PgConversationStore } from "./pg/conversations.js";
import { PgFeedbackStore } from "./pg/feedback.js";
import { createPool, explainDbStartup } from "./pg/pool.js";
import type { AccountStores } from "./accounts.js";
import { FileAccountStores } from "./file-accounts.js";
import { PgAccountStores } from "./pg/accounts.js";
import { migrateDatabase } from "./pg/migrate.js";
import type { CaseStore } from "./store.js";

export interface StoreSettings {
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize?: number;
  limits?: Partial<CaseLimits>;
  conversationTtlHours?: number;
  conversationLimits?: Partial<ConversationLimits>;
}

export interface Stores {
  store: CaseStore;
  /** Undefined for the file store: buildContext makes the file ones in DATA_DIR. */
  conversations?: Conversations;
  feedback?: FeedbackStore;
  /** Accounts, teams and sign-in sessions (issue 14): DATA_DIR/accounts, or the same database. */
  accounts: AccountStores;
  /** Where the data is, for the start-up line (never a password). */
  where: string;
  close(): Promise<void>;
}

export async function openStores(s: StoreSettings): Promise<Stores> {
  if (!s.databaseUrl) {
    const accounts = FileAccountStores.open(s.dataDir);
    const store = await FileCaseStore.open(s.dataDir, { limits: s.limits });
    return { store, accounts, where: `files in ${s.dataDir}`, close: () => store.close() };
  }
  const url = s.databaseUrl;
  const pool = createPool(url, { max: s.databasePoolSize });
  let store: PgCaseStore;
  try {
    store = await PgCaseStore.open(url, { pool, limits: s.limits });
  } catch (e) {
    await pool.end().catch(() => {});
    throw explainDbStartup(e, url);
  }
  const conversations = new PgConversationStore(
    pool,
    (s.conversationTtlHours ?? 12) * 3_600_000,
    undefined,
    s.conversationLimits,
  );
  const feedback = new PgFeedbackStore(pool);
  const accounts = new PgAccountStores(pool);
  const db = new URL(url);
  return {
    store,
    conversations,
    feedback,
    accounts,
    where: `PostgreSQL ${db.hostname || db.searchParams.get("host") || "localhost"}${db.port ? `:${db.port}` : ""}${db.pathname}`,
    close: async () => {
      await Promise.all([store.close(), conversations.close(), feedback.close(), accounts.close()]);
      await pool.end();
    },
  };
}

/**
 * Only the accounts (`npm run user:add`): DATA_DIR/accounts, or the database DATABASE_URL names (migrated first).
 * Closing the returned stores closes the connection too.
 */
export async function openAccountStores(dataDir: string, databaseUrl?: string): Promise<AccountStores> {
  if (!databaseUrl) return FileAccountStores.open(dataDir);
  const pool = createPool(databaseUrl, { max: 2, applicationName: "pathway-user-add" });
  try {
    await migrateDatabase(pool);
  } catch (e) {
    await pool.end().catch(() => {});
    throw explainDbStartup(e, databaseUrl);
  }
  const stores = new PgAccountStores(pool);
  const close = stores.close.bind(stores);
  stores.close = async () => {
    await close();
    await pool.end();
  };
  return stores;
}
