import "server-only";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { log } from "@/lib/log";
import { SLOT_HELD_MS, type Budget } from "../feed/request-budget";
import type { ClusterKeys } from "./codec";

/** Redis's own clock, so instances whose clocks differ still share one window. */
const NOW = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: budget, pause. ARGV: max per minute, reserve, a unique member. 0: taken; else ms to wait. */
const TAKE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${SLOT_HELD_MS})
local wait = 0
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then wait = paused - now end
local limit = tonumber(ARGV[1]) - tonumber(ARGV[2])
if limit <= 0 then return math.max(wait, ${SLOT_HELD_MS}) end
local n = redis.call('ZCARD', KEYS[1])
if n >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
  wait = math.max(wait, tonumber(oldest[2]) + ${SLOT_HELD_MS} - now)
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ${SLOT_HELD_MS + 1000})
return 0`;

/** KEYS: pause. ARGV: ms. Pauses everyone for that long, unless a longer pause is already set. */
const PAUSE = `${NOW}
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1])) end
return 0`;

/** KEYS: budget. Requests sent in the last minute. */
const USED = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${SLOT_HELD_MS})
return redis.call('ZCARD', KEYS[1])`;

/**
 * The request budget shared by every instance on one account: the same sliding minute and pause
 * as `RequestBudget`, kept in Redis and checked by a script, so a takeover or an instance reading
 * older history can never push the account past its share.
 */
export class RedisBudget implements Budget {
  private readonly member = randomBytes(6).toString("hex");
  private count = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<ClusterKeys, "budget" | "pause">,
    readonly maxPerMinute: number,
  ) {}

  async take(reserve = 0): Promise<number> {
    const wait = await this.redis.eval(TAKE, 2, this.keys.budget, this.keys.pause, this.maxPerMinute, reserve, `${this.member}:${++this.count}`);
    return Number(wait);
  }

  pauseUntil(time: number): void {
    const ms = Math.ceil(time - Date.now());
    if (ms <= 0) return;
    this.redis.eval(PAUSE, 1, this.keys.pause, ms).catch((err: unknown) => {
      log.warn("could not share a pause of the request budget", { error: err instanceof Error ? err.message : String(err) });
    });
  }

  async usedLastMinute(): Promise<number> {
    return Number(await this.redis.eval(USED, 1, this.keys.budget));
  }
}
