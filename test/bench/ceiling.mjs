// The ceiling for `npm run bench`'s HTTP section: a minimal hono app on the same @hono/node-server Pathway uses,
// answering one JSON route with no middleware. Plain JavaScript on plain Node, like the compiled server.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const app = new Hono();
app.get("/healthz", (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: "127.0.0.1" }, (info) => {
  console.log(`listening on ${info.port}`);
});
