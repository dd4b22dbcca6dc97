import "server-only";
import type { Redis } from "ioredis";
import { CROWD_QUEUE, LOGIN_LIMITS, type LoginThrottles } from "@/lib/auth/session";
import { LoginThrottle, MemoryCrowdQueue, type CrowdQueue, type Reservation, type Throttle, type ThrottleLimits } from "@/lib/auth/throttle";
import { log } from "@/lib/log";

/** KEYS: failures, lock. ARGV: max failures, window ms, lock ms. Counts a failure; locks at the max. */
const FAIL = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
end
return n`;

/**
 * KEYS: failures, lock. ARGV: max failures, window ms, lock ms. While locked: minus the wait.
 * Else counts the attempt (a failure until `succeed` takes it back) and locks at the max: the
 * check and the count in one step, so parallel attempts on any instance cannot pass together.
 */
const RESERVE = `local wait = redis.call('PTTL', KEYS[2])
if wait > 0 then return -wait end
${FAIL}`;

/** KEYS: the queue's next turn. ARGV: spacing ms, max wait ms. The wait for this turn (Redis's clock), or -1 when the queue is full. */
const SLOT = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
if at - now > tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[1], at + tonumber(ARGV[1]), 'PX', tonumber(ARGV[2]) + 60000)
return at - now`;

/**
 * A login throttle shared by every instance, so that N instances do not allow N times as many
 * guesses. The window starts at a client's first failure. While Redis cannot be reached, this
 * instance's own throttle stands in: logins keep working, still throttled.
 */
export class RedisThrottle implements Throttle {
  private readonly local: LoginThrottle;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: ThrottleLimits,
  ) {
    this.local = new LoginThrottle(limits.maxFailures, limits.windowMs, limits.lockMs);
  }

  private key(kind: "failures" | "lock", client: string) {
    return `${this.prefix}${kind}:${client}`;
  }

  async retryAfterMs(client: string, now: number): Promise<number> {
    try {
      return Math.max(0, await this.redis.pttl(this.key("lock", client)));
    } catch (err) {
      this.unavailable(err);
      return this.local.retryAfterMs(client, now);
    }
  }

  async reserve(client: string, now: number): Promise<Reservation> {
    try {
      const { maxFailures, windowMs, lockMs } = this.limits;
      const n = Number(await this.redis.eval(RESERVE, 2, this.key("failures", client), this.key("lock", client), maxFailures, windowMs, lockMs));
      // Counted here too, for when Redis goes away.
      if (n > 0) this.local.fail(client, now);
      return n > 0 ? { ok: true } : { ok: false, retryAfterMs: -n };
    } catch (err) {
      this.unavailable(err);
      return this.local.reserve(client, now);
    }
  }

  async fail(client: string, now: number): Promise<void> {
    this.local.fail(client, now);
    try {
      const { maxFailures, windowMs, lockMs } = this.limits;
      await this.redis.eval(FAIL, 2, this.key("failures", client), this.key("lock", client), maxFailures, windowMs, lockMs);
    } catch (err) {
      this.unavailable(err);
    }
  }

  async hasFailed(client: string, now: number): Promise<boolean> {
    try {
      return (await this.redis.exists(this.key("failures", client), this.key("lock", client))) > 0;
    } catch (err) {
      this.unavailable(err);
      return this.local.hasFailed(client, now);
    }
  }

  async succeed(client: string): Promise<void> {
    this.local.succeed(client);
    await this.redis.del(this.key("failures", client), this.key("lock", client)).catch((err: unknown) => this.unavailable(err));
  }

  private unavailable(err: unknown) {
    log.warn("login throttle: Redis unreachable, this instance's own count stands in", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** One queue for the sign-ins of every instance while the crowd slow-down is on; this instance's own while Redis cannot be reached. */
export class RedisCrowdQueue implements CrowdQueue {
  private readonly local: MemoryCrowdQueue;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly limits: { spacingMs: number; maxWaitMs: number },
  ) {
    this.local = new MemoryCrowdQueue(limits.spacingMs, limits.maxWaitMs);
  }

  async slot(now: number): Promise<number | null> {
    try {
      const wait = Number(await this.redis.eval(SLOT, 1, this.key, this.limits.spacingMs, this.limits.maxWaitMs));
      return wait < 0 ? null : wait;
    } catch (err) {
      log.warn("login queue: Redis unreachable, this instance's own queue stands in", { error: err instanceof Error ? err.message : String(err) });
      return this.local.slot(now);
    }
  }
}

/** The login throttles of every instance on one account, in Redis. */
export function redisLoginThrottles(redis: Redis, prefix: string): LoginThrottles {
  return {
    perClient: new RedisThrottle(redis, `${prefix}login:client:`, LOGIN_LIMITS.perClient),
    everyone: new RedisThrottle(redis, `${prefix}login:all:`, LOGIN_LIMITS.everyone),
    crowd: new RedisCrowdQueue(redis, `${prefix}login:queue`, CROWD_QUEUE),
  };
}
