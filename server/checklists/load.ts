/** Reads `checklists/`: the fact and duty catalogue and one rules file per procedure set, validated and cross-checked. */
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { z } from "zod";
import { fieldName } from "../domain/input.js";
import { loadVocabulary, type Vocabulary } from "./vocabulary.js";
import {
  Checklist,
  FactCatalogue,
  type Checklist as ChecklistT,
  type FactCatalogue as FactCatalogueT,
} from "../domain/rules/schema.js";

export interface Checklists {
  catalogue: FactCatalogueT;
  bySet: Map<string, ChecklistT>;
  vocabulary: Vocabulary;
}

/** A rules file that cannot be used; the message names the file (`checklists/bolton.json`) and the problem. */
export class ChecklistError extends Error {}

/** Reads and validates one file of the folder, or says which file and which field is wrong. */
function readFile<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  const name = `${basename(dir)}/${file}`;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(dir, file), "utf8"));
  } catch (e) {
    throw new ChecklistError(`${name}: ${e instanceof SyntaxError ? "not valid JSON: " : ""}${(e as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new ChecklistError(
      `${name}: ${parsed.error.issues.map((i) => `${fieldName(i.path) || "(file)"}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

export function loadChecklists(dir: string, setIds: string[]): Checklists {
  const catalogue = readFile(dir, "catalogue.json", FactCatalogue);
  const bySet = new Map<string, ChecklistT>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f !== "catalogue.json")
    .sort()) {
    const c = readFile(dir, file, Checklist);
    const fail = (problem: string): never => {
      throw new ChecklistError(`${basename(dir)}/${file}: ${problem}`);
    };
    if (`${c.set}.json` !== file) fail(`set must be "${file.replace(/\.json$/, "")}"`);
    // Rules for a set whose guidance is not loaded (a trimmed GUIDANCE_DIR) have nothing to cite: leave them out.
    if (!setIds.includes(c.set)) continue;
    const ids = new Set<string>();
    const duties = new Set(catalogue.duties.map((d) => d.id));
    for (const r of c.rules) {
      if (!r.id.startsWith(`${c.set}.`)) fail(`rule ${r.id} must start with "${c.set}."`);
      if (ids.has(r.id)) fail(`duplicate rule ${r.id}`);
      ids.add(r.id);
      if (!duties.has(r.duty)) fail(`rule ${r.id} has unknown duty "${r.duty}" (add it to catalogue.json)`);
      for (const o of [...r.offsets, ...(r.earliest ? [r.earliest] : [])]) {
        if (o.param && !c.parameters[o.param]) fail(`rule ${r.id} uses unknown parameter ${o.param}`);
        if (o.source >= r.sources.length) fail(`rule ${r.id} offset cites source ${o.source}, which it does not have`);
      }
    }
    for (const r of c.rules)
      for (const a of r.anchor)
        if ("rule" in a && !ids.has(a.rule)) fail(`rule ${r.id} is anchored on unknown rule ${a.rule}`);
    bySet.set(c.set, c);
  }
  return { catalogue, bySet, vocabulary: loadVocabulary(dir) };
}
