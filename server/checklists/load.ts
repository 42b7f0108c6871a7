/** Reads `checklists/`: the fact and duty catalogue and one rules file per procedure set, validated and cross-checked. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  Checklist,
  FactCatalogue,
  type Checklist as ChecklistT,
  type FactCatalogue as FactCatalogueT,
} from "../domain/rules/schema.js";

export interface Checklists {
  catalogue: FactCatalogueT;
  bySet: Map<string, ChecklistT>;
}

export function loadChecklists(dir: string, setIds: string[]): Checklists {
  const catalogue = FactCatalogue.parse(JSON.parse(readFileSync(join(dir, "catalogue.json"), "utf8")));
  const bySet = new Map<string, ChecklistT>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f !== "catalogue.json")
    .sort()) {
    const parsed = Checklist.safeParse(JSON.parse(readFileSync(join(dir, file), "utf8")));
    if (!parsed.success)
      throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    const c = parsed.data;
    if (`${c.set}.json` !== file) throw new Error(`${file}: set must be "${file.replace(/\.json$/, "")}"`);
    // Rules for a set whose guidance is not loaded (a trimmed GUIDANCE_DIR) have nothing to cite: leave them out.
    if (!setIds.includes(c.set)) continue;
    const ids = new Set<string>();
    const duties = new Set(catalogue.duties.map((d) => d.id));
    for (const r of c.rules) {
      if (!r.id.startsWith(`${c.set}.`)) throw new Error(`${file}: rule ${r.id} must start with "${c.set}."`);
      if (ids.has(r.id)) throw new Error(`${file}: duplicate rule ${r.id}`);
      ids.add(r.id);
      if (!duties.has(r.duty))
        throw new Error(`${file}: rule ${r.id} has unknown duty "${r.duty}" (add it to catalogue.json)`);
      for (const o of [...r.offsets, ...(r.earliest ? [r.earliest] : [])]) {
        if (o.param && !c.parameters[o.param])
          throw new Error(`${file}: rule ${r.id} uses unknown parameter ${o.param}`);
        if (o.source >= r.sources.length)
          throw new Error(`${file}: rule ${r.id} offset cites source ${o.source}, which it does not have`);
      }
    }
    for (const r of c.rules)
      for (const a of r.anchor)
        if ("rule" in a && !ids.has(a.rule))
          throw new Error(`${file}: rule ${r.id} is anchored on unknown rule ${a.rule}`);
    bySet.set(c.set, c);
  }
  return { catalogue, bySet };
}
