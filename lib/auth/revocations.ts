import "server-only";
/**
 * The ids of revoked wallboard links, as this process knows them. The runtime keeps the set
 * current (from the store, and from Redis across instances, every second); the door reads it on
 * every request a link makes. Shared through a global because the proxy, the routes and the
 * launcher's fast path run from different bundles of the same process.
 */
const KEY = Symbol.for("floorview.revokedLinks");

type Holder = { [KEY]?: Set<string> };

export function revokedLinks(): Set<string> {
  return ((globalThis as Holder)[KEY] ??= new Set());
}

export const isRevoked = (id: string) => revokedLinks().has(id);

const ENDED = Symbol.for("floorview.endedSessions");
type EndedHolder = { [ENDED]?: Set<string> };

/** The ids of sessions ended before they expired (by an admin, or "sign out everywhere"), kept current like the revoked links. */
export function endedSessions(): Set<string> {
  return ((globalThis as EndedHolder)[ENDED] ??= new Set());
}
