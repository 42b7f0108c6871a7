/**
 * A local OpenID Connect provider for the tests (oidc-provider), on a loopback port: one confidential client, its
 * development login form (any password; the login is the email claim) and consent page. Nothing leaves the machine.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface LocalIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close: () => Promise<void>;
}

export async function startLocalIdp(redirectUris: string[]): Promise<LocalIdp> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "pathway-test",
        client_secret: "pathway-test-secret-0123456789abcdef",
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    findAccount: async (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({ sub, email: sub, name: sub }),
    }),
    claims: { openid: ["sub"], email: ["email"], profile: ["name"] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["local-idp-test-key-0123456789"] },
  });
  // Silence the warnings it prints about development settings (this is a test provider).
  provider.on("server_error", (_ctx: unknown, err: Error) => console.error("local IdP:", err));
  server.on("request", provider.callback());
  return {
    issuer,
    clientId: "pathway-test",
    clientSecret: "pathway-test-secret-0123456789abcdef",
    close: () => new Promise((r) => server.close(() => r())),
  };
}
