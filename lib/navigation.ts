/**
 * Back to the grid as the supervisor left it. Opening a drill-down from the grid stores the
 * grid's scroll position and the row for this tab; the grid restores both once (the row gets the
 * keyboard focus), when its rows are back. Kept
 * tiny, and apart from the drill-down's code: the grid's first-load JS must not grow.
 */
const KEY = "floorview:grid-scroll";

/** Before opening `agentId`'s drill-down: where the grid was, and which row. */
export function rememberGridScroll(agentId?: string): void {
  try {
    sessionStorage[KEY] = JSON.stringify({ y: scrollY, agentId: agentId ?? null });
  } catch {}
}

/** The scroll position and the row to return to, once ({ y: 0, agentId: null } when none). */
export function takeGridScroll(): { y: number; agentId: string | null } {
  try {
    const saved = JSON.parse(sessionStorage[KEY] ?? "null") as { y?: unknown; agentId?: unknown } | null;
    delete sessionStorage[KEY];
    return { y: Number(saved?.y) || 0, agentId: typeof saved?.agentId === "string" ? saved.agentId : null };
  } catch {
    return { y: 0, agentId: null };
  }
}
