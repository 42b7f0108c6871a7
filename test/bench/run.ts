/**
 * `npm run bench`: prints the figures the issues ask for. Figures vary by machine; compare runs on the same one.
 * `npm run bench -- http` (or search, plan, ask, cases, load, startup) runs only the sections named.
 */
import { benchSearch } from "./search.js";
import { benchPlan } from "./plan.js";
import { benchCases } from "./cases.js";
import { benchAsk } from "./ask.js";
import { benchLoad } from "./load.js";
import { benchHttp } from "./http.js";
import { benchStartup } from "./startup.js";

const SECTIONS: Record<string, () => unknown> = {
  search: benchSearch,
  plan: benchPlan,
  ask: benchAsk,
  cases: benchCases,
  load: benchLoad,
  http: benchHttp,
  startup: benchStartup,
};
const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in SECTIONS));
if (unknown.length) {
  console.error(`Unknown section ${unknown.join(", ")}: choose from ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(1);
}

console.log(`Pathway benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(SECTIONS)) if (!asked.length || asked.includes(name)) await run();
