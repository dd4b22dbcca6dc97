import { describe, expect, it } from "vitest";
import { EventLog } from "./event-log";
import type { ActivityEvent } from "./types";

const T0 = Date.parse("2026-11-27T08:00:00Z");
const ev = (agentId: string, sec: number, activity: string, reasonCode: string | null = null): ActivityEvent => ({
  agentId,
  time: T0 + sec * 1000,
  activity,
  reasonCode,
});

describe("EventLog", () => {
  it("gives the current state and when it began", () => {
    const log = new EventLog();
    log.add([ev("a", 0, "ready"), ev("a", 60, "busy"), ev("a", 300, "acw")]);
    expect(log.stateOf("a")).toEqual({ activity: "acw", reasonCode: null, since: T0 + 300_000, lastEventAt: T0 + 300_000 });
    expect(log.stateOf("nobody")).toBeNull();
  });

  it("drops exact duplicates, as re-reading an overlap window brings", () => {
    const log = new EventLog();
    const batch = [ev("a", 0, "ready"), ev("a", 60, "notready", "1"), ev("b", 30, "busy")];
    expect(log.add(batch)).toEqual({ added: 3, duplicates: 0 });
    expect(log.add(batch)).toEqual({ added: 0, duplicates: 3 });
    expect(log.size).toBe(3);
  });

  it("keeps two different events at the same second", () => {
    const log = new EventLog();
    expect(log.add([ev("a", 10, "busy"), ev("a", 10, "acw")]).added).toBe(2);
    expect(log.stateOf("a")!.activity).toBe("acw");
  });

  it("does not reset time in state on a repeated identical event", () => {
    const log = new EventLog();
    log.add([ev("a", 0, "busy"), ev("a", 100, "notready", "1"), ev("a", 200, "notready", "1"), ev("a", 300, "notready", "1")]);
    expect(log.stateOf("a")).toMatchObject({ activity: "notready", reasonCode: "1", since: T0 + 100_000, lastEventAt: T0 + 300_000 });
  });

  it("starts a new state when the reason code changes within not ready", () => {
    const log = new EventLog();
    log.add([ev("a", 0, "notready", "6"), ev("a", 120, "notready", "1")]);
    expect(log.stateOf("a")).toMatchObject({ activity: "notready", reasonCode: "1", since: T0 + 120_000 });
  });

  it("places a late event in time order, so the current state stays right", () => {
    const log = new EventLog();
    log.add([ev("a", 0, "ready"), ev("a", 200, "busy")]);
    // Released in a later 30-second stack, covering a time already read.
    log.add([ev("a", 100, "acw")]);
    expect(log.eventsOf("a").map((e) => e.activity)).toEqual(["ready", "acw", "busy"]);
    expect(log.stateOf("a")).toMatchObject({ activity: "busy", since: T0 + 200_000 });
    // A late event that is the newest moves the state on.
    log.add([ev("a", 250, "acw")]);
    expect(log.stateOf("a")).toMatchObject({ activity: "acw", since: T0 + 250_000 });
  });

  it("sorts a batch that arrives out of order", () => {
    const log = new EventLog();
    log.add([ev("a", 300, "ready"), ev("a", 100, "busy"), ev("a", 200, "acw"), ev("a", 0, "ready")]);
    expect(log.eventsOf("a").map((e) => e.time - T0)).toEqual([0, 100_000, 200_000, 300_000]);
    expect(log.stateOf("a")).toMatchObject({ activity: "ready", since: T0 + 300_000 });
  });

  it("merges a late identical event into the run it belongs to", () => {
    const log = new EventLog();
    log.add([ev("a", 0, "busy"), ev("a", 100, "notready", "2"), ev("a", 200, "notready", "2")]);
    log.add([ev("a", 50, "notready", "2")]);
    // busy → notready@50 → notready@100 → notready@200: the run now starts at 50.
    expect(log.stateOf("a")!.since).toBe(T0 + 50_000);
  });

  it("returns one agent's events within a window", () => {
    const log = new EventLog();
    log.add([ev("a", 0, "ready"), ev("a", 10, "busy"), ev("a", 20, "ready"), ev("b", 10, "busy")]);
    expect(log.eventsOf("a", T0 + 10_000, T0 + 20_000)).toEqual([ev("a", 10, "busy")]);
  });

  it("prunes events older than the retention window, keeping each agent's state in progress at the cutoff", () => {
    const log = new EventLog();
    log.add([
      ev("a", 0, "ready"), ev("a", 10, "notready", "1"), ev("a", 20, "notready", "1"), ev("a", 30, "notready", "1"), ev("a", 100, "busy"),
      ev("b", 0, "busy"), ev("b", 5, "ready"), ev("b", 10, "offline"), ev("b", 20, "offline"), ev("b", 40, "offline"),
      ev("c", 0, "ready"), ev("c", 5, "busy"), ev("c", 10, "acw"),
    ]);
    expect(log.prune(T0 + 50_000)).toBe(2 + 3 + 2);
    // a: the run notready@10..30 is kept as its first and last event; what follows is untouched.
    expect(log.eventsOf("a").map((e) => e.time)).toEqual([T0 + 10_000, T0 + 30_000, T0 + 100_000]);
    expect(log.stateOf("a")).toMatchObject({ activity: "busy", since: T0 + 100_000 });
    // b: logged out since 10 s with nothing after the cutoff: still logged out, since 10 s.
    expect(log.stateOf("b")).toMatchObject({ activity: "offline", since: T0 + 10_000, lastEventAt: T0 + 40_000 });
    expect(log.stateOf("c")).toMatchObject({ activity: "acw", since: T0 + 10_000 });
    expect(log.size).toBe(3 + 2 + 1);
    // Pruning again at the same cutoff changes nothing.
    expect(log.prune(T0 + 50_000)).toBe(0);
    expect(log.stateOf("b")).toMatchObject({ activity: "offline", since: T0 + 10_000 });
  });
});
