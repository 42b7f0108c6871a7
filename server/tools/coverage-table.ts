/** `npm run coverage`: writes docs/coverage.md, every timescale sentence of the procedures and what covers it. */
import { writeFileSync } from "node:fs";
import { loadLibrary } from "../guidance/load.js";
import { loadChecklists } from "../checklists/load.js";
import { coverageTable } from "../checklists/coverage.js";

const root = process.env.GUIDANCE_DIR ?? "guidance";
const lib = loadLibrary(root);
writeFileSync("docs/coverage.md", coverageTable(lib, loadChecklists(root, lib)));
console.log("Wrote docs/coverage.md");
