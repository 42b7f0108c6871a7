/** Child process for the crash test: writes events as fast as it can and prints "ack N" after each acknowledged save. */
import { FileCaseStore } from "../../server/store/file-store.js";

const [dataDir] = process.argv.slice(2);
const store = await FileCaseStore.open(dataDir!);
const first = (await store.list({ today: "2026-01-01", sort: "reference", offset: 0, limit: 1 })).rows[0];
const c =
  (first && (await store.get(first.id))) ??
  (await store.create({ reference: "CRASH", procedures: "bolton", versions: {}, children: [] }, "test"));
console.log(`case ${c.id}`);
for (let i = 0; ; i++) {
  await store.update(c.id, "test", "event added", (d) => {
    d.events.push({
      id: `e${i}`,
      type: "cp_visit",
      date: "2026-12-01",
      recordedAt: new Date().toISOString(),
      recordedBy: "test",
    });
  });
  console.log(`ack ${i}`);
}
