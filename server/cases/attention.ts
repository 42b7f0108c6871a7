/**
 * Corrections made on the page of a case that needs attention (views/cases/attention.tsx): an event's date, a
 * child's dates. Each is checked by the input gate like any other change; the store saves a correction to such a
 * case even while other problems remain, and the case is itself again once none is left.
 */
import type { AppContext } from "../app-context.js";
import { NotFound } from "../domain/errors.js";
import type { ChildFacts } from "../domain/types.js";
import type { CaseRecord } from "../store/schema.js";
import { checkCaseChildren, checkEvent } from "./validate.js";

type Raw = Record<string, unknown>;

/** The event `eventId` with its date changed; the whole event must then pass, as a new one would. */
export function correctEventDate(ctx: AppContext, c: CaseRecord, eventId: string, date: string, by: string) {
  const i = c.events.findIndex((e) => e.id === eventId);
  if (i < 0) throw new NotFound("event", `This case has no event “${eventId}”.`);
  const { id: _id, recordedAt: _at, recordedBy: _by, ...event } = c.events[i]! as Raw;
  checkEvent(ctx, { ...event, date }, "event");
  return ctx.store.update(c.id, by, "event date corrected", (d) => {
    const at = d.events.findIndex((e) => e.id === eventId);
    if (at < 0) throw new NotFound("event", `This case has no event “${eventId}”.`);
    const before = d.events[at]!;
    d.events[at] = { ...before, date };
    return { before, after: d.events[at] };
  });
}

/**
 * Child `index` made born on `dateOfBirth` or unborn, due on `expectedDeliveryDate`: its label and whether it is
 * looked after are kept, anything else it held (an age that disagreed, say) is let go.
 */
export function correctChildDates(
  ctx: AppContext,
  c: CaseRecord,
  index: number,
  dates: { dateOfBirth?: string; expectedDeliveryDate?: string },
  by: string,
) {
  const raw = c.children[index] as Raw | undefined;
  if (!raw) throw new NotFound("child", `This case has no child ${index + 1}.`);
  const child: ChildFacts = {
    id: raw.id as string,
    ...(dates.dateOfBirth ? { dateOfBirth: dates.dateOfBirth } : { unborn: true }),
    ...(dates.expectedDeliveryDate && !dates.dateOfBirth ? { expectedDeliveryDate: dates.expectedDeliveryDate } : {}),
    ...(typeof raw.lookedAfter === "boolean" ? { lookedAfter: raw.lookedAfter } : {}),
  };
  const [checked] = checkCaseChildren(ctx, c, [child], "child");
  return ctx.store.update(c.id, by, "child's dates corrected", (d) => {
    const before = d.children[index];
    d.children[index] = checked!;
    return { before, after: checked };
  });
}
