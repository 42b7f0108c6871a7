import { Hono } from "hono";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { respond } from "../http/respond.js";
import { notFound } from "../http/errors.js";
import type { AppContext } from "../app-context.js";
import {
  currentVersion,
  findDocument,
  findSet,
  findVersion,
  versionUrl,
  type GuidanceDocument,
} from "../guidance/model.js";
import { compareVersions } from "../guidance/changes.js";
import { ID_PATTERN, VERSION_PATTERN } from "../guidance/load.js";
import { GuidanceIndex, SetPage } from "../../views/guidance/index.js";
import { DocumentPage, SourcePage } from "../../views/guidance/document.js";
import { ChangesPage } from "../../views/guidance/changes.js";
import { GlossaryPage } from "../../views/glossary.js";

export function guidanceRoutes(ctx: AppContext, guidanceDir: string) {
  const app = new Hono();
  const { library } = ctx;

  const lookup = (setId: string, docId?: string) => {
    const set = ID_PATTERN.test(setId) ? findSet(library, setId) : undefined;
    if (!set)
      throw notFound(
        `There is no procedure set called “${setId}”. The sets are: ${library.sets.map((s) => s.id).join(", ")}.`,
      );
    if (docId === undefined) return { set, doc: undefined as unknown as GuidanceDocument };
    const doc = ID_PATTERN.test(docId) ? findDocument(library, setId, docId) : undefined;
    if (!doc) throw notFound(`The ${set.name} procedure set has no document called “${docId}”.`);
    return { set, doc };
  };
  const versionOf = (doc: GuidanceDocument, version: string) => {
    const v = VERSION_PATTERN.test(version) ? findVersion(doc, version) : undefined;
    if (!v)
      throw notFound(
        `This document has no version “${version}”. Versions: ${doc.versions.map((x) => x.version).join(", ")}.`,
      );
    return v;
  };

  app.get("/guidance", (c) =>
    respond(c, {
      title: "Guidance",
      nav: "guidance",
      body: () => <GuidanceIndex sets={library.sets} today={ctx.today()} />,
    }),
  );

  app.get("/guidance/:set", (c) => {
    const { set } = lookup(c.req.param("set"));
    return respond(c, { title: set.name, nav: "guidance", body: () => <SetPage set={set} today={ctx.today()} /> });
  });

  app.get("/guidance/:set/:doc", (c) => {
    const { set, doc } = lookup(c.req.param("set"), c.req.param("doc"));
    const version = currentVersion(doc);
    return respond(c, {
      title: version.title,
      nav: "guidance",
      body: () => <DocumentPage set={set} doc={doc} version={version} today={ctx.today()} />,
    });
  });

  // The version picker submits here without JavaScript.
  app.get("/guidance/:set/:doc/version", (c) => {
    const { doc } = lookup(c.req.param("set"), c.req.param("doc"));
    return c.redirect(versionUrl(versionOf(doc, c.req.query("v") ?? "")), 303);
  });

  app.get("/guidance/:set/:doc/v/:version", (c) => {
    const { set, doc } = lookup(c.req.param("set"), c.req.param("doc"));
    const version = versionOf(doc, c.req.param("version"));
    return respond(c, {
      title: version.title,
      nav: "guidance",
      body: () => <DocumentPage set={set} doc={doc} version={version} today={ctx.today()} />,
    });
  });

  // A section or passage by id, checked on the server: `/guidance/bolton/child-protection-conferences/s/1-timing`.
  const toSection = (version: ReturnType<typeof versionOf>, id: string) => {
    const known = version.sections.some((s) => s.id === id) || version.passages.some((p) => p.id === id);
    if (!known)
      throw notFound(`Version ${version.versionLabel} of “${version.title}” has no section or paragraph “${id}”.`);
    return `${versionUrl(version)}#${encodeURIComponent(id)}`;
  };
  app.get("/guidance/:set/:doc/s/:section", (c) => {
    const { doc } = lookup(c.req.param("set"), c.req.param("doc"));
    return c.redirect(toSection(currentVersion(doc), c.req.param("section")), 302);
  });
  app.get("/guidance/:set/:doc/v/:version/s/:section", (c) => {
    const { doc } = lookup(c.req.param("set"), c.req.param("doc"));
    return c.redirect(toSection(versionOf(doc, c.req.param("version")), c.req.param("section")), 301);
  });

  app.get("/guidance/:set/:doc/v/:version/source", (c) => {
    const { set, doc } = lookup(c.req.param("set"), c.req.param("doc"));
    const version = versionOf(doc, c.req.param("version"));
    const text = readFileSync(join(guidanceDir, set.id, version.source), "utf8");
    return respond(c, {
      title: `${version.title}: source`,
      nav: "guidance",
      body: () => <SourcePage set={set} version={version} text={text} />,
    });
  });

  app.get("/guidance/:set/:doc/changes", (c) => {
    const { set, doc } = lookup(c.req.param("set"), c.req.param("doc"));
    const errors: { field: string; message: string }[] = [];
    const pick = (field: "from" | "to", fallback: number) => {
      const value = c.req.query(field);
      if (value === undefined) return doc.versions[Math.max(0, fallback)];
      const v = VERSION_PATTERN.test(value) ? findVersion(doc, value) : undefined;
      if (!v) errors.push({ field, message: `Choose a version of this document (there is no version “${value}”)` });
      return v;
    };
    const from = pick("from", doc.versions.length - 2);
    const to = pick("to", doc.versions.length - 1);
    if (from && to && from.version === to.version && doc.versions.length > 1)
      errors.push({ field: "to", message: "Choose two different versions to compare" });
    const changes = from && to && !errors.length ? compareVersions(from, to) : [];
    return respond(c, {
      title: "What changed",
      nav: "guidance",
      status: errors.length ? 400 : 200,
      body: () => <ChangesPage set={set} doc={doc} from={from} to={to} changes={changes} errors={errors} />,
    });
  });

  app.get("/glossary", (c) =>
    respond(c, { title: "Glossary", nav: "glossary", body: () => <GlossaryPage entries={library.glossary} /> }),
  );

  return app;
}
