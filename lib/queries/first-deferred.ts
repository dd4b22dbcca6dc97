import { useDeferredValue, useEffect, useState } from "react";

/**
 * A query's first answer rendered in the background, every later one at once.
 *
 * react-query hands React each answer as an urgent (synchronous) update: on a phone, a page's
 * first render with its data (a whole grid, a timeline and its totals) is one long task. The
 * first answer is therefore rendered as a deferred value: React works on it between frames,
 * yielding to the browser every few milliseconds, and commits once (the page says "Loading…"
 * a moment longer). Later answers are applied at once: a deferred render restarts whenever a
 * newer value arrives, and a floor that changes at every poll would never be drawn.
 */
export function useFirstDeferred<T>(value: T | undefined): T | undefined {
  // The first answer, held while it renders (a newer one must not restart that render).
  const [first, setFirst] = useState<T | undefined>(undefined);
  if (first === undefined && value !== undefined) setFirst(value);
  const deferred = useDeferredValue(first);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    // Committed: from now on every answer as it comes.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (deferred !== undefined) setShown(true);
  }, [deferred]);
  return shown ? value : deferred;
}
