/** `38 s`, `12 min`, `3 h 05 min`: a stretch of the day, as totals and the timeline show it (the one rule, lib/time/span.ts). */
export { spanText as formatSpan } from "@/lib/time/span";

/** `12 %` (a share of 0.1234); `—` when there is nothing to take a share of. */
export const formatShare = (share: number | null): string => (share === null || !Number.isFinite(share) ? "—" : `${Math.round(share * 100)} %`);
