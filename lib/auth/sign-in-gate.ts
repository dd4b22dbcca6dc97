import "server-only";
import { CROWD_QUEUE, type LoginThrottles } from "./session";

export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Whether a sign-in attempt gets its password checked. The attempt is counted against its client
 * before anything waits (`Throttle.reserve`: the check of the lock and the count in one step),
 * so N parallel attempts from one client get at most the limit's 5 checks, however they are
 * timed; a right password takes the count back. While failures from everywhere are over their
 * limit, a client that has failed itself is refused, and every other attempt waits its turn in
 * one queue, a second apart, for at most 30 seconds (beyond: refused, still counted).
 */
export async function admitSignIn(throttles: LoginThrottles, client: string, now: number, sleep: (ms: number) => Promise<void>): Promise<Admission> {
  const { perClient, everyone, crowd } = throttles;
  const crowdWait = await everyone.retryAfterMs("*", now);
  if (crowdWait > 0 && (await perClient.hasFailed(client, now))) return { ok: false, retryAfterMs: crowdWait };
  const reserved = await perClient.reserve(client, now);
  if (!reserved.ok) return reserved;
  if (crowdWait > 0) {
    const wait = await crowd.slot(now);
    if (wait === null) return { ok: false, retryAfterMs: Math.max(crowdWait, CROWD_QUEUE.maxWaitMs) };
    if (wait > 0) await sleep(wait);
  }
  return { ok: true };
}
