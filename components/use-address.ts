"use client";

import { useEffect, useState } from "react";
import { browserTimeZone } from "@/lib/display/time";

/**
 * Keeps the address's query string in step with a page's view, replacing the entry (no history
 * step per change), so a view can be shared, reloaded or bookmarked as it is.
 */
export function useQueryInAddress(qs: string): void {
  useEffect(() => {
    if (qs !== window.location.search.slice(1)) window.history.replaceState(null, "", qs ? `?${qs}` : window.location.pathname);
  }, [qs]);
}

/**
 * The browser's time zone, read once after hydration: null until then (the server cannot know
 * it), so that nothing is asked for or drawn in a zone the viewer did not mean.
 */
export function useBrowserZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  // Read once after hydration.
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setZone(browserTimeZone()), []);
  return zone;
}
