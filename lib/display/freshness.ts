import type { UpstreamSnapshot } from "@/lib/api-types";

/**
 * When data stops being current, judged by the browser as well as by the server: the feed has
 * been read up to `coveredUntil`; once the server's clock is more than `staleAfterMs` past it,
 * the data is stale whatever the answer's own `stale` flag said when it was built (an answer
 * kept by a cache, a proxy or a slow tab must not pass for current).
 */
export function staleFrom(upstream: UpstreamSnapshot | undefined, staleAfterMs: number): number | null {
  return upstream?.coveredUntil ? Date.parse(upstream.coveredUntil) + staleAfterMs : null;
}

export function isStale(upstream: UpstreamSnapshot | undefined, staleAfterMs: number, now: number): boolean {
  if (upstream?.stale) return true;
  const from = staleFrom(upstream, staleAfterMs);
  return from !== null && now > from;
}
