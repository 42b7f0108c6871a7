/**
 * Sign-in through the council's identity provider (OpenID Connect: Microsoft Entra ID, Google Workspace, Keycloak…)
 * with openid-client: the authorization code flow with PKCE, state and nonce, a confidential client.
 *
 * - The provider is found by discovery from OIDC_ISSUER the first time someone uses it (so Pathway starts even
 *   while the provider is unreachable, and says so on the sign-in page).
 * - The person is matched to a Pathway account, never created: first by the provider account already linked
 *   (`<issuer> <sub>`), else by the username equal to the claim named by OIDC_USERNAME_CLAIM (default `email`,
 *   lower case) on an account not linked yet — which links it. An administrator adds the account first.
 * - What is in flight between leaving for the provider and coming back (state, nonce, PKCE verifier, the page to
 *   return to) is kept in memory for 10 minutes, keyed by a random id in a short-lived HttpOnly cookie.
 * - Plain http is allowed only for an issuer on loopback (the tests' local provider).
 */
import { randomBytes } from "node:crypto";
import * as client from "openid-client";
import type { Account, AccountStore } from "../store/accounts.js";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button's words: "Sign in with <label>". */
  label: string;
  /** The ID token claim matched to a username (OIDC_USERNAME_CLAIM). */
  usernameClaim: string;
}

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  at: number;
}

const PENDING_MS = 10 * 60_000;
export const OIDC_COOKIE = "pathway_oidc";

export class OidcError extends Error {}

const loopbackIssuer = (u: URL) => ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname);

export class OidcSignIn {
  private config?: Promise<client.Configuration>;
  private readonly pending = new Map<string, Pending>();

  constructor(
    readonly settings: OidcSettings,
    /** The origin Pathway is reached at (BASE_URL): the redirect URI is made from it, never from the request. */
    private readonly baseUrl: () => string,
  ) {}

  get redirectUri() {
    return `${this.baseUrl().replace(/\/+$/, "")}/signin/oidc/callback`;
  }

  private discover(): Promise<client.Configuration> {
    if (!this.config) {
      const issuer = new URL(this.settings.issuer);
      const insecure = issuer.protocol === "http:" && loopbackIssuer(issuer);
      this.config = client
        .discovery(
          issuer,
          this.settings.clientId,
          { redirect_uris: [this.redirectUri], response_types: ["code"] },
          client.ClientSecretPost(this.settings.clientSecret),
          insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
        )
        .catch((e: Error) => {
          this.config = undefined; // try again next time
          throw new OidcError(
            `The identity provider at ${this.settings.issuer} could not be reached (${e.message}). Try again, or sign in with a password.`,
          );
        });
    }
    return this.config;
  }

  /** Where to send the browser, and the id to put in the cookie. */
  async start(next: string): Promise<{ url: string; id: string }> {
    const config = await this.discover();
    const now = Date.now();
    for (const [k, p] of this.pending) if (now - p.at > PENDING_MS) this.pending.delete(k);
    if (this.pending.size > 10_000) throw new OidcError("Too many sign-ins in progress; try again in a few minutes.");
    const p: Pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      next,
      at: now,
    };
    const id = randomBytes(16).toString("hex");
    this.pending.set(id, p);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: "openid email profile",
      code_challenge: await client.calculatePKCECodeChallenge(p.verifier),
      code_challenge_method: "S256",
      state: p.state,
      nonce: p.nonce,
    });
    return { url: url.href, id };
  }

  /**
   * Completes the sign-in the browser came back from: checks state, nonce and PKCE, exchanges the code, and finds the
   * account. `query` is the callback's query string (the URL is rebuilt from the redirect URI, never from Host).
   */
  async finish(
    id: string | undefined,
    query: string,
    accounts: AccountStore,
  ): Promise<{ account: Account; next: string }> {
    const p = id ? this.pending.get(id) : undefined;
    if (id) this.pending.delete(id);
    if (!p || Date.now() - p.at > PENDING_MS)
      throw new OidcError("That sign-in took too long or was already used. Start again.");
    const config = await this.discover();
    const current = new URL(`${this.redirectUri}${query}`);
    const providerError = current.searchParams.get("error");
    if (providerError)
      throw new OidcError(
        `The identity provider did not sign you in (${current.searchParams.get("error_description") ?? providerError}).`,
      );
    let claims: (client.IDToken & Record<string, unknown>) | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: p.verifier,
        expectedState: p.state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
      // Providers that keep the ID token small give the username claim from the UserInfo endpoint instead.
      if (claims?.sub && claims[this.settings.usernameClaim] === undefined && tokens.access_token) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        claims = { ...claims, [this.settings.usernameClaim]: info[this.settings.usernameClaim] };
      }
    } catch (e) {
      throw new OidcError(
        `The identity provider's answer could not be checked (${(e as Error).message}). Start again.`,
      );
    }
    if (!claims?.sub) throw new OidcError("The identity provider did not say who you are. Start again.");
    const subject = `${claims.iss} ${claims.sub}`;
    let account = await accounts.bySubject(subject);
    const claimed = claims[this.settings.usernameClaim];
    const username = typeof claimed === "string" ? claimed.trim().toLowerCase() : undefined;
    if (!account && username) {
      const match = await accounts.byUsername(username);
      if (match && !match.oidcSubject) account = await accounts.update(match.id, { oidcSubject: subject });
    }
    if (!account)
      throw new OidcError(
        `There is no Pathway account for ${username ?? "you"}. Ask a Pathway administrator to add one with that username.`,
      );
    if (account.disabled) throw new OidcError("Your Pathway account is disabled. Ask a Pathway administrator.");
    return { account, next: p.next };
  }
}
