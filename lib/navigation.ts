/**
 * Back to the grid as the supervisor left it. Opening a drill-down from the grid stores the
 * grid's scroll position for this tab; the grid restores it once, when its rows are back. Kept
 * tiny, and apart from the drill-down's code: the grid's first-load JS must not grow.
 */
const KEY = "floorview:grid-scroll";

export function rememberGridScroll(): void {
  try {
    sessionStorage[KEY] = scrollY;
  } catch {}
}

/** The scroll position to restore, once (0 when none). */
export function takeGridScroll(): number {
  try {
    const y = Number(sessionStorage[KEY]) || 0;
    delete sessionStorage[KEY];
    return y;
  } catch {
    return 0;
  }
}
