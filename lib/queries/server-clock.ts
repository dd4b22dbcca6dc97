/**
 * The server's clock as seen from this browser. Time in state is `since` against the server's
 * clock, not the browser's: a kiosk PC's clock can be minutes off.
 */
let offsetMs = 0;

/** `serverTime` was read between `sentAt` and `receivedAt` (browser clock). */
export function syncServerClock(serverTime: number, sentAt: number, receivedAt: number): void {
  const next = serverTime - (sentAt + receivedAt) / 2;
  // Ignore jitter below a quarter second, so ticking stays smooth from one poll to the next.
  if (Math.abs(next - offsetMs) > 250) offsetMs = next;
}

/** The floor at a past instant (a grid or wallboard with `?at=`): time stands at it; null: live. */
let frozenAt: number | null = null;

/**
 * Stops the page's clock at `at` (every time in state, every threshold and level is then as it
 * was at that instant), or starts it again with null.
 */
export function freezeServerClock(at: number | null): void {
  frozenAt = at;
}

/** True while the page's clock stands at a past instant. */
export const clockFrozen = () => frozenAt !== null;

export function serverNow(): number {
  return frozenAt ?? Date.now() + offsetMs;
}

/** The server's clock now, whatever the page's stands at (where a past instant may be picked up to). */
export const liveNow = () => Date.now() + offsetMs;
