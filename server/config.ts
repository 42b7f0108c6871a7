/** Settings from the environment (names fixed by docs/DOMAIN.md), with embedded defaults so the app starts with no setup. */
import { ROOT, fromRoot } from "./paths.js";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL for cases, conversations and feedback (DATABASE_URL); the files in DATA_DIR when not set. */
  databaseUrl?: string;
  /** Connections to PostgreSQL one instance may hold (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  guidanceDir: string;
  conversationTtlHours: number;
  /** BASE_URL: the origin absolute links are made from (never the request's Host); undefined means the default. */
  baseUrl?: string;
  /** Host names requests may be addressed to besides the defaults (see `allowedHosts`). */
  extraHosts: string[];
  conversationMax: number;
  conversationMaxTurns: number;
  conversationMaxKb: number;
  maxCases: number;
  maxEventsPerCase: number;
  /** Requests per minute per client address; 0 turns the limit off. */
  rateLimitWrites: number;
  rateLimitAsks: number;
  /** Calendar reminders (VALARM): working days before each due date, each at 09:00; empty for none. */
  calendarReminders: number[];
}

export const PROJECT_ROOT = ROOT;

export const DEFAULTS = {
  conversationMax: 5000,
  conversationMaxTurns: 200,
  conversationMaxKb: 128,
  maxCases: 20_000,
  maxEventsPerCase: 500,
  rateLimitWrites: 120,
  rateLimitAsks: 60,
  /** One calendar reminder, at 09:00 the working day before each due date. */
  calendarReminders: [1],
} as const;

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!(n > 0)) throw new Error(`${name} must be a positive number (got "${value}")`);
  return n;
}

function whole(value: string | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be a whole number of ${min} or more (got "${value}")`);
  return n;
}

/**
 * A host name as the Host header carries it, without the port: lower case, no trailing dot, IPv6 in brackets.
 * Undefined when it is not a plausible host name.
 */
export function normalizeHost(raw: string): string | undefined {
  let h = raw.trim().toLowerCase();
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    if (end < 0) return undefined;
    h = h.slice(0, end + 1);
  } else if ((h.match(/:/g) ?? []).length > 1) {
    h = `[${h}]`; // a bare IPv6 address
  } else {
    h = h.replace(/:\d*$/, "");
  }
  h = h.replace(/\.$/, "");
  return /^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?$/.test(h) || /^\[[0-9a-f:.]+\]$/.test(h) ? h : undefined;
}

const WILDCARD = new Set(["0.0.0.0", "::", "[::]", ""]);
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origin links are made from when BASE_URL is not set: http://127.0.0.1:<port>, or the bound address when
 * HOST names one machine address that is not loopback.
 */
export function defaultBaseUrl(host: string, port: number): string {
  const h = normalizeHost(host);
  const name = !h || WILDCARD.has(host) || LOOPBACK_NAMES.includes(h) || h.startsWith("127.") ? "127.0.0.1" : h;
  return `http://${name}:${port}`;
}

/** The Host names the server answers to: loopback names, what HOST binds, BASE_URL's host and ALLOWED_HOSTS. */
export function allowedHosts(c: Pick<Config, "host" | "baseUrl" | "extraHosts">): string[] {
  const names = [...LOOPBACK_NAMES, c.host, ...(c.baseUrl ? [new URL(c.baseUrl).host] : []), ...c.extraHosts];
  return [...new Set(names.map(normalizeHost).filter((x): x is string => !!x))];
}

function readBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`BASE_URL must be a web address such as http://127.0.0.1:3000 (got "${value}")`);
  }
  if (!["http:", "https:"].includes(url.protocol) || url.pathname !== "/" || url.search || url.hash || url.username)
    throw new Error(
      `BASE_URL must be http:// or https:// with a host and optional port, nothing after it (got "${value}")`,
    );
  return url.origin;
}

/** `CALENDAR_REMINDERS`: "1", "2,0", "off". Working days before the due date; at most 5, each 0–20. */
export function parseReminders(raw: string | undefined): number[] {
  if (raw === undefined || raw.trim() === "") return [...DEFAULTS.calendarReminders];
  if (/^(off|none|no)$/i.test(raw.trim())) return [];
  const days = raw.split(",").map((x) => x.trim());
  if (days.length > 5 || days.some((x) => !/^\d{1,2}$/.test(x) || Number(x) > 20))
    throw new Error(
      `CALENDAR_REMINDERS must be up to 5 numbers of working days before a due date, 0 to 20, separated by commas (such as 2,0), or off (got "${raw}")`,
    );
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
  const extraHosts = (env.ALLOWED_HOSTS ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean)
    .map((x) => {
      const h = normalizeHost(x);
      if (!h) throw new Error(`ALLOWED_HOSTS: "${x}" is not a host name (list names separated by commas)`);
      return h;
    });
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dataDir: env.DATA_DIR || "./data",
    ...(env.DATABASE_URL?.trim() ? { databaseUrl: env.DATABASE_URL.trim() } : {}),
    databasePoolSize: whole(env.DATABASE_POOL_SIZE, 10, "DATABASE_POOL_SIZE", 1),
    guidanceDir: env.GUIDANCE_DIR || fromRoot("guidance"),
    conversationTtlHours: positive(env.CONVERSATION_TTL_HOURS, 12, "CONVERSATION_TTL_HOURS"),
    baseUrl: readBaseUrl(env.BASE_URL),
    extraHosts,
    conversationMax: whole(env.CONVERSATION_MAX, DEFAULTS.conversationMax, "CONVERSATION_MAX", 1),
    conversationMaxTurns: whole(env.CONVERSATION_MAX_TURNS, DEFAULTS.conversationMaxTurns, "CONVERSATION_MAX_TURNS", 2),
    conversationMaxKb: whole(env.CONVERSATION_MAX_KB, DEFAULTS.conversationMaxKb, "CONVERSATION_MAX_KB", 16),
    maxCases: whole(env.MAX_CASES, DEFAULTS.maxCases, "MAX_CASES", 1),
    maxEventsPerCase: whole(env.MAX_EVENTS_PER_CASE, DEFAULTS.maxEventsPerCase, "MAX_EVENTS_PER_CASE", 1),
    rateLimitWrites: whole(env.RATE_LIMIT_WRITES, DEFAULTS.rateLimitWrites, "RATE_LIMIT_WRITES", 0),
    rateLimitAsks: whole(env.RATE_LIMIT_ASKS, DEFAULTS.rateLimitAsks, "RATE_LIMIT_ASKS", 0),
    calendarReminders: parseReminders(env.CALENDAR_REMINDERS),
  };
}
