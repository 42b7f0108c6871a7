/** Settings from the environment (names fixed by DOMAIN.md), with embedded defaults so the app starts with no setup. */
import { fileURLToPath } from "node:url";

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  guidanceDir: string;
}

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === "" ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535 (got "${env.PORT}")`);
  return {
    port,
    host: env.HOST || "127.0.0.1",
    dataDir: env.DATA_DIR || "./data",
    guidanceDir: env.GUIDANCE_DIR || fileURLToPath(new URL("../guidance", import.meta.url)),
  };
}
