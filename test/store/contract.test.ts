/**
 * What every case store promises, run against the file store and PostgreSQL alike: changes survive a restart and
 * are audited, concurrent updates lose nothing, export and import, the list's filters, sorts and pages from the
 * kept summaries (which follow every change and are remade when stale), closed cases kept out of the list.
 */
import { describe, expect, it } from "vitest";
import { buildContext } from "../../server/bootstrap.js";
import { planFingerprint } from "../../server/cases/summary.js";
import { listCases } from "../../server/cases/list.js";
import { caseState } from "../../server/cases/service.js";
import { SCHEMA_VERSION } from "../../server/store/schema.js";
import type { StoredEvent } from "../../server/store/schema.js";
import { countsFor } from "../../server/store/summary.js";
import { fileURLToPath } from "node:url";
import { KINDS, type TestStore, closeStore } from "./kinds.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const event = (i: number, date = "2026-12-01", type: StoredEvent["type"] = "cp_visit"): StoredEvent => ({
  id: `e${i}`,
  type,
  date,
  recordedAt: "2026-12-01T10:00:00Z",
  recordedBy: "t",
});
const SHIPPED_GUIDANCE = fileURLToPath(new URL("../../guidance", import.meta.url));
const input = (reference: string, procedures = "bolton") => ({ reference, procedures, versions: {}, children: [] });

/** A context with the shipped rules on this store, today fixed (the summaries are the app's own). */
function contextFor(store: TestStore, today: { value: string }) {
  const dataDir = mkdtempSync(join(tmpdir(), "pathway-ctx-"));
  return buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir, today: () => today.value });
}

