"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { lazy, Suspense, useEffect, useMemo } from "react";
import { parseAt } from "@/lib/display/at";
import { freezeServerClock, liveNow } from "@/lib/queries/server-clock";

import { cn } from "@/lib/cn";
import { matchesOptions, orderBoard, parseWallboardOptions, summarizeBoard, withTeamProblems, type WallboardOptions } from "@/lib/display/wallboard";
import type { AgentScope } from "@/lib/api-types";
import { headline } from "@/lib/display/headline";
import { useFloorLive } from "@/lib/queries/floor";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import { useStale } from "@/lib/queries/freshness";
import { useThresholdClock } from "./use-threshold-clock";
import { floorParts } from "@/lib/states/labels";
import { HeadlineBar } from "./headline-bar";
import { upstreamMessage } from "./upstream-banner";
import { useVocabulary } from "./vocabulary";
import { useWallboardPages, WallboardHeader, WallboardNotice, WallboardSummary } from "./wallboard-parts";
import { WallboardTile } from "./wallboard-tile";
import { browserTimeZone, formatLocal } from "@/lib/display/time";

/** Loaded only by a board that shows them: the live board pays nothing for either. */
const FloorAtBanner = lazy(() => import("./floor-at-banner").then((m) => ({ default: m.FloorAtBanner })));
const WallboardIntraday = lazy(() => import("./wallboard-intraday").then((m) => ({ default: m.WallboardIntraday })));

/** The board's address with `at` set (or gone: live). */
function withAt(params: URLSearchParams | { toString(): string }, at: number | null): string {
  const p = new URLSearchParams(params.toString());
  if (at === null) p.delete("at");
  else p.set("at", new Date(at).toISOString());
  return p.toString();
}

const clock = (iso: string | null) => (iso === null ? "—" : formatLocal(iso, { hour: "2-digit", minute: "2-digit", second: "2-digit" }));

function withServerScope(o: WallboardOptions, scope: AgentScope | null): WallboardOptions {
  if (!scope) return o;
  return { ...o, teams: null, agents: null, prefix: null, privacy: o.privacy || scope.privacy };
}

export interface WallboardProps {
  refreshMs: number;
  /** The server's FLOORVIEW_STALE_AFTER_SECONDS: data read less far than this behind now is current. */
  staleAfterMs: number;
  defaultPageMs: number;
}

/**
 * The TV above the floor: every agent as a tile sized to fill the screen exactly, exceptions
 * first, pages rotating when the floor does not fit, and honest about freshness. No mouse, no
 * scroll, on for weeks: one poll for the agents, adherence and caps together (`lib/queries/floor.ts`), timers that
 * write text instead of re-rendering, and re-ordering only when a threshold is crossed.
 */
