/** Checks of the rules files, golden cases and timescale coverage, in words a procedures officer can act on. */
import type { GuidanceLibrary } from "../guidance/model.js";
import { quotePosition, readChecklists } from "./load.js";
import type { RuleBook } from "./rules-file.js";
import { goldenProblems } from "./golden.js";
import { coverageProblems } from "./coverage.js";
import { isAgencyDuty } from "../domain/rules/agency.js";

/**
 * Rules keep the order of the document: each rule's quote comes at or after the one before it. The agency duties
 * (duties `agency_…`, issue 13) are a block of their own at the end of the rules, in the order of the document
 * among themselves.
 */
export function orderProblems(book: RuleBook, lib: GuidanceLibrary): string[] {
  return [
    ...orderIn(
      book,
      lib,
      book.rules.filter((r) => !isAgencyDuty(r)),
    ),
    ...orderIn(
      book,
      lib,
      book.rules.filter((r) => isAgencyDuty(r)),
    ),
  ];
}

function orderIn(book: RuleBook, lib: GuidanceLibrary, rules: RuleBook["rules"]): string[] {
  const doc = lib.sets.find((s) => s.id === book.set)?.documents.find((d) => d.id === book.document);
  const version = doc?.versions.find((v) => v.version === book.version);
  if (!version) return [];
  const out: string[] = [];
  let last = -1;
  let lastAt = "";
  for (const r of rules) {
    const at = quotePosition(version, r.sources[0]!);
    if (at < 0) continue; // reported as a quote problem
    if (at < last)
      out.push(
        `${book.file}, ${book.where.get(r)}: its quote comes before that of ${lastAt} in the document. Keep the rules in the order of the document (move it up).`,
      );
    else {
      last = at;
      lastAt = book.where.get(r) ?? r.id;
    }
  }
  return out;
}

/** Every check of rules and what depends on them, by heading: [["Rules", […]], ["Golden cases", […]], …]. */
export function contentProblems(root: string, lib: GuidanceLibrary): [string, string[]][] {
  const { checklists, problems } = readChecklists(root, lib);
  const order = checklists.books.flatMap((b) => orderProblems(b, lib));
  // Golden cases and coverage need rules that load.
  if (problems.length)
    return [
      ["Rules", [...problems, ...order]],
      ["Golden cases", ["not run: fix the rules first"]],
    ];
  return [
    ["Rules", order],
    ["Golden cases", goldenProblems(root, lib, checklists)],
    ["Timescale coverage", coverageProblems(lib, checklists)],
  ];
}
