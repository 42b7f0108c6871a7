/**
 * The server side of the load bench (test/bench/load.ts), run as its own process as Pathway is in use: a fresh
 * DATA_DIR with two teams of 100 cases each, 20 accounts (bcrypt cost 12) signed in over HTTP, served on a loopback
 * port. Prints one JSON line — { url, users: [{ cookie, cases }], signIn } — then serves until it is sent SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "../../server/app.js";
import { Auth } from "../../server/auth/service.js";
import { buildContext } from "../../server/bootstrap.js";
import { addDays, londonToday } from "../../server/domain/dates.js";
import { FileAccountStores } from "../../server/store/file-accounts.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

process.env.LOG_REQUESTS ??= "0"; // one line a request would measure the terminal

const USERS = Number(process.env.LOAD_USERS ?? 20);
const CASES_PER_TEAM = 100;
const SETS = ["bolton", "darlington", "llr", "lscb-ch9", "cp-guide"];

const dir = mkdtempSync(join(tmpdir(), "pathway-load-"));
const store = await FileCaseStore.open(dir);
const accounts = FileAccountStores.open(dir);
const auth = new Auth({ stores: accounts }); // the real bcrypt cost (12)
const ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir: dir });
await ctx.storeReady;
// All users come from 127.0.0.1: the per-address limit on changes (120 a minute) is lifted, as behind a proxy.
const app = createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE, rateLimits: { writes: 0, asks: 0 }, auth });

const today = londonToday();
const teams = [await accounts.teams.create("North"), await accounts.teams.create("South")];
const byTeam = new Map<string, string[]>();
for (const [t, team] of teams.entries()) {
  const ids: string[] = [];
  for (let i = 0; i < CASES_PER_TEAM; i++) {
    const start = addDays(today, -120 + (i % 100));
    const at = new Date().toISOString();
    const c = await store.create(
      {
        reference: `LOAD-${t}-${i}`,
        procedures: SETS[i % SETS.length]!,
        versions: {},
        children: [{ id: "A", dateOfBirth: "2016-04-01" }],
        team: team.id,
        events: [
          { id: "e0", type: "strategy_discussion", date: start, recordedAt: at, recordedBy: "bench" },
          {
            id: "e1",
            type: "icpc_held",
            date: addDays(start, 18),
            outcome: "plan",
            recordedAt: at,
            recordedBy: "bench",
          },
        ],
      },
      "bench",
    );
    ids.push(c.id);
  }
  byTeam.set(team.id, ids);
}

const server = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
    resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => s.close(() => r())) }),
  );
});

const password = "load test password";
const hash = await auth.hash(password);
for (let i = 0; i < USERS; i++)
  await accounts.accounts.create({
    username: `user${i}@example.org`,
    name: `User ${i}`,
    role: i < 2 ? "manager" : "practitioner",
    team: teams[i % 2]!.id,
    passwordHash: hash,
  });
const users: { cookie: string; cases: string[] }[] = [];
const signIn: number[] = [];
for (let i = 0; i < USERS; i++) {
  const t = performance.now();
  const res = await fetch(`${server.url}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: `user${i}@example.org`, password }),
  });
  signIn.push(performance.now() - t);
  if (res.status !== 201) throw new Error(`sign-in ${i}: ${res.status}`);
  users.push({
    cookie: res.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
    cases: byTeam.get(teams[i % 2]!.id)!,
  });
}
console.log(JSON.stringify({ url: server.url, users, signIn }));

const stop = async () => {
  await server.close();
  await store.close();
  await auth.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
