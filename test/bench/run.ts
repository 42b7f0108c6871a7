/** `npm run bench`: prints the figures the issues ask for. Figures vary by machine; compare runs on the same one. */
import { benchSearch } from "./search.js";
import { benchPlan } from "./plan.js";
import { benchCases } from "./cases.js";
import { benchAsk } from "./ask.js";
import { benchLoad } from "./load.js";

console.log(`Pathway benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
benchSearch();
benchPlan();
await benchAsk();
await benchCases();
await benchLoad();
