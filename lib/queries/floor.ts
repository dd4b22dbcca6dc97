import { keepPreviousData, queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import type { AcknowledgedAnswer, AgentsSnapshot, BehaviourFlag, BreaksAnswer, LiveAdherenceAgent, LiveAdherenceAnswer, LiveFlagsAnswer } from "@/lib/api-types";
import { fetchAcknowledged } from "./alerts";
import { fetchAgents, type AgentsData } from "./agents";
import { getJson } from "./fetch-json";
import { capsOver, fetchLiveAdherence, fetchLiveBreaks, NO_CAPS } from "./adherence";
import { fetchLiveFlags, flaggedOf } from "./flags";
import { useFirstDeferred } from "./first-deferred";
import { keepSame } from "./keep-same";
import { queryKeys } from "./keys";

/** Adherence is asked every half minute while nobody is scheduled, at every poll while someone is. */
const IDLE_ADHERENCE_MS = 30_000;
/** Who is on an alert is asked every ten seconds: a mark, not a state. */
const ACKS_MS = 10_000;

export interface FloorLive {
  agents: AgentsData;
  adherence: LiveAdherenceAnswer | undefined;
  breaks: BreaksAnswer | undefined;
  flags: LiveFlagsAnswer | undefined;
  /** When adherence was last read (it is read less often while nobody is scheduled). */
  adherenceAt: number;
  /** The agents with an alert someone is on (acknowledged), and when that was read. */
  acks: AcknowledgedAnswer | undefined;
  acksAt: number;
}

export interface FloorParts {
  /** The labels config sets break budgets or caps: read `/api/breaks/live`. */
  breaks: boolean;
  /** Read `/api/flags/live` (the grid's marks and filter). */
  flags: boolean;
}

/**
 * The floor now as one answer: the agents, adherence, break budgets and flags, asked for together
 * and applied together, so a page renders once per poll rather than once per answer (on a phone
 * each render of a large grid is a long task). Only the agents decide the outcome: a part that
 * fails keeps its last answer (as its own query did). Each part is also put in its own query's
 * cache, where the drill-down and the other readers find it.
 */
async function fetchFloor(client: QueryClient, previous: FloorLive | undefined, parts: FloorParts, signal: AbortSignal): Promise<FloorLive> {
  const now = Date.now();
  const scheduled = previous?.adherence && Object.keys(previous.adherence.agents).length > 0;
  const askAdherence = !previous || scheduled || now - previous.adherenceAt >= IDLE_ADHERENCE_MS;
  const askAcks = !previous || now - previous.acksAt >= ACKS_MS;
  const [agents, adherence, breaks, flags, acks] = await Promise.allSettled([
    fetchAgents(previous?.agents ?? client.getQueryData<AgentsData>(queryKeys.agents.snapshot()), signal),
    askAdherence ? fetchLiveAdherence(signal) : Promise.resolve(previous?.adherence),
    parts.breaks ? fetchLiveBreaks(signal) : Promise.resolve(undefined),
    parts.flags ? fetchLiveFlags(signal) : Promise.resolve(undefined),
    askAcks ? fetchAcknowledged(signal) : Promise.resolve(previous?.acks),
  ]);
  if (agents.status === "rejected") throw agents.reason;
  const kept = <T>(r: PromiseSettledResult<T>, last: T): T => (r.status === "fulfilled" ? r.value : last);
  // What did not change stays the previous objects (fetchAgents does so for the agents), so
  // rows whose data is the same are not rendered again: see keep-same.ts.
  const shared = <A extends { agents: Record<string, unknown> }>(r: PromiseSettledResult<A | undefined>, last: A | undefined): A | undefined => {
    const value = kept(r, last);
    return value && value !== last ? { ...value, agents: keepSame(last?.agents, value.agents) } : value;
  };
  const next: FloorLive = {
    agents: agents.value,
    adherence: shared(adherence, previous?.adherence),
    breaks: shared(breaks, previous?.breaks),
    flags: shared(flags, previous?.flags),
    adherenceAt: askAdherence && adherence.status === "fulfilled" ? now : (previous?.adherenceAt ?? 0),
    acks: shared(acks, previous?.acks),
    acksAt: askAcks && acks.status === "fulfilled" ? now : (previous?.acksAt ?? 0),
  };
  client.setQueryData(queryKeys.agents.snapshot(), next.agents);
  if (next.adherence) client.setQueryData(queryKeys.adherence.live, next.adherence);
  if (next.breaks) client.setQueryData(queryKeys.breaks.live, next.breaks);
  if (next.flags) client.setQueryData(queryKeys.flags.live, next.flags);
  return next;
}

function floorQueryOptions(refreshMs: number, parts: FloorParts, enabled = true) {
  return queryOptions({
    enabled,
    queryKey: queryKeys.floor(parts),
    queryFn: ({ signal, client, queryKey }) => fetchFloor(client, client.getQueryData<FloorLive>(queryKey), parts, signal),
    refetchInterval: refreshMs,
    // A wallboard or a background tab must keep current: it is watched, not clicked.
    refetchIntervalInBackground: true,
    retry: 1,
    staleTime: refreshMs / 2,
    // fetchFloor keeps what did not change itself, in one pass: react-query's own deep
    // comparison copied every object of 5,000 agents' answers at each poll (a 50–60 ms task).
    structuralSharing: false,
  });
}

const NO_FLAGS: Readonly<Record<string, BehaviourFlag[]>> = {};
const NO_ACKS: AcknowledgedAnswer["agents"] = {};

/**
 * The grid's and the wallboard's live data, one render per poll: the snapshot and its ETag,
 * adherence by agent (undefined while nobody is scheduled), break budgets and the caps over, and
 * flags with who is flagged now and this shift.
 *
 * The first answer is rendered in the background (`useFirstDeferred`): on a phone, a whole grid
 * drawn at once is one long task.
 */
export function useFloorLive(refreshMs: number, parts: FloorParts, at: number | null = null) {
  const live = useQuery(floorQueryOptions(refreshMs, parts, at === null));
  const past = useQuery(floorAtQueryOptions(at));
  const { data: fresh, error, isPending } = at === null ? live : past;
  const data = useFirstDeferred(fresh);
  const adherenceAgents = data?.adherence?.agents;
  const adherence: Readonly<Record<string, LiveAdherenceAgent>> | undefined = adherenceAgents && Object.keys(adherenceAgents).length > 0 ? adherenceAgents : undefined;
  const breaks = data?.breaks;
  const overCap = useMemo(() => (breaks ? capsOver(breaks.caps) : NO_CAPS), [breaks]);
  const flags = data?.flags?.agents ?? NO_FLAGS;
  const flagged = useMemo(() => flaggedOf(flags), [flags]);
  // Alerts someone is on: marked, and they stop floating to the top.
  const acked = data?.acks?.agents ?? NO_ACKS;
  // Pending until the first answer has been rendered (not merely received).
  return { data: data?.agents, error, isPending: isPending || data === undefined, adherence, breaks, overCap, flags, flagged, acked };
}

/**
 * The floor at a past instant (`/api/agents?at=`), in the live answer's shape: its agents as they
 * were; no adherence, budgets, flags or acknowledgements (those are of now). Asked once, and
 * again every few seconds while part of it is still being read from Kore.ai.
 */
function floorAtQueryOptions(at: number | null) {
  return queryOptions({
    queryKey: queryKeys.floorAt(at),
    enabled: at !== null,
    queryFn: async ({ signal }): Promise<FloorLive> => {
      const snapshot = await getJson<AgentsSnapshot>(`/api/agents?${new URLSearchParams({ at: new Date(at!).toISOString() })}`, signal);
      return { agents: { snapshot, etag: null }, adherence: undefined, breaks: undefined, flags: undefined, adherenceAt: 0, acks: undefined, acksAt: 0 };
    },
    refetchInterval: (query) => (query.state.data && query.state.data.agents.snapshot.complete === false ? 3_000 : false),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: (failures, error) => failures < 2 && !(error instanceof Error && "status" in error && (error as { status: number }).status < 500),
  });
}
