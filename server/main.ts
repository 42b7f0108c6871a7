/** Starts Pathway: `npm start`. Reads the settings (config.ts); prints the address; explains a taken port instead of crashing. */
import { allowedHosts, defaultBaseUrl, readConfig } from "./config.js";
import { buildContext } from "./bootstrap.js";
import { ChecklistError } from "./checklists/load.js";
import { ScenarioError } from "./scenarios/library.js";
import { createApp } from "./app.js";
import { type Stores, openStores } from "./store/open.js";
import { serveApp } from "./http/serve.js";
import { StorageError } from "./store/store.js";
import { pendingSearches } from "./feedback/record.js";
import { readAuthConfig, isLoopback } from "./auth/config.js";
import { Auth } from "./auth/service.js";
import { OidcSignIn } from "./auth/oidc.js";
import { setFlagsFromString } from "node:v8";

// Memory under load (issue 16): what is live stays about 90 MB with 2,000 cases, but V8 lets the old generation grow
// to about four times what survived the last full collection before collecting again, so RSS swung between about 350
// and 550 MB under a mixed load. Growing it by half instead keeps RSS within about 250–290 MB for the same load, at
// no measurable cost in CPU per request (a full collection of this heap takes 5–10 ms, mostly off the main thread).
// Read by V8 at every collection, so it takes effect here; `node --heap-growing-percent=N` chooses another.
if (!process.execArgv.some((a) => /^--heap[-_]growing[-_]percent/.test(a)))
  setFlagsFromString("--heap-growing-percent=50");

function fail(message: string): never {
  console.error(`Pathway could not start: ${message}`);
  process.exit(1);
}

let config: ReturnType<typeof readConfig>;
let authConfig: ReturnType<typeof readAuthConfig>;
try {
  config = readConfig();
  authConfig = readAuthConfig();
} catch (e) {
  fail((e as Error).message);
}

const started = performance.now();
const conversationLimits = {
  maxConversations: config.conversationMax,
  maxTurns: config.conversationMaxTurns,
  maxBytes: config.conversationMaxKb * 1024,
};
// The files in DATA_DIR, or PostgreSQL when DATABASE_URL is set (server/store/open.ts).
let stores: Stores;
try {
  stores = await openStores({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    databasePoolSize: config.databasePoolSize,
    limits: { maxCases: config.maxCases, maxEventsPerCase: config.maxEventsPerCase },
    conversationTtlHours: config.conversationTtlHours,
    conversationLimits,
  });
} catch (e) {
  if (e instanceof StorageError) fail(e.message);
  throw e;
}
const store = stores.store;
// Accounts, teams and sessions (DATA_DIR/accounts, or the database; server/store/accounts.ts is the interface).
// Without any account Pathway is single-user, which is safe only on loopback: a HOST beyond it is refused.
const accountStores = stores.accounts;
if (!isLoopback(config.host) && (await accountStores.accounts.count()) === 0) {
  await stores.close();
  fail(
    `HOST ${config.host} reaches beyond this computer, and there are no accounts yet, so anyone who reached it could read every case. Create an administrator first (npm run user:add -- --admin), or run on 127.0.0.1.`,
  );
}
let ctx: ReturnType<typeof buildContext>;
try {
  ctx = buildContext({
    guidanceDir: config.guidanceDir,
    store,
    dataDir: config.dataDir,
    conversationTtlHours: config.conversationTtlHours,
    conversationLimits,
    ...(stores.conversations ? { conversations: stores.conversations } : {}),
    ...(stores.feedback ? { feedback: stores.feedback } : {}),
  });
  // Cases never summarised (a store from before summaries) are summarised before serving; stale ones after.
  await ctx.storeReady;
} catch (e) {
  await stores.close();
  if (e instanceof ChecklistError) fail(`a rules file is not valid: ${e.message}`);
  if (e instanceof ScenarioError) fail(`a training scenario is not valid: ${e.message}`);
  if (e instanceof StorageError) fail(e.message);
  fail(`the guidance in ${config.guidanceDir} could not be read: ${(e as Error).message}`);
}
// BASE_URL, or the address bound (with PORT=0 the port is known only once listening).
let baseUrl = config.baseUrl ?? defaultBaseUrl(config.host, config.port);
const auth = new Auth({
  stores: accountStores,
  idleMinutes: authConfig.idleMinutes,
  maxHours: authConfig.maxHours,
  secureCookies: (config.baseUrl ?? "").startsWith("https:"),
});
const app = createApp(ctx, {
  auth,
  ...(authConfig.oidc ? { oidc: new OidcSignIn(authConfig.oidc, () => baseUrl) } : {}),
  guidanceDir: config.guidanceDir,
  allowedHosts: allowedHosts(config),
  baseUrl: () => baseUrl,
  rateLimits: { writes: config.rateLimitWrites, asks: config.rateLimitAsks },
  calendarReminders: config.calendarReminders,
});

const server = serveApp(app, { port: config.port, hostname: config.host }, (info) => {
  const host = info.family === "IPv6" ? `[${info.address}]` : info.address;
  if (!config.baseUrl) baseUrl = defaultBaseUrl(config.host, info.port);
  console.log(
    `Pathway is running at http://${host}:${info.port}/ (ready in ${Math.round(performance.now() - started)} ms; data: ${stores.where}; Ctrl+C to stop)`,
  );
});

server.on("error", (err: NodeJS.ErrnoException) => {
  void stores.close();
  if (err.code === "EADDRINUSE")
    fail(
      `port ${config.port} on ${config.host} is already in use. Stop the other program or choose another port, e.g. PORT=3001 npm start`,
    );
  if (err.code === "EACCES")
    fail(`not allowed to listen on ${config.host}:${config.port}. Choose a port above 1024, e.g. PORT=3001 npm start`);
  if (err.code === "EADDRNOTAVAIL") fail(`HOST ${config.host} is not an address of this machine.`);
  fail(err.message);
});

const stop = () =>
  server.close(
    () =>
      void pendingSearches(ctx)
        .flush()
        .then(() => ctx.feedback.close())
        .then(() => Promise.all([stores.close(), auth.close()]))
        .then(() => process.exit(0)),
  );
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