export function Wallboard({ refreshMs, staleAfterMs, defaultPageMs }: WallboardProps) {
  const vocab = useVocabulary();
  const router = useRouter();
  const params = useSearchParams();
  // `at=`: the board as the floor was then; its clock stands at that instant.
  const at = useMemo(() => parseAt(params.get("at"), []), [params]);
  freezeServerClock(at);
  useEffect(() => () => freezeServerClock(null), []);
  // The agents, adherence and break caps, asked for and applied together (one render per poll).
  const { data, error, adherence, overCap, acked } = useFloorLive(refreshMs, floorParts(vocab.labels, "wallboard"), at);
  // A link (or a team lead) whose scope the server enforced: the agents it sent are the board's
  // agents, in the form it sent them; the URL's own team, agent and name filters are not applied again.
  const scoped = data?.snapshot.scope ?? null;
  const options = useMemo(
    () => withServerScope(withTeamProblems(parseWallboardOptions(new URLSearchParams(params.toString()), defaultPageMs), vocab.labels.teamNames), scoped),
    [params, defaultPageMs, scoped, vocab],
  );
  // A revoked or expired link (or a session that ended) shows nothing more of the floor.
  const shut = error instanceof ApiRequestError && error.status === 401;
  const snapshot = shut ? undefined : data?.snapshot;
  const upstream = snapshot?.upstream;
  const agents = useMemo(() => (snapshot ? snapshot.agents.filter((a) => matchesOptions(vocab, a, options)) : []), [vocab, snapshot, options]);
  const now = useThresholdClock(vocab, agents);
  const board = useMemo(() => orderBoard(vocab, agents, now, acked), [vocab, agents, now, acked]);
  const summary = useMemo(() => summarizeBoard(vocab, board), [vocab, board]);
  const top = useMemo(() => headline(vocab, agents, new Map(board.flatMap((e) => (e.level === "ok" || e.limitMs === null ? [] : [[e.agent.agentId, { level: e.level, limitMs: e.limitMs }] as const])))), [vocab, agents, board]);
  const states = useMemo(() => vocab.countStates(agents), [vocab, agents]);
  // Schedule adherence, while anyone on the board is scheduled: exceptions marked and counted.
  const exceptions = useMemo(() => (adherence ? agents.filter((a) => adherence[a.agentId]?.exception).length : null), [adherence, agents]);

  const { area, size, gap, layout, page, tiles } = useWallboardPages(board, options);

  const serverUnreachable = error !== null;
  const stale = useStale(upstream, staleAfterMs, serverUnreachable) && at === null;
  const message = upstreamMessage(upstream, serverUnreachable, upstream?.coveredUntil ? clock(upstream.coveredUntil) : null, stale);

  if (shut) {
    return (
      <WallboardNotice theme={options.theme} closed>
        <p role="alert" className="max-w-[80vw] text-[3.4vh] font-semibold">
          This screen no longer opens the floor: its wallboard link was revoked or has expired, or the session ended.
        </p>
        <p className="text-[2.6vh] text-ink-muted">Ask a supervisor for a new link (Floorview → TV links), or sign in again.</p>
      </WallboardNotice>
    );
  }

  // Until the first answer is on screen, only that it is coming: the header, the counts and the
  // tiles then appear together, in their places (nothing drawn empty first moves when they fill).
  if (!snapshot) {
    return (
      <WallboardNotice theme={options.theme}>
        <p className="text-[3vh] text-ink-muted">{serverUnreachable ? "Cannot reach the Floorview server; retrying…" : "Connecting…"}</p>
        {options.problems.length > 0 && (
          <p className="text-[1.8vh] text-ink-muted" data-field="problems">
            {options.problems.join(" · ")}
          </p>
        )}
      </WallboardNotice>
    );
  }

  return (
    <main className="fixed inset-0 flex flex-col gap-[1vh] overflow-hidden bg-surface-muted p-[1.2vh] text-ink" data-theme={options.theme} data-wallboard>
      <WallboardHeader shown={agents.length} total={snapshot.agents.length} page={page} pages={layout.pages} asOf={clock(at !== null ? snapshot.asOf : (upstream?.coveredUntil ?? null))} stale={stale} />

      {message && (
        <div role={message.tone === "info" ? "status" : "alert"} data-upstream-banner data-status={serverUnreachable ? "server_unreachable" : upstream?.status} className={cn("rounded-[1vh] px-[2vh] py-[1vh] text-[2.6vh] leading-tight font-semibold", message.tone === "info" ? "bg-state-busy text-white" : message.tone === "warn" ? "bg-warn text-black" : "bg-alert text-white")}>
          {stale && "STALE DATA · "}
          {message.title} <span className="font-normal">{message.detail}</span>
        </div>
      )}

      <Suspense fallback={null}>
        {at !== null && <FloorAtBanner at={at} zone={browserTimeZone()} now={liveNow()} previousChangeAt={null} nextChangeAt={null} filling={snapshot.complete === false} onChange={(t) => router.replace(`/wallboard?${withAt(params, t)}`)} tv />}
      </Suspense>
      <HeadlineBar h={top} tv />
      <Suspense fallback={null}>{options.intraday && at === null && <WallboardIntraday team={options.teams?.length === 1 ? options.teams[0]! : null} query={params.toString()} />}</Suspense>
      <WallboardSummary states={states} summary={summary} overCap={overCap} exceptions={exceptions} privacy={options.privacy} />

      <div ref={area} className={cn("min-h-0 flex-1 transition-opacity", stale && "opacity-45 grayscale")} data-stale={stale || undefined}>
        {board.length > 0 && size.width > 0 && (
          <div className="grid h-full" style={{ gridTemplateColumns: `repeat(${layout.cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${layout.rows}, minmax(0, 1fr))`, gap }}>
            {tiles.map((e) => (
              <WallboardTile key={e.agent.agentId} agent={e.agent} level={e.level} limitMs={e.limitMs} privacy={options.privacy} offFloor={e.offFloor} adherence={adherence?.[e.agent.agentId]} ack={acked[e.agent.agentId]} />
            ))}
          </div>
        )}
        {board.length === 0 && (
          <p className="flex h-full items-center justify-center text-[3vh] text-ink-muted">
            {upstream?.status === "starting" ? "Waiting for the first data from Kore.ai…" : "No agents match this board."}
          </p>
        )}
      </div>

      {options.problems.length > 0 && (
        <p className="text-[1.8vh] text-ink-muted" data-field="problems">
          {options.problems.join(" · ")}
        </p>
      )}
    </main>
  );
}
