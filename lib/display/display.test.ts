import { describe, expect, it } from "vitest";
import type { UpstreamSnapshot } from "@/lib/api-types";
import { formatAgo, formatDuration } from "./duration";
import { isStale } from "./freshness";

describe("durations", () => {
  it("reads like a stopwatch", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(7_900)).toBe("0:07");
    expect(formatDuration(12 * 60_000 + 5_000)).toBe("12:05");
    expect(formatDuration(3_600_000 + 2 * 60_000 + 33_000)).toBe("1:02:33");
    expect(formatDuration(-5_000)).toBe("0:00");
  });

  it("says how long ago", () => {
    expect(formatAgo(500)).toBe("just now");
    expect(formatAgo(4_200)).toBe("4 s ago");
    expect(formatAgo(3 * 60_000)).toBe("3 min ago");
    expect(formatAgo(2 * 3_600_000)).toBe("2 h ago");
  });
});

describe("freshness", () => {
  const upstream = (coveredUntil: string | null, stale = false): UpstreamSnapshot => ({ status: "ok", lastSuccessAt: coveredUntil, lastError: null, stale, coveredUntil });
  const T = Date.parse("2026-11-27T10:00:00Z");

  it("is stale when the server says so, or when the server's clock is past the read position by more than the limit", () => {
    expect(isStale(upstream("2026-11-27T10:00:00.000Z"), 45_000, T + 45_000)).toBe(false);
    expect(isStale(upstream("2026-11-27T10:00:00.000Z"), 45_000, T + 45_001)).toBe(true);
    expect(isStale(upstream("2026-11-27T10:00:00.000Z", true), 45_000, T)).toBe(true);
    // Still starting: nothing read up to now yet, so nothing to call stale.
    expect(isStale(upstream(null), 45_000, T)).toBe(false);
    expect(isStale(undefined, 45_000, T)).toBe(false);
  });
});
