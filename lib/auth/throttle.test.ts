import { describe, expect, it } from "vitest";
import { FailureNotes, LoginThrottle } from "./throttle";

describe("LoginThrottle", () => {
  it("locks a client out after repeated failures, for a while, and only that client", () => {
    const t = new LoginThrottle(3, 60_000, 300_000);
    t.fail("a", 0);
    t.fail("a", 1_000);
    expect(t.retryAfterMs("a", 1_000)).toBe(0);
    t.fail("a", 2_000);
    expect(t.retryAfterMs("a", 2_000)).toBe(300_000);
    expect(t.retryAfterMs("b", 2_000)).toBe(0);
    expect(t.retryAfterMs("a", 302_000)).toBe(0);
  });

  it("forgets failures outside the window and after a success", () => {
    const t = new LoginThrottle(3, 60_000, 300_000);
    t.fail("a", 0);
    t.fail("a", 1_000);
    t.fail("a", 70_000);
    expect(t.retryAfterMs("a", 70_000)).toBe(0);
    t.succeed("a");
    t.fail("a", 71_000);
    t.fail("a", 72_000);
    expect(t.retryAfterMs("a", 72_000)).toBe(0);
  });

  it("keeps memory bounded", () => {
    const t = new LoginThrottle(3, 60_000, 300_000, 100);
    for (let i = 0; i < 1_000; i++) t.fail(`client-${i}`, i);
    expect((t as unknown as { clients: Map<string, unknown> }).clients.size).toBeLessThanOrEqual(100);
  });
});

describe("FailureNotes", () => {
  it("records a client's first failure of a minute with how many went unrecorded, refuses past the limit, and forgets after the minute", () => {
    const n = new FailureNotes(3, 60_000, 100);
    expect(n.note("a", 0)).toMatchObject({ record: true, unrecorded: 0, refuse: false });
    expect(n.note("a", 1_000)).toMatchObject({ record: false, refuse: false });
    expect(n.note("a", 2_000)).toMatchObject({ record: false, refuse: false });
    expect(n.note("a", 3_000)).toMatchObject({ record: false, refuse: true, retryAfterMs: 57_000 });
    // Another client is its own.
    expect(n.note("b", 3_000)).toMatchObject({ record: true, refuse: false });
    // The next minute: recorded again, saying how many were not.
    expect(n.note("a", 61_000)).toEqual({ record: true, unrecorded: 3, refuse: false, retryAfterMs: 0 });
    for (let i = 0; i < 1_000; i++) n.note(`c-${i}`, 62_000);
    expect((n as unknown as { clients: Map<string, unknown> }).clients.size).toBeLessThanOrEqual(100);
  });
});