describe.each(KINDS)("$name", (kind) => {
  describe.skipIf(kind.skip)("cases", () => {
    it("saves a case and reads it back after a restart, with its audit trail", async () => {
      const { store: s, where } = await kind.open();
      const c = await s.create(
        {
          reference: "REF-1 / AB",
          procedures: "llr",
          versions: { "practice-standards": "2020-02" },
          children: [{ id: "AB", dateOfBirth: "2019-01-01" }],
        },
        "sw1",
      );
      await s.update(c.id, "sw1", "event added", (d) => {
        d.events.push(event(1));
        return { after: d.events[0] };
      });
      await closeStore(s);
      const again = await kind.reopen(where);
      const back = (await again.get(c.id))!;
      expect(back.reference).toBe("REF-1 / AB");
      expect(back.children).toEqual([{ id: "AB", dateOfBirth: "2019-01-01" }]);
      expect(back.events.map((e) => e.id)).toEqual(["e1"]);
      expect(back.audit.map((a) => [a.by, a.change])).toEqual([
        ["sw1", "case created"],
        ["sw1", "event added"],
      ]);
      expect(back.audit[1]!.after).toMatchObject({ id: "e1", type: "cp_visit" });
      expect(back.schemaVersion).toBe(SCHEMA_VERSION);
      expect(await again.get("nosuchcase")).toBeUndefined();
      expect(await again.count()).toEqual({ open: 1, closed: 0 });
    });

    it("loses nothing under 200 concurrent updates to one case and to many", async () => {
      const { store: s, where } = await kind.open();
      const one = await s.create(input("ONE"), "t");
      const many = await Promise.all(Array.from({ length: 20 }, (_, i) => s.create(input(`M${i}`), "t")));
      await Promise.all([
        ...Array.from({ length: 200 }, (_, i) =>
          s.update(one.id, "t", "event added", (d) => {
            d.events.push(event(i));
          }),
        ),
        ...Array.from({ length: 200 }, (_, i) =>
          s.update(many[i % 20]!.id, "t", "event added", (d) => {
            d.events.push(event(i));
          }),
        ),
      ]);
      const check = async (st: TestStore) => {
        const rec = (await st.get(one.id))!;
        expect(rec.events).toHaveLength(200);
        expect(new Set(rec.events.map((e) => e.id)).size).toBe(200);
        expect(rec.audit).toHaveLength(201);
        for (const m of many) expect((await st.get(m.id))!.events).toHaveLength(10);
      };
      await check(s);
      // And in what is stored, not just in memory.
      await closeStore(s);
      await check(await kind.reopen(where));
    });

    it("a change that throws leaves the case as it was", async () => {
      const { store: s } = await kind.open();
      const c = await s.create(input("THROW"), "t");
      await expect(
        s.update(c.id, "t", "event added", (d) => {
          d.events.push(event(1));
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      const back = (await s.get(c.id))!;
      expect(back.events).toEqual([]);
      expect(back.audit).toHaveLength(1);
      await expect(s.update("nosuchcase", "t", "x", () => {})).rejects.toThrow(/No case nosuchcase/);
    });

    it("exports and imports a case as JSON under a new id; refuses what is not a case", async () => {
      const { store: s } = await kind.open();
      const c = await s.create(input("EXP", "cp-guide"), "t");
      await s.update(c.id, "t", "event added", (d) => {
        d.events.push(event(1, "2026-11-02", "strategy_discussion"));
      });
      const exported = JSON.parse(JSON.stringify(await s.get(c.id)));
      const copy = await s.importCase(exported, "t2");
      expect(copy.id).not.toBe(c.id);
      expect(copy.reference).toBe("EXP");
      expect(copy.audit.at(-1)!.change).toContain(`was case ${c.id}`);
      const back = (await s.get(copy.id))!;
      expect(back.events).toEqual(exported.events);
      expect(back.audit.map((a) => a.change)).toEqual(["case created", "event added", `imported (was case ${c.id})`]);
      await expect(s.importCase({ nonsense: true }, "t")).rejects.toThrow();
      expect((await s.count()).open).toBe(2);
    });

    it("migrates a version 1 case on import", async () => {
      const { store: s } = await kind.open();
      const v1 = {
        id: "abcdef12",
        reference: "OLD",
        procedures: "bolton",
        versions: {},
        createdAt: "2025-01-01T00:00:00Z",
        updatedAt: "2025-01-02T00:00:00Z",
        children: [],
        facts: {},
        events: [],
        doneActions: ["bolton.icpc@2024-12-01"],
        audit: [],
      };
      const c = await s.importCase(v1, "t");
      expect((await s.get(c.id))!.done).toEqual([
        { actionId: "bolton.icpc@2024-12-01", at: "2025-01-02T00:00:00Z", by: "migration" },
      ]);
    });
  });

  describe.skipIf(kind.skip)("the case list from kept summaries", () => {
    it("keeps each case's summary with every change, and lists, filters, sorts and pages from it", async () => {
      const { store: s } = await kind.open();
      const today = { value: "2026-11-23" };
      const ctx = contextFor(s, today);
      await ctx.storeReady;
      const refs = ["C-3", "A-1", "B-2", "D-4"];
      const made = [];
      for (const [i, ref] of refs.entries()) {
        const c = await s.create(input(ref, i === 3 ? "llr" : "bolton"), "t");
        // Strategy discussions on different days: the ICPC is due on different days.
        made.push(
          await s.update(c.id, "t", "event added", (d) => {
            d.events.push(
              event(1, ["2026-11-02", "2026-10-01", "2026-11-16", "2026-11-20"][i]!, "strategy_discussion"),
            );
          }),
        );
      }
      // The stored summary is the plan's: same next action and counts as computing it now.
      const { rows } = await s.list({ today: today.value, sort: "next", offset: 0, limit: 50 });
      expect(rows).toHaveLength(4);
      for (const r of rows) {
        const rec = made.find((m) => m.id === r.id)!;
        const plan = caseState(ctx, rec, today.value).plan!;
        const open = plan.actions.filter((a) => a.status !== "done" && a.status !== "waiting" && a.due);
        expect(r.summary!.for).toBe(today.value);
        expect(r.summary!.fp).toBe(planFingerprint(ctx));
        expect(r.summary!.next?.id).toBe(open[0]?.id);
        expect(countsFor(r.summary, today.value)).toEqual({
          overdue: open.filter((a) => a.status === "overdue").length,
          dueThisWeek: open.filter((a) => a.status === "due").length,
        });
      }
      // Sorted by next due date; by reference; filtered by set and by reference.
      const dues = rows.map((r) => r.summary!.next?.due ?? "9999");
      expect(dues).toEqual([...dues].sort());
      const byRef = await listCases(ctx, { sort: "reference" });
      expect(byRef.rows.map((r) => r.c.reference)).toEqual(["A-1", "B-2", "C-3", "D-4"]);
      expect((await listCases(ctx, { set: "llr" })).rows.map((r) => r.c.reference)).toEqual(["D-4"]);
      expect((await listCases(ctx, { q: "b-" })).rows.map((r) => r.c.reference)).toEqual(["B-2"]);
      const overdue = await listCases(ctx, { show: "overdue", sort: "overdue" });
      expect(overdue.rows.length).toBeGreaterThan(0);
      for (const r of overdue.rows) expect(r.s.overdue).toBeGreaterThan(0);
      const counts = overdue.rows.map((r) => r.s.overdue);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      for (const r of (await listCases(ctx, { show: "week" })).rows) expect(r.s.dueThisWeek).toBeGreaterThan(0);
      // A change updates the summary in the same write.
      await s.update(made[1]!.id, "t", "event added", (d) => {
        d.events.push(event(2, "2026-10-20", "icpc_held"));
        (d.events.at(-1) as { outcome?: string }).outcome = "no_plan";
      });
      const after = (await s.list({ today: today.value, sort: "reference", offset: 0, limit: 1 })).rows[0]!;
      expect(after.reference).toBe("A-1");
      const plan = caseState(ctx, (await s.get(after.id))!, today.value).plan!;
      expect(after.summary!.next?.id ?? null).toBe(
        plan.actions.find((a) => a.status !== "done" && a.status !== "waiting" && a.due)?.id ?? null,
      );
    });

    it("pages 50 at a time, counts closed cases and never lists them with the open ones", async () => {
      const { store: s } = await kind.open();
      const today = { value: "2026-11-23" };
      const ctx = contextFor(s, today);
      await ctx.storeReady;
      const made = [];
      for (let i = 0; i < 60; i++) made.push(await s.create(input(`P-${String(i).padStart(2, "0")}`), "t"));
      for (const c of made.slice(0, 5))
        await s.update(c.id, "t", "case closed", (d) => {
          d.closed = true;
        });
      const first = await listCases(ctx, { sort: "reference" });
      expect(first).toMatchObject({ total: 55, pages: 2, page: 1, closed: 5 });
      expect(first.rows).toHaveLength(50);
      expect(first.rows[0]!.c.reference).toBe("P-05");
      const second = await listCases(ctx, { sort: "reference", page: "2" });
      expect(second.rows.map((r) => r.c.reference)).toEqual(["P-55", "P-56", "P-57", "P-58", "P-59"]);
      expect((await listCases(ctx, { sort: "reference", page: "99" })).page).toBe(2);
      const closed = await listCases(ctx, { show: "closed" });
      expect(closed.rows.map((r) => r.c.reference).sort()).toEqual(["P-00", "P-01", "P-02", "P-03", "P-04"]);
      expect(await s.count()).toEqual({ open: 55, closed: 5 });
      let batches = 0;
      let seen = 0;
      for await (const b of s.openCases(20)) {
        batches++;
        seen += b.length;
        for (const rec of b) expect(rec.closed).toBe(false);
      }
      expect(seen).toBe(55);
      expect(batches).toBeGreaterThanOrEqual(3);
    });

    it("sorts by most overdue and filters due this week alike for summaries made today and stale ones", async () => {
      const { store: s } = await kind.open();
      const today = { value: "2026-11-23" };
      const ctx = contextFor(s, today);
      await ctx.storeReady;
      const starts = ["2026-09-01", "2026-10-01", "2026-11-02", "2026-11-13", "2026-11-19", "2026-06-01"];
      const made = [];
      for (const [i, d] of starts.entries()) {
        const c = await s.create(input(`O-${i}`, i % 2 ? "llr" : "bolton"), "t");
        made.push(
          await s.update(c.id, "t", "event added", (x) => {
            x.events.push(event(1, d, "strategy_discussion"));
          }),
        );
      }
      // Half remade for a later day, half left as made: the store must treat both the same way.
      const later = "2026-12-04";
      today.value = later;
      await s.refreshSummaries(made.filter((_, i) => i % 2).map((m) => m.id));
      const q = { today: later, offset: 0, limit: 50 };
      const all = (await s.list({ ...q, sort: "reference" })).rows;
      expect(all.filter((r) => r.summary!.for === later)).toHaveLength(3);
      const expected = (pred: (r: (typeof all)[number]) => boolean) =>
        all
          .filter(pred)
          .map((r) => r.id)
          .sort();
      expect(expected((r) => countsFor(r.summary, later).dueThisWeek > 0).length).toBeGreaterThan(0);
      expect(expected((r) => countsFor(r.summary, later).dueThisWeek === 0).length).toBeGreaterThan(0);
      const week = await s.list({ ...q, sort: "next", show: "week" });
      expect(week.rows.map((r) => r.id).sort()).toEqual(expected((r) => countsFor(r.summary, later).dueThisWeek > 0));
      expect(week.total).toBe(week.rows.length);
      const over = (await s.list({ ...q, sort: "overdue" })).rows;
      const counts = over.map((r) => countsFor(r.summary, later).overdue);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(new Set(counts).size).toBeGreaterThan(2);
      expect(over.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
      // Paged: the second page carries on where the first stopped.
      const firstTwo = (await s.list({ ...q, sort: "overdue", limit: 2 })).rows.map((r) => r.id);
      const nextTwo = (await s.list({ ...q, sort: "overdue", limit: 2, offset: 2 })).rows.map((r) => r.id);
      expect([...firstTwo, ...nextTwo]).toEqual(over.slice(0, 4).map((r) => r.id));
    });

    it("lists only the teams asked for, closed ones counted within them", async () => {
      const { store: s, where } = await kind.open();
      const teams = ["teama01", "teamb01", undefined];
      for (const [i, team] of teams.entries()) {
        const c = await s.create(input(`T-${i}`), "t");
        await s.update(c.id, "t", "team set", (d) => {
          if (team) d.team = team;
          if (i === 1) d.closed = true;
        });
      }
      const q = { today: "2026-11-23", sort: "reference" as const, offset: 0, limit: 50 };
      expect((await s.list({ ...q, teams: ["teama01"] })).rows.map((r) => [r.reference, r.team])).toEqual([
        ["T-0", "teama01"],
      ]);
      expect(await s.list({ ...q, teams: ["teamb01"] })).toMatchObject({ total: 0, closed: 1 });
      expect((await s.list({ ...q, teams: [] })).total).toBe(0);
      expect((await s.list(q)).total).toBe(2);
      await closeStore(s);
      const again = await kind.reopen(where);
      expect((await again.list({ ...q, teams: ["teama01", "teamb01"] })).rows.map((r) => r.reference)).toEqual(["T-0"]);
    });

    it("remakes stale summaries (a new day, other rules) and never shows one without remaking it", async () => {
      const { store: s, where } = await kind.open();
      const today = { value: "2026-11-23" };
      const ctx = contextFor(s, today);
      await ctx.storeReady;
      const c = await s.create(input("DAY"), "t");
      await s.update(c.id, "t", "event added", (d) => {
        d.events.push(event(1, "2026-11-20", "strategy_discussion"));
      });
      const before = (await s.list({ today: today.value, sort: "next", offset: 0, limit: 5 })).rows[0]!.summary!;
      expect(before.for).toBe("2026-11-23");
      // The next day: a list page remakes the rows it shows before showing them.
      today.value = "2027-01-15";
      const page = await listCases(ctx, {});
      expect(page.rows[0]!.s.overdue).toBeGreaterThan(0);
      const stored = (await s.list({ today: today.value, sort: "next", offset: 0, limit: 5 })).rows[0]!.summary!;
      expect(stored.for).toBe("2027-01-15");
      // The background refresh remakes every stale one (here: none left, then all after another day).
      expect(await s.refreshStale()).toBe(0);
      for (let i = 0; i < 5; i++) await s.create(input(`MORE-${i}`), "t");
      today.value = "2027-01-18";
      expect(await s.refreshStale()).toBe(6);
      const rows = (await s.list({ today: today.value, sort: "next", offset: 0, limit: 50 })).rows;
      for (const r of rows) expect(r.summary!.for).toBe("2027-01-18");
      // A store opened under other rules (another fingerprint) remakes them all in the background.
      await closeStore(s);
      const again = await kind.reopen(where);
      const other = {
        fingerprint: () => "other-rules",
        today: () => today.value,
        summarise: () => ({ next: null, dues: [] }),
      };
      await again.attach(other);
      await again.refreshStale();
      for (const r of (await again.list({ today: today.value, sort: "next", offset: 0, limit: 50 })).rows)
        expect(r.summary!.fp).toBe("other-rules");
    });
  });
});
