// Prints every reply of the conversations whose names contain the second argument: npx tsx test/bench/replies.ts probe/dialogs-probe.json "GP"
process.env.LOG_REQUESTS ??= "0";
import { loadDialogs } from "../fixtures/dialogs.js";
import { makeApp } from "../helpers.js";
const { app } = await makeApp();
for (const d of loadDialogs(process.argv[2]!).filter((x) => x.name.includes(process.argv[3] ?? ""))) {
  console.log(`\n#### ${d.name} (${d.procedures}, today ${d.today})`);
  let conversationId: string | undefined;
  for (const t of d.turns) {
    const res = await app.request("/api/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message: t.say, procedures: d.procedures, today: d.today, conversationId }),
    });
    const body = (await res.json()) as {
      conversationId: string;
      reply: { text: string; sources: { quote: string }[] };
    };
    conversationId = body.conversationId;
    console.log(
      `> ${t.say}\n${body.reply.text}\n  [want ${JSON.stringify({ d: t.date, w: t.words, q: t.sourceQuote })}]`,
    );
  }
}
process.exit(0);
