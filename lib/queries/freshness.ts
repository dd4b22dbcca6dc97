"use client";

import { useEffect, useState } from "react";
import type { UpstreamSnapshot } from "@/lib/api-types";
import { staleFrom } from "@/lib/display/freshness";
import { serverNow } from "./server-clock";

/**
 * True while the data on screen is not current: the server is unreachable, the server says so,
 * or the server's clock has passed `coveredUntil` by more than `staleAfterMs` (re-checked exactly
 * then, with no new answer needed).
 */
export function useStale(upstream: UpstreamSnapshot | undefined, staleAfterMs: number, serverUnreachable: boolean): boolean {
  const deadline = staleFrom(upstream, staleAfterMs);
  // The deadline the clock has passed; a newer answer brings a new deadline.
  const [passed, setPassed] = useState<number | null>(null);
  useEffect(() => {
    if (deadline === null) return;
    const id = setTimeout(() => setPassed(deadline), Math.max(0, deadline - serverNow() + 20));
    return () => clearTimeout(id);
  }, [deadline]);
  return serverUnreachable || (upstream?.stale ?? false) || (deadline !== null && passed === deadline);
}
