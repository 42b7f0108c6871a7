/** Agency duties: /duties (choose agency, area and conference date), its one-page print view and its .ics. */
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { InvalidInput } from "../domain/errors.js";
import { dutiesIcs } from "../duties/ics.js";
import { agencyChoices, agencyDuties, readConferenceDate, setChoices } from "../duties/service.js";
import { baseUrl } from "../http/host.js";
import { respond } from "../http/respond.js";
import type { FieldError } from "../../views/components.js";
import { type DutiesForm, DutiesPage } from "../../views/duties/page.js";
import { DutiesPrint, printTitle } from "../../views/duties/print.js";

/** Reads and checks the query: what was typed, the problems found, and the duties when agency and area are known. */
function read(ctx: AppContext, c: Context) {
  const q = c.req.query();
  const form: DutiesForm = { agency: q.agency ?? "", set: q.set ?? "", date: (q.date ?? "").slice(0, 40) };
  const errors: FieldError[] = [];
  const asked = q.agency !== undefined || q.set !== undefined || q.date !== undefined;
  if (asked && !agencyChoices(ctx).some((a) => a.id === form.agency))
    errors.push({ field: "agency", message: "Choose your agency from the list" });
  if (asked && !setChoices(ctx).some((s) => s.id === form.set))
    errors.push({ field: "set", message: "Choose the area from the list" });
  let conference: string | undefined;
  try {
    conference = readConferenceDate(form.date, ctx.today());
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    errors.push({ field: "date", message: e.message });
  }
  const known = asked && !errors.some((e) => e.field !== "date");
  const duties = known
    ? agencyDuties(ctx, { agency: form.agency!, set: form.set!, ...(conference ? { conference } : {}) })
    : undefined;
  const query = new URLSearchParams({
    agency: form.agency ?? "",
    set: form.set ?? "",
    ...(conference ? { date: conference } : {}),
  }).toString();
  return { form, errors, duties, query };
}

export function dutiesRoutes(ctx: AppContext) {
  const app = new Hono();

  app.get("/duties", (c) => {
    const { form, errors, duties, query } = read(ctx, c);
    return respond(c, {
      title: duties
        ? `${errors.length ? "Error: " : ""}${duties.agency.label} in ${duties.set.area}: agency duties`
        : `${errors.length ? "Error: " : ""}Agency duties`,
      nav: "duties",
      status: errors.length ? 400 : 200,
      body: () => (
        <DutiesPage
          m={{
            agencies: agencyChoices(ctx),
            sets: setChoices(ctx),
            form,
            errors,
            ...(duties ? { duties, query } : {}),
          }}
        />
      ),
    });
  });

  app.get("/duties/print", (c) => {
    const { errors, duties, query } = read(ctx, c);
    if (!duties || errors.length) return c.redirect(`/duties?${new URLSearchParams(c.req.query()).toString()}`, 303);
    return respond(c, {
      title: printTitle(duties),
      nav: "duties",
      body: () => <DutiesPrint d={duties} baseUrl={baseUrl(c)} back={`/duties?${query}`} />,
    });
  });

  app.get("/duties/calendar.ics", (c) => {
    const { errors, duties } = read(ctx, c);
    if (errors.length) throw new InvalidInput(errors[0]!.field, errors.map((e) => e.message).join("; "));
    if (!duties?.conference) throw new InvalidInput("date", "Give the conference date to put the duties in a calendar");
    return c.body(dutiesIcs(duties, baseUrl(c), new Date()), 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="pathway-duties-${duties.agency.id}-${duties.set.id}.ics"`,
    });
  });

  return app;
}
