"use client";

import { startTransition, useCallback, useEffect, useLayoutEffect, useState, type RefObject } from "react";

export interface RowRange {
  first: number;
  last: number;
}

/**
 * Which rows of a long list of equally tall rows are near the screen, against the page's own
 * scroll: the rows between `first` and `last` are rendered, the others are spacers. A dozen
 * lines instead of a virtualisation library, because every row is the same height and the
 * grid's first-load JS matters. Disabled, it returns every row.
 *
 * `listRef` is the element whose top is the first row's top (the table body).
 */
export function useWindowRows(listRef: RefObject<HTMLElement | null>, count: number, rowPx: number, overscan: number, enabled: boolean) {
  const [range, setRange] = useState<RowRange>({ first: 0, last: Math.min(count, 40) - 1 });

  useLayoutEffect(() => {
    if (!enabled) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = listRef.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top;
      const first = Math.max(0, Math.min(count - 1, Math.floor(-top / rowPx) - overscan));
      const last = Math.max(first, Math.min(count - 1, Math.ceil((window.innerHeight - top) / rowPx) + overscan));
      setRange((r) => (r.first === first && r.last === last ? r : { first, last }));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    update();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    // Content above the list (a banner, filters wrapping) moves it without a scroll.
    const observer = new ResizeObserver(schedule);
    observer.observe(document.body);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      observer.disconnect();
    };
  }, [listRef, count, rowPx, overscan, enabled]);

  /** Scrolls the page just enough for row `index` to show below a sticky header `coveredPx` tall. */
  const scrollToRow = useCallback(
    (index: number, coveredPx: number) => {
      const el = listRef.current;
      if (!el) return;
      const rowTop = el.getBoundingClientRect().top + window.scrollY + index * rowPx;
      if (rowTop - coveredPx < window.scrollY) window.scrollTo(0, rowTop - coveredPx);
      else if (rowTop + rowPx > window.scrollY + window.innerHeight) window.scrollTo(0, rowTop + rowPx - window.innerHeight);
    },
    [listRef, rowPx],
  );

  return { range: enabled ? { first: Math.min(range.first, Math.max(0, count - 1)), last: Math.min(range.last, count - 1) } : { first: 0, last: count - 1 }, scrollToRow };
}

/**
 * How many rows of a list that is not windowed to render: at first only a screenful (and a few
 * more), then every row, in a transition React renders in slices between frames. The first
 * paint of the data is one short task instead of one long one, on a phone above all; the rows
 * not yet rendered are a spacer of their height, so nothing moves when they come.
 */
export function useScreenfulFirst(count: number, rowPx: number): number {
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (count > 0 && !all) startTransition(() => setAll(true));
  }, [count, all]);
  if (all) return count;
  const screen = typeof window === "undefined" ? 24 : Math.ceil(window.innerHeight / rowPx) + 4;
  return Math.min(count, screen);
}
