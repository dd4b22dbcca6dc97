import { describe, expect, it } from "vitest";
import { compareStreamIds, decodeEvents, decodeHealth, decodeRoster, encodeEvents, encodeHealth, encodeRoster, redactRedisUrl } from "./codec";

describe("the shared state's wire format", () => {
  it("round-trips events, health and roster exactly", () => {
    const events = [
      { agentId: "a-1", time: 1_764_000_000_000, activity: "notready", reasonCode: "3" },
      { agentId: "a-2", time: 1_764_000_001_000, activity: "ready", reasonCode: null },
    ];
    expect(decodeEvents(encodeEvents(events))).toEqual({ events, skipped: 0 });
    const health = { status: "degraded" as const, lastSuccessAt: 5, lastError: { code: "server" as const, message: "503", at: 6 }, consecutiveFailures: 1, backfilled: true };
    expect(decodeHealth(encodeHealth(health))).toEqual(health);
    const roster = new Map<string, { agentId: string; firstName: string; lastName: string; email?: string }>([
      ["a-1", { agentId: "a-1", firstName: "Ana", lastName: "Ruiz" }],
      ["a-2", { agentId: "a-2", firstName: "Bo", lastName: "Li", email: "bo@example.com" }],
    ]);
    expect(decodeRoster(encodeRoster(roster, 42))).toEqual({ roster, loadedAt: 42 });
  });

  it("skips and counts what is not an event, and refuses what is not a read at all", () => {
    const text = JSON.stringify([["a-1", 1000, "ready", null], ["a-2", "soon", "ready", null], "nope", ["a-3", 2000, "busy", ""]]);
    const { events, skipped } = decodeEvents(text);
    expect(events.map((e) => e.agentId)).toEqual(["a-1", "a-3"]);
    expect(skipped).toBe(2);
    expect(decodeEvents("{not json").skipped).toBe(1);
    expect(decodeHealth("[]")).toBeNull();
    expect(decodeRoster("{}")).toBeNull();
  });

  it("orders stream ids by time, then sequence (not as strings)", () => {
    expect(compareStreamIds("999-5", "1000-0")).toBeLessThan(0);
    expect(compareStreamIds("1000-10", "1000-9")).toBeGreaterThan(0);
    expect(compareStreamIds("1000-1", "1000-1")).toBe(0);
  });

  it("never shows a Redis password in a message", () => {
    expect(redactRedisUrl("redis://:s3cret@redis.internal:6380/2")).toBe("redis://redis.internal:6380/2");
    expect(redactRedisUrl("rediss://user:s3cret@cache.example.com")).toBe("rediss://cache.example.com");
  });
});
