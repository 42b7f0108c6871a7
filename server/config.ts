/** Settings from the environment (names fixed by docs/DOMAIN.md), with embedded defaults so the app starts with no setup. */
import { fileURLToPath } from "node:url";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  guidanceDir: string;
  conversationTtlHours: number;
}

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!(n > 0)) throw new Error(`${name} must be a positive number (got "${value}")`);
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dataDir: env.DATA_DIR || "./data",
    guidanceDir: env.GUIDANCE_DIR || fileURLToPath(new URL("../guidance", import.meta.url)),
    conversationTtlHours: positive(env.CONVERSATION_TTL_HOURS, 12, "CONVERSATION_TTL_HOURS"),
  };
}
