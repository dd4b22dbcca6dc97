import { ensureOk, sendJson } from "./fetch-json";

/**
 * What the access pages change (every call checked: a refusal is thrown with the server's
 * message): signing in with the shared password, wallboard links made and revoked, sessions
 * ended. The pages that list links and sessions are drawn by the server and refreshed after.
 */

export async function signInWithPassword(password: string): Promise<void> {
  await sendJson("/api/auth/login", { password });
}

/** A signed, read-only link for a TV: its address and when it expires. */
export async function createWallboardLink(days: number, options: URLSearchParams): Promise<{ url: string; expiresAt: string }> {
  const res = await sendJson("/api/auth/wallboard-link", { days, options: options.toString() });
  const body = (await res.json()) as { path: string; expiresAt: string };
  return { url: new URL(body.path, window.location.origin).toString(), expiresAt: body.expiresAt };
}

export async function revokeLink(id: string): Promise<void> {
  await ensureOk(await fetch(`/api/links/${encodeURIComponent(id)}`, { method: "DELETE" }));
}

/** Ends one session (`id`), or every session of one person (`sub`). */
export async function endSessions(which: { id: string } | { sub: string }): Promise<void> {
  const url = "id" in which ? `/api/sessions/${encodeURIComponent(which.id)}` : `/api/sessions?sub=${encodeURIComponent(which.sub)}`;
  await ensureOk(await fetch(url, { method: "DELETE" }));
}
