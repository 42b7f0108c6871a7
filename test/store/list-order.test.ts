/**
 * The case list asked again: the file store keeps a query's sorted order until an index entry changes, so the same
 * query after a change must show the change (and both stores must agree).
 */
import { describe, expect, it } from "vitest";
import { KINDS } from "./kinds.js";

const input = (reference: string) => ({ reference, procedures: "bolton", versions: {}, children: [] });

describe.each(KINDS)("$name", (kind) => {
  it.skipIf(kind.skip)("answers the same query again after a change with the change", async () => {
    const { store: s } = await kind.open();
    const q = { today: "2026-11-23", sort: "reference" as const, offset: 0, limit: 50 };
    const a = await s.create(input("L-1"), "t");
    await s.create(input("L-2"), "t");
    expect((await s.list(q)).rows.map((r) => r.reference)).toEqual(["L-1", "L-2"]);
    expect((await s.list(q)).rows.map((r) => r.reference)).toEqual(["L-1", "L-2"]);
    await s.update(a.id, "t", "renamed", (d) => {
      d.reference = "L-3";
    });
    expect((await s.list(q)).rows.map((r) => r.reference)).toEqual(["L-2", "L-3"]);
    await s.create(input("L-0"), "t");
    expect((await s.list({ ...q, limit: 2 })).rows.map((r) => r.reference)).toEqual(["L-0", "L-2"]);
    expect((await s.list({ ...q, limit: 2, offset: 2 })).rows.map((r) => r.reference)).toEqual(["L-3"]);
    await s.update(a.id, "t", "closed", (d) => {
      d.closed = true;
    });
    expect(await s.list(q)).toMatchObject({ total: 2, closed: 1 });
  });
});
