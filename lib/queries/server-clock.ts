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

export function serverNow(): number {
  return Date.now() + offsetMs;
}
