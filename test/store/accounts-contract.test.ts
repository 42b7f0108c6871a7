/**
 * The account stores (files and PostgreSQL) make and change records the same way: one function builds a new account,
 * a changed account and a new team for both (server/store/accounts.ts), and these checks hold on each.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AccountStores } from "../../server/store/accounts.js";
import { openAccountStores } from "../../server/store/open.js";
import { PG_SKIP, PG_URL, freshDatabase } from "../pg/db.js";

const kinds: { name: string; skip: boolean; open: () => Promise<AccountStores> }[] = [
  { name: "files", skip: false, open: () => openAccountStores(mkdtempSync(join(tmpdir(), "pathway-acc-"))) },
  {
    name: `PostgreSQL${PG_SKIP}`,
    skip: !PG_URL,
    open: async () => openAccountStores(mkdtempSync(join(tmpdir(), "pathway-acc-")), await freshDatabase("acc")),
  },
];

describe.each(kinds)("account records ($name)", ({ skip, open }) => {
  it.skipIf(skip)(
    "a new account and team are trimmed, lower-cased and enabled; a change trims and removes",
    async () => {
      const s = await open();
      try {
        const team = await s.teams.create("  Duty team ");
        expect(team).toMatchObject({ name: "Duty team", disabled: false });
        expect(team.id).toMatch(/^[a-f0-9]{16}$/);
        const a = await s.accounts.create({
          username: "  Pat.Smith ",
          name: " Pat Smith ",
          role: "practitioner",
          team: team.id,
        });
        expect(a).toMatchObject({
          username: "pat.smith",
          name: "Pat Smith",
          role: "practitioner",
          team: team.id,
          disabled: false,
        });
        expect(a.id).toMatch(/^[a-f0-9]{16}$/);
        expect(a.createdAt).toBe(a.updatedAt);
        const b = await s.accounts.update(a.id, { name: "  Pat Jones ", team: undefined });
        expect(b.name).toBe("Pat Jones");
        expect(b).not.toHaveProperty("team");
        expect(await s.accounts.get(a.id)).toMatchObject({ name: "Pat Jones", username: "pat.smith" });
        await expect(s.teams.create("duty TEAM")).rejects.toThrow(/already a team called/);
      } finally {
        await s.close();
      }
    },
  );
});
