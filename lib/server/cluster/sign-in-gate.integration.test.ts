import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import { LOGIN_LIMITS, type LoginThrottles } from "@/lib/auth/session";
import { admitSignIn } from "@/lib/auth/sign-in-gate";
import { LoginThrottle, MemoryCrowdQueue } from "@/lib/auth/throttle";
import { startRedis, type TestRedis } from "@/test/redis";
import { connectRedis } from "./redis";
import { RedisCrowdQueue, RedisThrottle } from "./redis-throttle";

/**
 * The password sign-in's gate as an attacker tries it: a spray of wrong passwords from many
 * addresses turns the crowd slow-down on, then hundreds of guesses at once from one fresh address.
 * Each admitted guess is a real password check (here always wrong, as the route records it); the
 * gate must admit at most the per-client limit, on one instance and on two sharing a real Redis.
 * (The queue a second apart in production; 20 ms here, so a test takes a second, not minutes.)
 */

const QUEUE = { spacingMs: 20, maxWaitMs: 5_000 };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One guess through the gate; a wrong password recorded as the route does. */
async function guess(t: LoginThrottles, client: string): Promise<"checked" | "refused"> {
  const now = Date.now();
  const admitted = await admitSignIn(t, client, now, sleep);
  if (!admitted.ok) return "refused";
  await t.everyone.fail("*", now);
  return "checked";
}

function memory(): LoginThrottles {
  const { perClient: c, everyone: e } = LOGIN_LIMITS;
  return { perClient: new LoginThrottle(c.maxFailures, c.windowMs, c.lockMs), everyone: new LoginThrottle(e.maxFailures, e.windowMs, e.lockMs, 1), crowd: new MemoryCrowdQueue(QUEUE.spacingMs, QUEUE.maxWaitMs) };
}

function onRedis(conn: Redis, prefix: string, queue = QUEUE): LoginThrottles {
  return {
    perClient: new RedisThrottle(conn, `${prefix}client:`, LOGIN_LIMITS.perClient),
    everyone: new RedisThrottle(conn, `${prefix}all:`, LOGIN_LIMITS.everyone),
    crowd: new RedisCrowdQueue(conn, `${prefix}queue`, queue),
  };
}

/** 50 wrong passwords from 10 addresses, then 500 at once from a fresh one (spread over the instances). */
async function sprayThenBurst(instances: LoginThrottles[]) {
  for (let i = 0; i < 50; i++) await guess(instances[i % instances.length]!, `10.0.0.${i % 10}`);
  const burst = await Promise.all(Array.from({ length: 500 }, (_, i) => guess(instances[i % instances.length]!, "203.0.113.77")));
  return { checked: burst.filter((b) => b === "checked").length, refused: burst.filter((b) => b === "refused").length };
}

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe("the sign-in gate against bulk guessing", () => {
  it("500 parallel guesses from one address after a spray get at most 5 real checks, on one instance", async () => {
    expect(await sprayThenBurst([memory()])).toEqual({ checked: 5, refused: 495 });
  });

  it("500 parallel guesses from one address after a spray get at most 5 real checks, on two instances sharing Redis", async () => {
    const conns = await Promise.all([connectRedis(redis.url, "a"), connectRedis(redis.url, "b")]);
    try {
      expect(await sprayThenBurst(conns.map((c) => onRedis(c, "floorview:{gate}:login:")))).toEqual({ checked: 5, refused: 495 });
    } finally {
      for (const c of conns) c.disconnect();
    }
  });

  it("without a crowd, 500 parallel guesses from one fresh address still get 5 checks; the right password from another is let in and clears its count", async () => {
    const t = memory();
    const burst = await Promise.all(Array.from({ length: 500 }, () => guess(t, "198.51.100.1")));
    expect(burst.filter((b) => b === "checked")).toHaveLength(5);
    const now = Date.now();
    for (let i = 0; i < 4; i++) await guess(t, "198.51.100.2");
    expect(await admitSignIn(t, "198.51.100.2", now, sleep)).toEqual({ ok: true });
    await t.perClient.succeed("198.51.100.2");
    expect(t.perClient.hasFailed("198.51.100.2", now)).toBe(false);
  });

  it("during a spray, sign-ins from many fresh addresses wait their turn in one queue across instances, and a full queue refuses", async () => {
    const conns = await Promise.all([connectRedis(redis.url, "c"), connectRedis(redis.url, "d")]);
    try {
      const instances = conns.map((c) => onRedis(c, "floorview:{queue}:login:"));
      for (let i = 0; i < 50; i++) await guess(instances[i % 2]!, `10.1.0.${i % 10}`);
      // 30 people, each a first attempt from their own address, half on each instance.
      const started = Date.now();
      const admittedAt = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const admitted = await admitSignIn(instances[i % 2]!, `192.0.2.${i}`, Date.now(), sleep);
          expect(admitted.ok).toBe(true);
          return Date.now() - started;
        }),
      );
      // One queue: the last of 30 waited for the 29 before it, a turn each, whichever instance.
      expect(Math.max(...admittedAt)).toBeGreaterThanOrEqual(29 * QUEUE.spacingMs - 5);
      // A queue already longer than its bound refuses rather than holding the request (turns a
      // minute apart here, so that the queue cannot drain between the calls, however slow the machine).
      const full = onRedis(conns[0]!, "floorview:{full}:login:", { spacingMs: 60_000, maxWaitMs: 120_000 });
      const slots = await Promise.all(Array.from({ length: 5 }, () => full.crowd.slot(Date.now())));
      expect(slots.filter((s) => s === null)).toHaveLength(2);
      for (let i = 0; i < 50; i++) await full.everyone.fail("*", Date.now());
      expect(await admitSignIn(full, "192.0.2.200", Date.now(), sleep)).toMatchObject({ ok: false });
    } finally {
      for (const c of conns) c.disconnect();
    }
  });
});
