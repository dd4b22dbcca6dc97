import { describe, expect, it } from "vitest";
import { KoreError } from "@/lib/kore/errors";
import { UpstreamHealth } from "./upstream-health";

describe("UpstreamHealth", () => {
  it("is starting until the backfill reaches now, then ok", () => {
    const h = new UpstreamHealth();
    h.recordSuccess(1, false);
    expect(h.status).toBe("starting");
    h.recordSuccess(2, true);
    expect(h.status).toBe("ok");
  });

  it("goes degraded on a failure, down after three in a row, and back to ok on success", () => {
    const changes: string[] = [];
    const h = new UpstreamHealth((_from, to) => changes.push(to));
    h.recordSuccess(0, true);
    h.recordFailure(new KoreError("server", "boom"), 1000);
    expect(h.status).toBe("degraded");
    h.recordFailure(new KoreError("timeout", "slow"), 2000);
    h.recordFailure(new KoreError("network", "gone"), 3000);
    expect(h.status).toBe("down");
    expect(h.lastError).toEqual({ code: "network", message: "gone", at: 3000 });
    h.recordSuccess(4000, true);
    expect(h.status).toBe("ok");
    expect(changes).toEqual(["ok", "degraded", "down", "ok"]);
  });

  it("is down at once when nothing was ever read, and after two minutes without a good read", () => {
    const fresh = new UpstreamHealth();
    fresh.recordFailure(new KoreError("server", "x"), 0);
    expect(fresh.status).toBe("down");
    const h = new UpstreamHealth();
    h.recordSuccess(0, true);
    h.recordFailure(new KoreError("server", "x"), 121_000);
    expect(h.status).toBe("down");
  });

  it("names refused credentials and rate limiting as such", () => {
    const h = new UpstreamHealth();
    h.recordSuccess(0, true);
    h.recordFailure(new KoreError("unauthorized", "no"), 1);
    expect(h.status).toBe("unauthorized");
    h.recordFailure(new KoreError("rate_limited", "slow down"), 2);
    expect(h.status).toBe("rate_limited");
  });
});
