"use client";

import { useEffect, useState } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { nextChangeMs } from "@/lib/display/agent-levels";
import type { Vocabulary } from "@/lib/states/vocabulary";
import { clockFrozen, serverNow } from "@/lib/queries/server-clock";

/**
 * The server-clock time at which thresholds were last evaluated. It moves exactly when the next
 * agent crosses a threshold (and every 30 s), not every second, so a screen re-evaluates
 * levels only when one can have changed.
 */
export function useThresholdClock(vocab: Vocabulary, agents: readonly AgentSnapshot[]): number {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    // The floor at a past instant: the clock stands there (and moves with it, when another is picked).
    if (clockFrozen()) {
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (serverNow() !== now) setNow(serverNow());
      return;
    }
    // The next crossing after this clock: one already due (a timer delayed, or re-armed by new
    // data just as it came) is taken at once, never skipped.
    const next = nextChangeMs(vocab, agents, now);
    const due = Math.min(next === null ? 30_000 : next + 50, 30_000);
    const id = setTimeout(() => setNow(serverNow()), Math.max(0, now + due - serverNow()));
    return () => clearTimeout(id);
  }, [vocab, agents, now]);
  return now;
}

/**
 * Whether the server's clock has passed `at` (null: never), turning true at that very moment
 * without a poll: a break budget's figure ticks in the DOM, and its colour must turn with it.
 */
export function usePassed(at: number | null): boolean {
  const [passed, setPassed] = useState<number | null>(null);
  useEffect(() => {
    if (at === null) return;
    const id = setTimeout(() => setPassed(at), Math.max(0, at - serverNow() + 5));
    return () => clearTimeout(id);
  }, [at]);
  return at !== null && (passed === at || serverNow() >= at);
}
