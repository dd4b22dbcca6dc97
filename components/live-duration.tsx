"use client";

import { useLayoutEffect, useRef } from "react";
import { formatDuration } from "@/lib/display/duration";
import { serverNow } from "@/lib/queries/server-clock";

/**
 * Ticking durations without React renders: one timer for the whole page writes the text of
 * every registered element once a second, so a floor of thousands of agents does not re-render
 * its table every second. Only elements on screen are written; one scrolling into view is
 * brought up to date at once.
 */
interface Entry {
  el: HTMLElement;
  from: number;
  format: (ms: number) => string;
  text: string;
  visible: boolean;
}

const entries = new Set<Entry>();
const byElement = new WeakMap<Element, Entry>();
let timer: ReturnType<typeof setTimeout> | null = null;
let observer: IntersectionObserver | null = null;

function visibility(): IntersectionObserver {
  observer ??= new IntersectionObserver((changes) => {
    const now = serverNow();
    for (const c of changes) {
      const entry = byElement.get(c.target);
      if (!entry) continue;
      entry.visible = c.isIntersecting;
      if (entry.visible) paint(entry, now);
    }
  });
  return observer;
}

function paint(entry: Entry, now: number) {
  const text = entry.format(now - entry.from);
  if (text !== entry.text) {
    entry.text = text;
    entry.el.textContent = text;
  }
}

function tick() {
  const now = serverNow();
  for (const e of entries) if (e.visible) paint(e, now);
  // Land just after each whole second of the server's clock, so all timers turn together.
  timer = setTimeout(tick, 1000 - (now % 1000) + 5);
}

function register(entry: Entry): () => void {
  entries.add(entry);
  byElement.set(entry.el, entry);
  paint(entry, serverNow());
  visibility().observe(entry.el);
  if (timer === null) timer = setTimeout(tick, 1000 - (serverNow() % 1000) + 5);
  return () => {
    entries.delete(entry);
    byElement.delete(entry.el);
    observer?.unobserve(entry.el);
    if (entries.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

export interface LiveDurationProps extends React.HTMLAttributes<HTMLSpanElement> {
  /** Epoch ms (server clock); null shows `fallback`. */
  from: number | null;
  /** Milliseconds elapsed → text; a module-level function (default: `1:02:33`). */
  format?: (ms: number) => string;
  fallback?: string;
}

export function LiveDuration({ from, format = formatDuration, fallback = "—", ...rest }: LiveDurationProps) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (from === null) {
      el.textContent = fallback;
      return;
    }
    return register({ el, from, format, text: "", visible: true });
  }, [from, format, fallback]);
  return <span ref={ref} suppressHydrationWarning {...rest} />;
}
