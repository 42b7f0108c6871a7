/**
 * Where scenarios live. Shipped ones are YAML files under checklists/scenarios/ (read-only; a broken one stops
 * start-up naming the file and the field). Saved ones are YAML files in DATA_DIR/scenarios/, written crash-safe;
 * one that no longer validates (edited by hand) is listed as needing attention and never breaks the others.
 * Scenarios are not cases: nothing here touches the case store.
 */
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { unlink } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { basename, join } from "node:path";
import { writeFileAtomic } from "../store/atomic-file.js";
import { explainFsError } from "../store/store.js";
import { LimitReached } from "../store/limits.js";
import { InvalidInput, NotFound } from "../domain/errors.js";
import type { Scenario } from "./schema.js";

export interface StoredScenario {
  id: string;
  shipped: boolean;
  scenario: Scenario;
  /** The file's text (what export gives back). */
  yaml: string;
}

export interface UnreadableScenario {
  id: string;
  file: string;
  problem: string;
}

/** A shipped scenario file that cannot be used; the message names the file and the field. */
export class ScenarioError extends Error {}

export const SCENARIO_ID = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const MAX_SAVED_SCENARIOS = 1000;

/** Turns YAML text into a validated scenario (or throws InvalidInput naming the field). */
export type ParseScenario = (yaml: string) => Scenario;

const yamlFiles = (dir: string): string[] => {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".yaml") && !f.startsWith("."))
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
};

export class ScenarioLibrary {
  private readonly shipped = new Map<string, StoredScenario>();
  private readonly saved = new Map<string, StoredScenario>();
  private readonly unreadable: UnreadableScenario[] = [];

  /**
   * @param usable a shipped scenario for a set whose guidance is not loaded (a trimmed GUIDANCE_DIR) is left out
   */
  constructor(
    readonly shippedDir: string,
    readonly savedDir: string,
    parse: ParseScenario,
    usable: (raw: string) => boolean = () => true,
  ) {
    for (const file of yamlFiles(shippedDir)) {
      const id = basename(file, ".yaml");
      const name = `checklists/scenarios/${file}`;
      if (!SCENARIO_ID.test(id))
        throw new ScenarioError(`${name}: the file name must be lower-case letters, digits and -`);
      const yaml = readFileSync(join(shippedDir, file), "utf8");
      if (!usable(yaml)) continue;
      try {
        this.shipped.set(id, { id, shipped: true, scenario: parse(yaml), yaml });
      } catch (e) {
        if (e instanceof InvalidInput) throw new ScenarioError(`${name}: ${e.message}`);
        throw e;
      }
    }
    for (const file of yamlFiles(savedDir)) {
      const id = basename(file, ".yaml");
      if (!SCENARIO_ID.test(id) || this.shipped.has(id)) continue;
      let yaml = "";
      try {
        yaml = readFileSync(join(savedDir, file), "utf8");
        this.saved.set(id, { id, shipped: false, scenario: parse(yaml), yaml });
      } catch (e) {
        this.unreadable.push({ id, file: join(savedDir, file), problem: (e as Error).message });
      }
    }
  }

  /** Shipped first, then saved, each by title. */
  list(): StoredScenario[] {
    const byTitle = (a: StoredScenario, b: StoredScenario) => (a.scenario.title < b.scenario.title ? -1 : 1);
    return [...[...this.shipped.values()].sort(byTitle), ...[...this.saved.values()].sort(byTitle)];
  }

  /** Saved files that no longer validate: shown so someone can fix or remove them. */
  needsAttention(): readonly UnreadableScenario[] {
    return this.unreadable;
  }

  get(id: string): StoredScenario | undefined {
    return this.shipped.get(id) ?? this.saved.get(id);
  }

  /** The scenario, or NotFound. */
  find(id: string): StoredScenario {
    const s = SCENARIO_ID.test(id) ? this.get(id) : undefined;
    if (!s) throw new NotFound("scenario", `There is no training scenario “${id}”. See the list of scenarios.`);
    return s;
  }

  private newId(title: string): string {
    const slug =
      title
        .toLowerCase()
        .normalize("NFKD")
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 40)
        .replace(/-+$/, "") || "scenario";
    for (;;) {
      const id = `${slug}-${randomBytes(3).toString("hex")}`;
      if (!this.get(id)) return id;
    }
  }

  /**
   * Saves a validated scenario as `yaml` (new, or replacing a saved one); shipped scenarios are read-only.
   * The file is written before the library changes, so a failed write changes nothing.
   */
  async save(scenario: Scenario, yaml: string, replace?: string): Promise<StoredScenario> {
    if (replace !== undefined) {
      const existing = this.find(replace);
      if (existing.shipped)
        throw new InvalidInput("id", "Shipped scenarios are read-only: make a copy and save that instead.", [
          { field: "id", message: "shipped scenarios are read-only" },
        ]);
    } else if (this.saved.size >= MAX_SAVED_SCENARIOS) {
      throw new LimitReached(
        "saved scenarios",
        MAX_SAVED_SCENARIOS,
        `There are already ${MAX_SAVED_SCENARIOS} saved scenarios; delete some before saving another.`,
      );
    }
    const id = replace ?? this.newId(scenario.title);
    try {
      mkdirSync(this.savedDir, { recursive: true });
      await writeFileAtomic(join(this.savedDir, `${id}.yaml`), yaml);
    } catch (e) {
      throw explainFsError(e, "the scenario");
    }
    const stored: StoredScenario = { id, shipped: false, scenario, yaml };
    this.saved.set(id, stored);
    return stored;
  }

  async remove(id: string): Promise<void> {
    const s = this.find(id);
    if (s.shipped)
      throw new InvalidInput("id", "Shipped scenarios are read-only and cannot be deleted.", [
        { field: "id", message: "shipped scenarios are read-only" },
      ]);
    try {
      await unlink(join(this.savedDir, `${id}.yaml`));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw explainFsError(e, "the change");
    }
    this.saved.delete(id);
  }
}
