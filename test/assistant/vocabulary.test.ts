/** The assistant's phrasings are data: adding words to checklists/intents.yaml or vocabulary.yaml changes what it understands. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContext, SHIPPED_CHECKLISTS } from "../../server/bootstrap.js";
import { createApp } from "../../server/app.js";
import { loadVocabulary } from "../../server/checklists/vocabulary.js";
import { FileCaseStore } from "../../server/store/file-store.js";
import { SHIPPED_GUIDANCE } from "../helpers.js";

async function appWith(edit: (dir: string) => void) {
  const checklistsDir = mkdtempSync(join(tmpdir(), "pathway-vocab-"));
  cpSync(SHIPPED_CHECKLISTS, checklistsDir, { recursive: true });
  edit(checklistsDir);
  const dataDir = mkdtempSync(join(tmpdir(), "pathway-test-"));
  const store = await FileCaseStore.open(dataDir);
  const ctx = buildContext({ guidanceDir: SHIPPED_GUIDANCE, store, dataDir, checklistsDir, today: () => "2027-01-05" });
  const app = createApp(ctx, { guidanceDir: SHIPPED_GUIDANCE });
  let conversationId: string | undefined;
  return async (message: string) => {
    const res = await app.request("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message, procedures: "bolton", ...(conversationId ? { conversationId } : {}) }),
    });
    const body = (await res.json()) as { conversationId: string; reply: { text: string } };
    conversationId = body.conversationId;
    return body.reply.text;
  };
}

describe("phrasings as data", () => {
  it("a follow-up phrasing added to intents.yaml is understood", async () => {
    const phrase = "run that by me again";
    const shipped = await appWith(() => {});
    await shipped("The ICPC was on 14/12/2026 and the child is on a plan. When is the first core group due?");
    expect(await shipped(phrase)).not.toMatch(/^Wednesday|How:/);
    const extended = await appWith((dir) => {
      const file = join(dir, "intents.yaml");
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace("followUps:\n", `followUps:\n  - kind: explain\n    words: '${phrase}'\n`),
      );
    });
    await extended("The ICPC was on 14/12/2026 and the child is on a plan. When is the first core group due?");
    // Bolton: 10 working days from Mon 14 Dec 2026, skipping 25 and 28 Dec → Wed 30 Dec 2026 (see conversation.test.ts).
    const text = await extended(phrase);
    expect(text).toContain("How:");
    expect(text).toContain("Wednesday 30 December 2026");
  });

  it("a broken pattern is refused at start-up with the file and the field named", () => {
    const dir = mkdtempSync(join(tmpdir(), "pathway-vocab-"));
    cpSync(SHIPPED_CHECKLISTS, dir, { recursive: true });
    const file = join(dir, "intents.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/ {2}deadline: '/, "  deadline: '(unclosed"));
    expect(() => loadVocabulary(dir)).toThrow(/checklists\/intents\.yaml: intents\.deadline: is not a pattern/);
  });
});
