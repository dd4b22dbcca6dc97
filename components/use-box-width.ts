"use client";

import { useCallback, useState } from "react";

/**
 * The width of an element, kept as it resizes: `[ref, width]` (0 until first measured). The
 * report's chart is drawn at its box's width; the drill-down measures its timeline's box while it
 * still says "Loading…", so the chart is drawn at its width in the render that brings its data,
 * not in a second, synchronous one after measuring.
 */
export function useBoxWidth(): [(el: HTMLElement | null) => (() => void) | undefined, number] {
  const [width, setWidth] = useState(0);
  const ref = useCallback((el: HTMLElement | null) => {
    if (!el) return undefined;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
