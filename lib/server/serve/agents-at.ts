import "server-only";
import type { AgentsSnapshot } from "@/lib/api-types";
import { asSeen, inScope, isEverything, type Scope } from "@/lib/auth/scope";
import { fail } from "../http/http";
import { instant } from "../http/query";
import { floorAt } from "../reports/floor-at";
import type { Runtime } from "../runtime";
import { agentSnapshots, upstreamSnapshot } from "../feed/snapshot";

/**
 * `GET /api/agents?at=ISO`: the same answer as the live one, as the floor was at that instant
 * (`asOf` is the instant, `historical: true`, `complete` false when some state then is not known
 * yet); the viewer's scope as live. Kore.ai is asked for what the store lacks within a short
 * wait; after it, what is known (and `complete: false`, asked again later it fills in).
 */

const HISTORY_WAIT_MS = 3_000;

type AtRuntime = Pick<Runtime, "poller" | "history" | "staleAfterMs" | "teams" | "config">;

/** The instant asked for, or a 400 saying what to send. */
export function instantAsked(value: string, now: number, retentionMs: number | null): number {
  const at = instant("at", value);
  if (typeof at === "string") fail("bad_request", at);
  if (at === null) fail("bad_request", "at must be an ISO-8601 date-time with a zone, such as 2026-11-27T10:32:00Z; leave it out for the floor now.");
  if (at > now) fail("bad_request", `at=${value.slice(0, 40)} is in the future; leave it out for the floor now.`);
  if (retentionMs !== null && at < now - retentionMs) {
    fail("bad_request", `at=${value.slice(0, 40)} is older than the history Floorview keeps (${Math.round(retentionMs / 86_400_000)} days, FLOORVIEW_RETENTION_DAYS).`);
  }
  return Math.floor(at / 1000) * 1000;
}

export async function agentsAt(runtime: AtRuntime, scope: Scope, atParam: string, now: number): Promise<AgentsSnapshot> {
  const { poller, history, staleAfterMs, teams, config } = runtime;
  const at = instantAsked(atParam, now, config.store.retentionMs);
  if (!poller.health.backfilled) fail("starting", "Floorview is still reading the feed; try again in a few seconds.", { headers: { "Retry-After": "2" } });
  const everyone = isEverything(scope);
  const agents = everyone ? agentSnapshots(poller, teams) : agentSnapshots(poller, teams).filter((a) => inScope(a, scope));
  const then = await floorAt({ poller, history, staleAfterMs, teams }, agents, at, { now, deadline: now + HISTORY_WAIT_MS });
  return {
    asOf: new Date(at).toISOString(),
    historical: true,
    complete: then.complete,
    previousChangeAt: then.previousChangeAt === null ? null : new Date(then.previousChangeAt).toISOString(),
    nextChangeAt: then.nextChangeAt === null ? null : new Date(then.nextChangeAt).toISOString(),
    upstream: upstreamSnapshot(poller, now, staleAfterMs),
    agents: everyone ? then.agents : then.agents.map((a) => asSeen(a, scope)),
    ...(everyone ? {} : { scope }),
  };
}
