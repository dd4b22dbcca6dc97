import { describe, expect, it } from "vitest";
import { describeActivity } from "./activity";
import { formatAgo, formatDuration } from "./duration";

describe("describeActivity", () => {
  it("recognises common spellings of the usual states", () => {
    expect(describeActivity("notready")).toEqual({ tone: "notready", label: "Not ready" });
    expect(describeActivity("NOT_READY").tone).toBe("notready");
    expect(describeActivity("Ready").tone).toBe("ready");
    expect(describeActivity("after-call-work").tone).toBe("acw");
    expect(describeActivity("logged_out").tone).toBe("offline");
  });

  it("shows any other activity readably instead of hiding it", () => {
    expect(describeActivity("systemAway")).toEqual({ tone: "other", label: "System away" });
    expect(describeActivity("login_prep")).toEqual({ tone: "other", label: "Login prep" });
    expect(describeActivity(null)).toEqual({ tone: "none", label: "No activity" });
  });
});

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
