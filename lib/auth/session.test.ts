import { describe, expect, it } from "vitest";
import { clientKey, clientOf, PEER_HEADER } from "./session";
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

describe("the client a sign-in comes from, as an attacker would try to be someone new", () => {
  it("an IPv6 client is its /64: a new address of the same network is the same client", () => {
    const of = (a: string) => clientOf(req({ [NAME]: a }), null);
    expect(of("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(of("2001:db8:1:2:ffff:eeee:dddd:cccc")).toBe("2001:db8:1:2::/64");
    expect(of("2001:0db8:0001:0002::9")).toBe("2001:db8:1:2::/64");
    expect(of("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(of("2001:db8:1:3::1")).not.toBe(of("2001:db8:1:2::1"));
    expect(of("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    // IPv4 on an IPv6 socket is the IPv4 address.
    expect(of("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(of("203.0.113.9")).toBe("203.0.113.9");
  });

  it("with a count of trusted proxies, a client reaching the port from outside cannot name itself in X-Forwarded-For", () => {
    for (const outside of ["203.0.113.9", "2001:db8:5::7", "::ffff:198.51.100.1"]) {
      expect(clientOf(req({ [NAME]: outside, "x-forwarded-for": "10.1.2.3" }), { count: 1 }), outside).toBe(clientKey(outside));
    }
    // The deployment's own proxy, on a private or loopback address: its entry counts.
    for (const proxy of ["10.0.0.5", "172.20.1.1", "192.168.1.2", "127.0.0.1", "::1", "fd12:3456::1", "::ffff:10.0.0.5"]) {
      expect(clientOf(req({ [NAME]: proxy, "x-forwarded-for": "made-up, 203.0.113.9" }), { count: 1 }), proxy).toBe("203.0.113.9");
    }
    // Behind proxies named by address, an IPv6 client is its /64 too.
    expect(clientOf(req({ [NAME]: "10.0.0.5", "x-forwarded-for": "2001:db8:1:2::99" }), { addresses: ["10.0.0.5"] })).toBe("2001:db8:1:2::/64");
  });
});
