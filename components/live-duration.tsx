"use client";

import { useLayoutEffect, useRef } from "react";
import { formatAgo, formatDuration } from "@/lib/display/duration";
import { serverNow } from "@/lib/queries/server-clock";

/**
 * Ticking durations without React renders: one timer for the whole page writes the text of
 * every registered element once a second, so a floor of thousands of agents does not re-render
 * its table every second.
 */
interface Entry {
  el: HTMLElement;
  from: number;
  format: (ms: number) => string;
  text: string;
}

const entries = new Set<Entry>();
let timer: ReturnType<typeof setTimeout> | null = null;

function paint(entry: Entry, now: number) {
  const text = entry.format(now - entry.from);
  if (text !== entry.text) {
    entry.text = text;
    entry.el.textContent = text;
  }
}

function tick() {
  const now = serverNow();
  for (const e of entries) paint(e, now);
  // Land just after each whole second of the server's clock, so all timers turn together.
  timer = setTimeout(tick, 1000 - (now % 1000) + 5);
}

function register(entry: Entry): () => void {
  entries.add(entry);
  paint(entry, serverNow());
  if (timer === null) timer = setTimeout(tick, 1000 - (serverNow() % 1000) + 5);
  return () => {
    entries.delete(entry);
    if (entries.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

const FORMATS = { duration: formatDuration, ago: formatAgo } as const;

export interface LiveDurationProps extends React.HTMLAttributes<HTMLSpanElement> {
  /** Epoch ms (server clock); null shows `fallback`. */
  from: number | null;
  format?: keyof typeof FORMATS;
  fallback?: string;
}

export function LiveDuration({ from, format = "duration", fallback = "—", ...rest }: LiveDurationProps) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (from === null) {
      el.textContent = fallback;
      return;
    }
    return register({ el, from, format: FORMATS[format], text: "" });
  }, [from, format, fallback]);
  return <span ref={ref} suppressHydrationWarning {...rest} />;
}
