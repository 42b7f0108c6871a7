/**
 * Agency duties (issue 13): what an agency invited to or notified of a conference does, and what it is owed — rules
 * whose duty is one of the `agency_…` kinds (checklists/vocabulary.yaml), kept in a block of their own at the end of
 * each rules file. They are shown by agency
 * on /duties and side by side on /compare; a case's checklist (the social worker's) leaves them out, so a case
 * neither lists every agency's own duties nor asks which agencies are involved for their sake.
 */
import type { Checklist, Rule } from "./schema.js";

export const isAgencyDuty = (rule: Pick<Rule, "duty">): boolean => rule.duty.startsWith("agency_");

const without = new WeakMap<Checklist, Checklist>();

/** The checklist without its agency duties (the same object when it has none). */
export function withoutAgencyDuties(checklist: Checklist): Checklist {
  let out = without.get(checklist);
  if (!out) {
    const rules = checklist.rules.filter((r) => !isAgencyDuty(r));
    out = rules.length === checklist.rules.length ? checklist : { ...checklist, rules };
    without.set(checklist, out);
  }
  return out;
}
