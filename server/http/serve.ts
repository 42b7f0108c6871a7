/**
 * Serving the app over HTTP: @hono/node-server with the security headers (headers.ts) set on each Node response
 * before the app sees the request — one native call a request, nothing built per request. The entry point
 * (main.ts) and the browser tests serve through here, so what a browser gets is what they test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { SECURITY_HEADERS } from "./headers.js";

type Fetch = Parameters<typeof serve>[0]["fetch"];

export function serveApp(
  app: { fetch: Fetch },
  where: { port: number; hostname: string },
  onListen?: (info: AddressInfo) => void,
) {
  const headers = SECURITY_HEADERS as Map<string, string>;
  return serve(
    {
      fetch: app.fetch,
      port: where.port,
      hostname: where.hostname,
      createServer: ((options: object, listener: (req: IncomingMessage, res: ServerResponse) => void) =>
        createServer(options, (req, res) => {
          res.setHeaders(headers);
          listener(req, res);
        })) as unknown as typeof createServer,
    },
    onListen,
  );
}
