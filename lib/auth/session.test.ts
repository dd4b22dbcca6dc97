import { describe, expect, it } from "vitest";
import { clientOf, PEER_HEADER } from "./session";
import { LoginThrottle } from "./throttle";

const NAME = "x-floorview-peer-test";
(globalThis as { [PEER_HEADER]?: string })[PEER_HEADER] = NAME;
const req = (headers: Record<string, string>) => ({ headers: { get: (n: string) => headers[n.toLowerCase()] ?? null } });

describe("the client a sign-in comes from", () => {
  it("is the socket's address, never the left-most X-Forwarded-For entry the caller wrote", () => {
    expect(clientOf(req({ [NAME]: "203.0.113.9", "x-forwarded-for": "10.0.0.1" }), null)).toBe("203.0.113.9");
    expect(clientOf(req({ [NAME]: "203.0.113.9", "x-real-ip": "10.0.0.1" }), null)).toBe("203.0.113.9");
    // Without the launcher (next dev) and without trusted proxies: one bucket.
    expect(clientOf(req({ "x-forwarded-for": "10.0.0.1" }), null)).toBe("direct");
  });

  it("behind N trusted proxies, is the N-th X-Forwarded-For entry from the right", () => {
    expect(clientOf(req({ [NAME]: "10.0.0.5", "x-forwarded-for": "made-up, 203.0.113.9" }), { count: 1 })).toBe("203.0.113.9");
    expect(clientOf(req({ [NAME]: "10.0.0.6", "x-forwarded-for": "made-up, 203.0.113.9, 10.0.0.5" }), { count: 2 })).toBe("203.0.113.9");
    // Fewer entries than proxies (a request that reached Floorview directly): the socket.
    expect(clientOf(req({ [NAME]: "203.0.113.9" }), { count: 1 })).toBe("203.0.113.9");
  });

  it("behind proxies named by address, is the right-most entry that is not one of them, and only when the socket is one of them", () => {
    const trusted = { addresses: ["10.0.0.5", "10.0.0.6"] };
    expect(clientOf(req({ [NAME]: "10.0.0.5", "x-forwarded-for": "made-up, 203.0.113.9, 10.0.0.6" }), trusted)).toBe("203.0.113.9");
    expect(clientOf(req({ [NAME]: "198.51.100.4", "x-forwarded-for": "203.0.113.9" }), trusted)).toBe("198.51.100.4");
  });
});

describe("the login throttle", () => {
  it("knows which clients have failed, within the window and while locked", () => {
    const t = new LoginThrottle(2, 60_000, 120_000);
    expect(t.hasFailed("a", 0)).toBe(false);
    t.fail("a", 0);
    expect(t.hasFailed("a", 1_000)).toBe(true);
    expect(t.hasFailed("a", 61_000)).toBe(false);
    t.fail("a", 61_000);
    t.fail("a", 62_000);
    expect(t.hasFailed("a", 150_000)).toBe(true);
    expect(t.hasFailed("a", 200_000)).toBe(false);
    t.fail("b", 0);
    t.succeed("b");
    expect(t.hasFailed("b", 1)).toBe(false);
  });
});
