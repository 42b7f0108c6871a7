/** /rules and /rules/<set>[/<document>/v/<version>]: the rules as written, each with a worked example computed live. */
import { Hono } from "hono";
import type { AppContext } from "../app-context.js";
import { respond } from "../http/respond.js";
import { NotFound } from "../domain/errors.js";
import { currentVersion, findSet } from "../guidance/model.js";
import { describerFor } from "../plan/service.js";
import { workedExample } from "../checklists/example.js";
import { RulesIndex, RulesPage, type RulesPageModel } from "../../views/rules.js";

export function rulesRoutes(ctx: AppContext) {
  const app = new Hono();

  app.get("/rules", (c) => {
    const sets = ctx.library.sets
      .filter((s) => ctx.checklists.bySet.has(s.id))
      .map((set) => ({ set, rules: ctx.checklists.bySet.get(set.id)!.rules.length }));
    return respond(c, { title: "Rules and timescales", nav: "rules", body: () => <RulesIndex sets={sets} /> });
  });

  const page = (setId: string, pinned: Record<string, string>) => {
    const set = findSet(ctx.library, setId);
    const checklist = set && ctx.checklists.forVersions(set.id, pinned);
    if (!set || !checklist) throw new NotFound("procedure set", `There are no rules for “${setId}”.`);
    const today = ctx.today();
    const describe = describerFor(ctx.library, pinned);
    const documents = set.documents.flatMap((d) => {
      const version = d.versions.find((v) => v.version === pinned[d.id]) ?? currentVersion(d);
      const used = ctx.checklists.bookFor(set.id, d.id, version.version);
      if (!used) return [];
      return [
        {
          title: version.title,
          versionLabel: version.versionLabel,
          file: used.file,
          inherited: used.version !== version.version,
        },
      ];
    });
    const versions = set.documents.flatMap((d) =>
      d.versions
        .filter((v) => ctx.checklists.bookFor(set.id, d.id, v.version))
        .map((v) => ({
          label: `${set.documents.length > 1 ? `${currentVersion(d).title}: ` : ""}${v.versionLabel}`,
          url: `/rules/${set.id}/${d.id}/v/${encodeURIComponent(v.version)}`,
          current: (pinned[d.id] ?? currentVersion(d).version) === v.version,
        })),
    );
    const examples = new Map(
      checklist.rules.map((r) => [r, workedExample(r, checklist, today, describe, ctx.checklists.catalogue.facts)]),
    );
    const m: RulesPageModel = { set, checklist, documents, versions, describe, examples, today };
    return { title: `Rules and timescales: ${set.name}`, nav: "rules", body: () => <RulesPage m={m} /> };
  };

  app.get("/rules/:set", (c) => respond(c, page(c.req.param("set"), {})));
  app.get("/rules/:set/:doc/v/:version", (c) => {
    const set = findSet(ctx.library, c.req.param("set"));
    const doc = set?.documents.find((d) => d.id === c.req.param("doc"));
    const version = doc?.versions.find((v) => v.version === c.req.param("version"));
    if (!version) throw new NotFound("version", "There is no such version of this document.");
    return respond(c, page(c.req.param("set"), { [doc!.id]: version.version }));
  });
  return app;
}
