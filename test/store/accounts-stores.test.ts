/**
 * Accounts, teams and sign-in sessions behave alike in DATA_DIR and in PostgreSQL (server/store/accounts.ts): unique
 * usernames and names (ignoring case) and team names, updates, and sessions seen by every instance on the database.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Conflict, NotFound } from "../../server/domain/errors.js";
import type { AccountStores } from "../../server/store/accounts.js";
import { FileAccountStores } from "../../server/store/file-accounts.js";
import { openAccountStores } from "../../server/store/open.js";
import { PG_SKIP, PG_URL, freshDatabase } from "../pg/db.js";

const opened: AccountStores[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
const track = (s: AccountStores) => {
  opened.push(s);
  return s;
};

const KINDS = [
  {
    name: "files",
    skip: false,
    where: async () => mkdtempSync(join(tmpdir(), "pathway-accounts-")),
    open: async (where: string) => track(FileAccountStores.open(where)),
  },
  {
    name: `PostgreSQL${PG_SKIP}`,
    skip: !PG_URL,
    where: () => freshDatabase("acct"),
    open: async (where: string) => track(await openAccountStores("", where)),
  },
];

const session = (n: number, userId: string, at: string) => ({
  id: n.toString(16).padStart(64, "0"),
  userId,
  csrf: "c".repeat(32),
  createdAt: at,
  lastSeen: at,
  via: "password" as const,
});

describe.each(KINDS)("accounts in $name", (kind) => {
  it.skipIf(kind.skip)("keeps accounts and teams unique, updates them, and keeps them after a restart", async () => {
    const where = await kind.where();
    const s = await kind.open(where);
    expect(await s.accounts.count()).toBe(0);
    const team = await s.teams.create("North Team");
    await expect(s.teams.create("north team")).rejects.toBeInstanceOf(Conflict);
    const a = await s.accounts.create({
      username: "Ann@Example.org",
      name: "Ann Smith",
      role: "manager",
      team: team.id,
    });
    expect(a.username).toBe("ann@example.org");
    await expect(s.accounts.create({ username: "ann@example.org", name: "Other", role: "trainer" })).rejects.toThrow(
      /already an account/,
    );
    await expect(s.accounts.create({ username: "ann2", name: "ANN SMITH", role: "trainer" })).rejects.toThrow(
      /already called/,
    );
    await expect(
      s.accounts.create({ username: "bob", name: "Bob", role: "practitioner", team: "nosuchteam1" }),
    ).rejects.toBeInstanceOf(NotFound);
    const b = await s.accounts.create({ username: "bob", name: "Bob", role: "trainer", oidcSubject: "iss sub-1" });
    await expect(s.accounts.update(b.id, { name: "Ann Smith" })).rejects.toBeInstanceOf(Conflict);
    const changed = await s.accounts.update(b.id, { role: "administrator", oidcSubject: undefined });
    expect(changed).toMatchObject({ role: "administrator" });
    expect(changed.oidcSubject).toBeUndefined();
    await s.teams.update(team.id, { name: "North" });
    await s.close();
    opened.pop();
    const again = await kind.open(where);
    expect((await again.accounts.list()).map((x) => x.username)).toEqual(["ann@example.org", "bob"]);
    expect((await again.accounts.byUsername(" BOB "))!.role).toBe("administrator");
    expect(await again.accounts.bySubject("iss sub-1")).toBeUndefined();
    expect((await again.teams.get(team.id))!.name).toBe("North");
    expect(await again.accounts.count()).toBe(2);
  });

  it.skipIf(kind.skip)("keeps sessions: touched, purged when idle or too old, removed for a user", async () => {
    const where = await kind.where();
    const s = await kind.open(where);
    const a = await s.accounts.create({ username: "cat", name: "Cat", role: "trainer" });
    await s.sessions.create(session(1, a.id, "2026-11-25T09:00:00.000Z"));
    await s.sessions.create(session(2, a.id, "2026-11-25T09:00:00.000Z"));
    await s.sessions.create(session(3, "zzzzzzzz", "2026-11-20T09:00:00.000Z"));
    await s.sessions.touch(session(1, a.id, "").id, "2026-11-25T10:00:00.000Z");
    expect((await s.sessions.get(session(1, a.id, "").id))!.lastSeen).toBe("2026-11-25T10:00:00.000Z");
    expect(await s.sessions.purge("2026-11-25T09:30:00.000Z", "2026-11-21T00:00:00.000Z")).toBe(2);
    expect(await s.sessions.get(session(1, a.id, "").id)).toBeDefined();
    await s.sessions.removeForUser(a.id);
    expect(await s.sessions.get(session(1, a.id, "").id)).toBeUndefined();
  });
});

describe.skipIf(!PG_URL)(`sign-in sessions shared by instances${PG_SKIP}`, () => {
  it("a session made through one instance's store is seen by another's, and its last use reaches it", async () => {
    const where = await freshDatabase("acct2");
    const one = track(await openAccountStores("", where));
    const two = track(await openAccountStores("", where));
    const a = await one.accounts.create({ username: "dee", name: "Dee", role: "trainer" });
    const s = session(9, a.id, "2026-11-25T09:00:00.000Z");
    await one.sessions.create(s);
    expect(await two.sessions.get(s.id)).toMatchObject({ userId: a.id });
    await one.sessions.touch(s.id, "2026-11-25T11:00:00.000Z");
    await one.close();
    opened.splice(opened.indexOf(one), 1);
    expect((await two.sessions.get(s.id))!.lastSeen).toBe("2026-11-25T11:00:00.000Z");
    await two.sessions.remove(s.id);
    expect(await two.sessions.get(s.id)).toBeUndefined();
  });
});
