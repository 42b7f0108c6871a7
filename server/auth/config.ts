/**
 * Sign-in settings from the environment (README, Settings): session lifetimes and the optional identity provider.
 * Kept beside the auth code; server/config.ts reads the rest.
 */
import type { OidcSettings } from "./oidc.js";

export interface AuthConfig {
  /** SESSION_IDLE_MINUTES: a session ends after this long without a request (default 30). */
  idleMinutes: number;
  /** SESSION_MAX_HOURS: and this long after sign-in whatever happens (default 12). */
  maxHours: number;
  /** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET (all three, or none), OIDC_LABEL, OIDC_USERNAME_CLAIM. */
  oidc?: OidcSettings;
}

function whole(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const idleMinutes = whole(env.SESSION_IDLE_MINUTES, 30, "SESSION_IDLE_MINUTES", 1, 24 * 60);
  const maxHours = whole(env.SESSION_MAX_HOURS, 12, "SESSION_MAX_HOURS", 1, 24 * 30);
  const issuer = env.OIDC_ISSUER?.trim();
  const clientId = env.OIDC_CLIENT_ID?.trim();
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim();
  const given = [issuer, clientId, clientSecret].filter(Boolean).length;
  if (given === 0) return { idleMinutes, maxHours };
  if (given < 3)
    throw new Error("OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three, or none");
  let url: URL;
  try {
    url = new URL(issuer!);
  } catch {
    throw new Error(`OIDC_ISSUER must be the identity provider's issuer address (got "${issuer}")`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopback(url.hostname)))
    throw new Error(`OIDC_ISSUER must be an https:// address (got "${issuer}")`);
  return {
    idleMinutes,
    maxHours,
    oidc: {
      issuer: issuer!,
      clientId: clientId!,
      clientSecret: clientSecret!,
      label: env.OIDC_LABEL?.trim() || "your organisation's account",
      usernameClaim: env.OIDC_USERNAME_CLAIM?.trim() || "email",
    },
  };
}

/** Whether HOST binds loopback only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}
