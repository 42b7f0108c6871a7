/**
 * The ids the rest of the app keys things by, made and read in one place:
 * - an action is `<rule>[:<child>|:<agency>]@<anchor date>` (the case store keeps "done" marks by it, so marking
 *   one occurrence done does not mark the next);
 * - a question is a fact id (`newCase`, `agencies`, …) or `child:<child id>:dateOfBirth|lookedAfter`.
 * Child ids cannot hold ":" or "@" (server/domain/input.ts), nor can rule or agency ids.
 */

export interface ActionWho {
  child?: string;
  agency?: string;
}

/** `bolton.first-core-group`, `cp-guide.advocacy-icpc:C`, `llr.always-notify:police`: one action of a rule, without its date. */
export const actionKey = (rule: string, who: ActionWho = {}): string =>
  rule + (who.child !== undefined ? `:${who.child}` : "") + (who.agency !== undefined ? `:${who.agency}` : "");

/** `bolton.first-core-group@2027-01-13`. */
export const actionId = (rule: string, who: ActionWho, anchorDate: string): string =>
  `${actionKey(rule, who)}@${anchorDate}`;

/** The parts of an action id: its rule, who it is for (a child's id or an agency's) and the date it counts from. */
export function parseActionId(id: string): { rule: string; who?: string; anchor?: string } | undefined {
  const m = /^([a-z0-9-]+\.[a-z0-9-]+)(?::([^@]+))?(?:@(\d{4}-\d{2}-\d{2}))?$/.exec(id);
  if (!m) return undefined;
  return { rule: m[1]!, ...(m[2] !== undefined ? { who: m[2] } : {}), ...(m[3] ? { anchor: m[3] } : {}) };
}

export type ChildQuestion = "dateOfBirth" | "lookedAfter";

/** `child:A:dateOfBirth`. */
export const childQuestionId = (child: string, about: ChildQuestion): string => `child:${child}:${about}`;

/** A question id as a fact or a child's date of birth / looked-after status. */
export function parseQuestionId(id: string): { fact: string } | { child: string; about: ChildQuestion } {
  const m = /^child:(.+):(dateOfBirth|lookedAfter)$/.exec(id);
  return m ? { child: m[1]!, about: m[2] as ChildQuestion } : { fact: id };
}
