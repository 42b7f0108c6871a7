/**
 * Static assets — views/app.css, views/app.js and htmx from the installed package — read once, each under a
 * fingerprinted name (`/assets/app.3f9c2a1b0d.css`, the hash of its content) that is cached for a year and never
 * revalidated: a changed file gets a new name, so a page never mixes old and new. Pages link them through
 * `assetUrl` (views/layout.tsx). The plain names (`/assets/app.css`) still answer, revalidated on each use.
 * Both carry an ETag, and a matching If-None-Match gets 304.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Context } from "hono";
import { fromRoot } from "../paths.js";

interface Asset {
  body: Uint8Array;
  type: string;
  etag: string;
  /** The fingerprinted path, /assets/<name>.<hash>.<ext>. */
  url: string;
}

const SOURCES: Record<string, { path: () => string; type: string }> = {
  "app.css": { path: () => fromRoot("views/app.css"), type: "text/css; charset=utf-8" },
  "app.js": { path: () => fromRoot("views/app.js"), type: "text/javascript; charset=utf-8" },
  "htmx.min.js": {
    path: () => createRequire(import.meta.url).resolve("htmx.org/dist/htmx.min.js"),
    type: "text/javascript; charset=utf-8",
  },
};

export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

function load() {
  const byName = new Map<string, Asset>();
  const byPath = new Map<string, { asset: Asset; cache: string }>();
  for (const [name, s] of Object.entries(SOURCES)) {
    const body = readFileSync(s.path());
    const hash = createHash("sha256").update(body).digest("hex").slice(0, 10);
    const dot = name.indexOf(".");
    const url = `/assets/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
    const asset = { body: new Uint8Array(body), type: s.type, etag: `"${hash}"`, url };
    byName.set(name, asset);
    byPath.set(url, { asset, cache: IMMUTABLE });
    byPath.set(`/assets/${name}`, { asset, cache: REVALIDATE });
  }
  return { byName, byPath };
}

let loaded: ReturnType<typeof load> | undefined;
const assets = () => (loaded ??= load());

/** The fingerprinted URL of an asset ("app.css", "app.js", "htmx.min.js"), for pages to link. */
export function assetUrl(name: string): string {
  const a = assets().byName.get(name);
  if (!a) throw new Error(`No asset named ${name}`);
  return a.url;
}

/** GET /assets/:name — 304 when the browser holds the same content, 404 for anything not an asset. */
export function serveAsset(c: Context) {
  const hit = assets().byPath.get(c.req.path);
  if (!hit) return c.text("Not found", 404);
  const { asset, cache } = hit;
  const headers = { ETag: asset.etag, "Cache-Control": cache };
  if (c.req.header("If-None-Match")?.includes(asset.etag)) return c.body(null, 304, headers);
  return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { ...headers, "Content-Type": asset.type });
}
