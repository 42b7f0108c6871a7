/**
 * Case benchmark: 2,000 cases of 50 events each in a real DATA_DIR, served over HTTP on loopback.
 * Case list, case page, an acknowledged update (fsync included), and memory after load.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildContext } from "../../server/bootstrap.js";
import { createApp } from "../../server/app.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { addDays, londonToday } from "../../server/domain/dates.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";
import { ms, report } from "./stats.js";
import type { CaseEvent } from "../../server/domain/types.js";

const SETS = ["bolton", "darlington", "llr", "lscb-ch9", "cp-guide"];

export async function benchCases(count = 2000, eventsPerCase = 50) {
  console.log(`\nCases (${count} cases × ${eventsPerCase} events, one DATA_DIR on this disk)`);
  const dir = mkdtempSync(join(tmpdir(), "pathway-bench-"));
  try {
    let store = await FileCaseStore.open(dir);
    const today = londonToday();
    let t = performance.now();
    for (let i = 0; i < count; i++) {
      const start = addDays(today, -200 + (i % 150));
      const c = await store.create(
        {
          reference: `BENCH-${i}`,
          procedures: SETS[i % SETS.length]!,
          versions: {},
          children: [
            { id: "A", dateOfBirth: "2016-04-01" },
            { id: "B", dateOfBirth: "2022-09-30" },
          ],
        },
        "bench",
      );
      const events: CaseEvent[] = [
        { type: "strategy_discussion", date: start },
        { type: "icpc_held", date: addDays(start, 18), outcome: "plan" },
      ];
      for (let k = 2; k < eventsPerCase; k++)
        events.push({ type: k % 4 === 0 ? "core_group_held" : "cp_visit", date: addDays(start, 20 + k * 3) });
      await store.update(c.id, "bench", "events added", (d) => {
        d.events = events.map((e, n) => ({
          ...e,
          id: `e${n}`,
          recordedAt: new Date().toISOString(),
          recordedBy: "bench",
        }));
      });
    }
    console.log(`  created in ${ms(performance.now() - t)}`);
    await store.close();
    t = performance.now();
    store = await FileCaseStore.open(dir);
    const ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir: dir });
    const app = createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE, rateLimits: { writes: 0, asks: 0 } });
    console.log(`  store opened (read and validated ${store.list().length} files) in ${ms(performance.now() - t)}`);
    const ids = store.list().map((c) => c.id);

    const time = async (fn: () => Response | Promise<Response>) => {
      const s = performance.now();
      const r = await fn();
      await r.text();
      if (r.status >= 400) throw new Error(`HTTP ${r.status}`);
      return performance.now() - s;
    };
    const first = await time(() => app.request("/cases"));
    console.log(`  first case list after start (plans computed for every case): ${ms(first)}`);
    const list: number[] = [];
    for (let i = 0; i < 30; i++)
      list.push(await time(() => app.request(`/cases?sort=${["next", "overdue", "reference"][i % 3]}`)));
    report("case list (target p95 < 100)", list);
    const page: number[] = [];
    for (let i = 0; i < 200; i++) page.push(await time(() => app.request(`/cases/${ids[(i * 7) % ids.length]}`)));
    report("case page (target p95 < 50)", page);
    const update: number[] = [];
    for (let i = 0; i < 200; i++) {
      const id = ids[(i * 13) % ids.length]!;
      update.push(
        await time(() =>
          app.request(`/api/cases/${id}/events`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ event: { type: "cp_visit", date: today } }),
          }),
        ),
      );
    }
    report("update acknowledged, fsync'd (target p95 < 50)", update);
    const rss = process.memoryUsage().rss / 1024 / 1024;
    console.log(`  memory (RSS) after load and requests: ${rss.toFixed(0)} MB`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
