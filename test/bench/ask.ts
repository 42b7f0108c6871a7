/** Assistant benchmark: reply latency for realistic messages, each in a fresh or continuing conversation. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildContext } from "../../server/bootstrap.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { ask } from "../../server/assistant/service.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";
import { report } from "./stats.js";
import { loadDialogs } from "../fixtures/dialogs.js";

export async function benchAsk() {
  console.log("\nAssistant (POST /api/ask, conversation saved to disk each turn)");
  const dir = mkdtempSync(join(tmpdir(), "pathway-ask-"));
  const store = await FileCaseStore.open(dir);
  const ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir: dir });
  const dialogs = [
    ...loadDialogs("dialogs-dev.json"),
    ...loadDialogs("dialogs-extra.json"),
    ...loadDialogs("probe/dialogs-probe.json"),
  ];
  const times: number[] = [];
  try {
    for (let round = 0; round < 10; round++) {
      for (const d of dialogs) {
        let conversationId: string | undefined;
        for (const t of d.turns) {
          const s = performance.now();
          const r = await ask(ctx, {
            message: t.say,
            today: d.today,
            ...(d.procedures ? { procedures: d.procedures } : {}),
            ...(conversationId ? { conversationId } : {}),
          });
          times.push(performance.now() - s);
          conversationId = r.conversation.id;
        }
      }
    }
    report("reply latency (target p95 < 50)", times);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
