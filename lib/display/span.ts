/** `38 s`, `12 min`, `3 h 05 min`: a stretch of the day, as totals and the timeline show it. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** `12 %` (a share of 0.1234); `—` when there is nothing to take a share of. */
export const formatShare = (share: number | null): string => (share === null || !Number.isFinite(share) ? "—" : `${Math.round(share * 100)} %`);
