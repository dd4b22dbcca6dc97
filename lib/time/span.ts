/**
 * A stretch of time as every text says it: the grid's and the drill-down's spans, a flag's why,
 * an alert's detail, a digest's figures. Whole seconds passed (never rounded up, as time in state
 * ticks): one stretch reads the same wherever it is shown.
 *
 *   spanText(38_400)                        "38 s"
 *   spanText(725_000)                       "12 min"
 *   spanText(11_100_000)                    "3 h 05 min"
 *   spanText(200_000, { seconds: true })    "3 min 20 s" (a flag's why: the seconds matter under an hour)
 */
export function spanText(ms: number, opts: { seconds?: boolean } = {}): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m < 60) return opts.seconds && rest ? `${m} min ${rest} s` : `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}
