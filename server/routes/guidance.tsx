/** Guidance pages: the sets, each document's versions and sections, stable links, sources, changes, glossary. */
import { Hono, type Context } from "hono";
import type { Child } from "hono/jsx";
import { respond } from "../http/respond.js";
import type { AppContext } from "../app-context.js";
import { currentVersion, versionUrl, type DocumentVersion } from "../guidance/model.js";
import { changesBetween, getDocument, getSet, getVersion, readSource, sectionUrl } from "../guidance/service.js";
import { GuidanceIndex, SetPage } from "../../views/guidance/index.js";
import { DocumentPage, SourcePage } from "../../views/guidance/document.js";
import { ChangesPage } from "../../views/guidance/changes.js";
import { GlossaryPage } from "../../views/glossary.js";

export function guidanceRoutes(ctx: AppContext, guidanceDir: string) {
  const app = new Hono();
  // ctx.library is read per request: reloadGuidance() replaces it when the question bank learns a question.
  const documentOf = (c: Context) => getDocument(ctx.library, c.req.param("set")!, c.req.param("doc")!);
  const page = (c: Context, title: string, body: () => Child, status: 200 | 400 = 200) =>
    respond(c, { title, nav: "guidance", status, body });
  const documentPage = (c: Context, version: DocumentVersion) => {
    const { set, doc } = documentOf(c);
    return page(c, version.title, () => <DocumentPage set={set} doc={doc} version={version} today={ctx.today()} />);
  };

  app.get("/guidance", (c) => page(c, "Guidance", () => <GuidanceIndex sets={ctx.library.sets} today={ctx.today()} />));

  app.get("/guidance/:set", (c) => {
    const set = getSet(ctx.library, c.req.param("set"));
    return page(c, set.name, () => <SetPage set={set} today={ctx.today()} />);
  });

  app.get("/guidance/:set/:doc", (c) => documentPage(c, currentVersion(documentOf(c).doc)));

  // The version picker submits here without JavaScript.
  app.get("/guidance/:set/:doc/version", (c) =>
    c.redirect(versionUrl(getVersion(documentOf(c).doc, c.req.query("v") ?? "")), 303),
  );

  app.get("/guidance/:set/:doc/v/:version", (c) =>
    documentPage(c, getVersion(documentOf(c).doc, c.req.param("version"))),
  );

  // A section or passage by id, checked on the server: `/guidance/bolton/child-protection-conferences/s/1-timing`.
  app.get("/guidance/:set/:doc/s/:section", (c) =>
    c.redirect(sectionUrl(currentVersion(documentOf(c).doc), c.req.param("section")), 302),
  );
  app.get("/guidance/:set/:doc/v/:version/s/:section", (c) => {
    const version = getVersion(documentOf(c).doc, c.req.param("version"));
    return c.redirect(sectionUrl(version, c.req.param("section")), 301);
  });

  app.get("/guidance/:set/:doc/v/:version/source", (c) => {
    const { set, doc } = documentOf(c);
    const version = getVersion(doc, c.req.param("version"));
    const text = readSource(guidanceDir, set, version);
    return page(c, `${version.title}: source`, () => <SourcePage set={set} version={version} text={text} />);
  });

  app.get("/guidance/:set/:doc/changes", (c) => {
    const { set, doc } = documentOf(c);
    const { from, to, changes, errors } = changesBetween(doc, c.req.query());
    const body = () => <ChangesPage set={set} doc={doc} from={from} to={to} changes={changes} errors={errors} />;
    return page(c, "What changed", body, errors.length ? 400 : 200);
  });

  app.get("/glossary", (c) =>
    respond(c, { title: "Glossary", nav: "glossary", body: () => <GlossaryPage entries={ctx.library.glossary} /> }),
  );

  return app;
}
