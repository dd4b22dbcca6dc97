import "server-only";
import { Redis } from "ioredis";
import { log } from "@/lib/log";
import { redactRedisUrl } from "./codec";

const CONNECT_TIMEOUT_MS = 10_000;
const ERROR_LOG_EVERY_MS = 30_000;
/** Longer than the tail's XREAD BLOCK (1 s). */
const COMMAND_TIMEOUT_MS = 5_000;

/**
 * Connects to REDIS_URL, or throws a message naming it (never its password). After start-up the
 * client reconnects by itself; commands fail fast meanwhile (the callers retry), and connection
 * errors are logged at most every 30 s.
 */
export async function connectRedis(url: string, name: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    // A connection that silently died (a network partition) fails its commands instead of
    // hanging them: the lease, the budget and the tail loops then see Redis as unreachable.
    commandTimeout: COMMAND_TIMEOUT_MS,
    keepAlive: 10_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastLogged = 0;
  client.on("error", (err: Error) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_EVERY_MS) return;
    lastLogged = now;
    log.warn("Redis connection problem", { redis: redactRedisUrl(url), error: err.message });
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    client.disconnect();
    throw new Error(`REDIS_URL (${redactRedisUrl(url)}): could not connect to Redis: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return client;
}
