import "server-only";
import type { Redis } from "ioredis";
import { LOGIN_LIMITS, type LoginThrottles } from "@/lib/auth/session";
import { LoginThrottle, type Throttle, type ThrottleLimits } from "@/lib/auth/throttle";
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
    await this.redis.del(this.key("failures", client)).catch((err: unknown) => this.unavailable(err));
  }

  private unavailable(err: unknown) {
    log.warn("login throttle: Redis unreachable, this instance's own count stands in", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** The login throttles of every instance on one account, in Redis. */
export function redisLoginThrottles(redis: Redis, prefix: string): LoginThrottles {
  return {
    perClient: new RedisThrottle(redis, `${prefix}login:client:`, LOGIN_LIMITS.perClient),
    everyone: new RedisThrottle(redis, `${prefix}login:all:`, LOGIN_LIMITS.everyone),
  };
}
