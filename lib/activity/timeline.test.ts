import { Vocabulary } from "@/lib/states/vocabulary";
import { describe, expect, it } from "vitest";
import { buildSegmentColumns, buildSegments, missingIntervals, mergeIntervals, segmentColumns, segmentsOf, stateAt, timelineTotals, type Segment, type SegmentState } from "./timeline";

const vocab = new Vocabulary();

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const at = (minutes: number) => T0 + minutes * MIN;
const ev = (minutes: number, activity: string, reasonCode: string | null = null) => ({ time: at(minutes), activity, reasonCode });

/** A feed read from T0 - 2 h up to the live edge at +120 min. */
const LIVE = { known: [{ start: at(-120), end: at(120) }], live: true };

describe("buildSegments", () => {
  const events = [ev(-30, "ready"), ev(10, "busy"), ev(25, "acw"), ev(28, "ready"), ev(40, "notready", "6"), ev(47, "notready", "1"), ev(60, "ready")];

  it("clips the segment running at the window's start to the window", () => {
    const segs = buildSegments(events, { from: at(0), to: at(30), ...LIVE });
    expect(segs).toEqual([
      { activity: "ready", reasonCode: null, start: at(0), end: at(10) },
      { activity: "busy", reasonCode: null, start: at(10), end: at(25) },
      { activity: "acw", reasonCode: null, start: at(25), end: at(28) },
      { activity: "ready", reasonCode: null, start: at(28), end: at(30) },
    ]);
  });

  it("ends the segment still going with null when the window reaches the live edge", () => {
    const segs = buildSegments(events, { from: at(50), to: at(180), ...LIVE });
    expect(segs).toEqual([
      { activity: "notready", reasonCode: "1", start: at(50), end: at(60) },
      { activity: "ready", reasonCode: null, start: at(60), end: null },
    ]);
  });

  it("clips the segment still going at the window's end when the window ends before the live edge", () => {
    const segs = buildSegments(events, { from: at(55), to: at(90), ...LIVE });
    expect(segs.at(-1)).toEqual({ activity: "ready", reasonCode: null, start: at(60), end: at(90) });
  });

  it("splits not ready when the reason changes inside it", () => {
    const segs = buildSegments(events, { from: at(30), to: at(70), ...LIVE });
    expect(segs.map((s) => [s.activity, s.reasonCode, (s.start - T0) / MIN])).toEqual([
      ["ready", null, 30],
      ["notready", "6", 40],
      ["notready", "1", 47],
      ["ready", null, 60],
    ]);
  });

  it("merges repeated identical events into one segment", () => {
    const segs = buildSegments([ev(0, "ready"), ev(5, "ready"), ev(9, "ready"), ev(12, "busy")], { from: at(0), to: at(20), ...LIVE });
    expect(segs).toHaveLength(2);
    expect(segs[0]).toMatchObject({ activity: "ready", start: at(0), end: at(12) });
  });

  it("gives an agent with one event one segment, from that event to now", () => {
    const segs = buildSegments([ev(15, "notready", "7")], { from: at(0), to: at(180), ...LIVE });
    expect(segs).toEqual([{ activity: "notready", reasonCode: "7", start: at(15), end: null }]);
  });

  it("shows nothing before the first event: an unknown state is not guessed", () => {
    const segs = buildSegments([ev(15, "ready")], { from: at(0), to: at(60), ...LIVE });
    expect(segs[0]!.start).toBe(at(15));
  });

  it("ends a run where the known feed ends, and knows nothing in a gap until the next event", () => {
    const segs = buildSegments([ev(0, "ready"), ev(10, "busy"), ev(40, "acw"), ev(45, "ready")], {
      from: at(0),
      to: at(60),
      known: [
        { start: at(-10), end: at(20) },
        { start: at(30), end: at(60) },
      ],
      live: false,
    });
    expect(segs.map((s) => [s.activity, (s.start - T0) / MIN, s.end === null ? null : (s.end - T0) / MIN])).toEqual([
      ["ready", 0, 10],
      ["busy", 10, 20],
      ["acw", 40, 45],
      ["ready", 45, 60],
    ]);
  });

  it("ignores events outside the window entirely, and a window with no events is empty", () => {
    expect(buildSegments(events, { from: at(-200), to: at(-150), ...LIVE })).toEqual([]);
    expect(buildSegments([], { from: at(0), to: at(60), ...LIVE })).toEqual([]);
  });

  it("never emits a zero-length segment at the window's edge", () => {
    const segs = buildSegments(events, { from: at(10), to: at(25), ...LIVE });
    expect(segs).toEqual([{ activity: "busy", reasonCode: null, start: at(10), end: at(25) }]);
  });
});

describe("segments as columns (a floor's day without an object a segment)", () => {
  /** A small deterministic random source (the test's own). */
  const rng = (seed: number) => () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const STATES: SegmentState[] = [
    { activity: "ready", reasonCode: null },
    { activity: "busy", reasonCode: null },
    { activity: "notready", reasonCode: "1" },
    { activity: "notready", reasonCode: "6" },
    { activity: "logout", reasonCode: null },
  ];
  // The store's keys: sparse, and not in the states' order.
  const KEYS = [17, 3, 42, 8, 25];
  const table = new Map(STATES.map((st, i) => [KEYS[i]!, st]));

  it("are the very segments buildSegments gives, over 300 random feeds with gaps, repeats, ties, live and closed ends", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const times: number[] = [];
      const keys: number[] = [];
      let t = at(-200);
      for (let n = Math.floor(r() * 40); n > 0; n--) {
        t += r() < 0.1 ? 0 : Math.floor(r() * 20 * MIN);
        times.push(t);
        keys.push(KEYS[Math.floor(r() * (r() < 0.3 ? 1 : KEYS.length))]!);
      }
      const known: { start: number; end: number }[] = [];
      let k = at(-240) + Math.floor(r() * 60 * MIN);
      while (k < at(400)) {
        const end = k + Math.floor(r() * 200 * MIN) + MIN;
        known.push({ start: k, end });
        k = end + (r() < 0.5 ? 0 : Math.floor(r() * 40 * MIN)) + 1;
      }
      const merged = mergeIntervals(known);
      const from = at(-100) + Math.floor(r() * 100 * MIN);
      const options = { from, to: from + Math.floor(r() * 300 * MIN) + 1, known: merged, live: r() < 0.5 };
      const events = times.map((time, i) => ({ time, ...table.get(keys[i]!)! }));
      const objects = buildSegments(events, options);
      const columns = buildSegmentColumns(Float64Array.from(times), Uint32Array.from(keys), table, options);
      expect(segmentsOf(columns), `seed ${seed}`).toEqual(objects);
      expect(segmentsOf(segmentColumns(objects)), `seed ${seed}`).toEqual(objects);
      // The first event given apart (the state the window opens in, as the store gives it).
      if (times.length > 0) expect(segmentsOf(buildSegmentColumns(Float64Array.from(times.slice(1)), Uint32Array.from(keys.slice(1)), table, options, { time: times[0]!, state: keys[0]! })), `seed ${seed}, apart`).toEqual(objects);
    }
  });
});

describe("stateAt: the floor at a past instant", () => {
  // The feed repeats "ready" at +31 without a change: time in state runs from +28.
  const events = [ev(-30, "ready"), ev(10, "busy"), ev(25, "acw"), ev(28, "ready"), ev(31, "ready"), ev(40, "notready", "6"), ev(47, "notready", "1"), ev(60, "ready")];

  it("is the state whose run holds the instant, since its first event, with the last event up to the instant", () => {
    expect(stateAt(events, { at: at(35), ...LIVE })).toEqual({ activity: "ready", reasonCode: null, since: at(28), lastEventAt: at(31) });
    expect(stateAt(events, { at: at(30), ...LIVE })).toEqual({ activity: "ready", reasonCode: null, since: at(28), lastEventAt: at(28) });
    // A change of reason within not ready is a new state.
    expect(stateAt(events, { at: at(50), ...LIVE })).toEqual({ activity: "notready", reasonCode: "1", since: at(47), lastEventAt: at(47) });
    // A state older than the window before the instant: since its own first event.
    expect(stateAt(events, { at: at(5), ...LIVE })).toMatchObject({ activity: "ready", since: at(-30) });
  });

  it("takes an event at the instant itself as begun, and nothing after it", () => {
    expect(stateAt(events, { at: at(40), ...LIVE })).toMatchObject({ activity: "notready", reasonCode: "6", since: at(40) });
    expect(stateAt(events, { at: at(40) - 1, ...LIVE })).toMatchObject({ activity: "ready", since: at(28), lastEventAt: at(31) });
  });

  it("still going at the live edge; unknown past a closed feed's end", () => {
    expect(stateAt(events, { at: at(200), ...LIVE })).toMatchObject({ activity: "ready", since: at(60) });
    expect(stateAt(events, { at: at(200), known: LIVE.known, live: false })).toBeNull();
  });

  it("unknown in a gap of the feed, and after one until the next event: never carried over", () => {
    const known = [{ start: at(-120), end: at(20) }, { start: at(45), end: at(120) }];
    expect(stateAt(events, { at: at(30), known, live: false })).toBeNull();
    // After the gap the state is unknown until the agent's next event.
    expect(stateAt(events, { at: at(46), known, live: false })).toBeNull();
    expect(stateAt(events, { at: at(50), known, live: false })).toMatchObject({ activity: "notready", reasonCode: "1", since: at(47) });
    expect(stateAt(events, { at: at(15), known, live: false })).toMatchObject({ activity: "busy", since: at(10) });
  });

  it("unknown before the agent's first known event", () => {
    expect(stateAt(events, { at: at(-60), ...LIVE })).toBeNull();
    expect(stateAt([], { at: at(0), ...LIVE })).toBeNull();
  });
});

describe("intervals", () => {
  it("merges touching intervals and finds what is missing from a window", () => {
    const known = mergeIntervals([
      { start: 30, end: 40 },
      { start: 0, end: 10 },
      { start: 10, end: 20 },
    ]);
    expect(known).toEqual([
      { start: 0, end: 20 },
      { start: 30, end: 40 },
    ]);
    expect(missingIntervals(known, 5, 50)).toEqual([
      { start: 20, end: 30 },
      { start: 40, end: 50 },
    ]);
    expect(missingIntervals(known, 0, 20)).toEqual([]);
  });
});

describe("timelineTotals", () => {
  const segs: Segment[] = [
    { activity: "ready", reasonCode: null, start: at(0), end: at(10) },
    { activity: "notready", reasonCode: "6", start: at(10), end: at(15) },
    { activity: "notready", reasonCode: "1", start: at(15), end: at(30) },
    { activity: "ready", reasonCode: null, start: at(30), end: at(35) },
    { activity: "notready", reasonCode: "1", start: at(35), end: null },
  ];

  it("adds time per state and per reason, counting the segment still going up to now", () => {
    const t = timelineTotals(vocab, segs, { start: at(0), end: at(120) }, at(40));
    expect(t.byActivity).toEqual([
      { activity: "notready", ms: 25 * MIN },
      { activity: "ready", ms: 15 * MIN },
    ]);
    expect(t.byReason).toEqual([
      { reasonCode: "1", ms: 20 * MIN },
      { reasonCode: "6", ms: 5 * MIN },
    ]);
    expect(t.knownMs).toBe(40 * MIN);
  });

  it("counts the changes inside the window, not the state the window opened in", () => {
    expect(timelineTotals(vocab, segs, { start: at(0), end: at(120) }, at(40)).changes).toBe(4);
  });

  it("finds the longest not-ready stretch across a reason change", () => {
    const t = timelineTotals(vocab, segs, { start: at(0), end: at(120) }, at(40));
    expect(t.longestNotReady).toEqual({ start: at(10), end: at(30), ms: 20 * MIN });
    // The open stretch grows with the clock and takes the lead.
    expect(timelineTotals(vocab, segs, { start: at(0), end: at(120) }, at(60)).longestNotReady).toEqual({ start: at(35), end: null, ms: 25 * MIN });
  });

  it("keeps logged-out time apart: shares are of logged-in time", () => {
    // 8 hours: logged out for the first 3, then 1 h not ready, 4 h on calls.
    const day: Segment[] = [
      { activity: "logout", reasonCode: null, start: at(0), end: at(180) },
      { activity: "notready", reasonCode: "1", start: at(180), end: at(240) },
      { activity: "busy", reasonCode: null, start: at(240), end: at(480) },
    ];
    const t = timelineTotals(vocab, day, { start: at(0), end: at(480) }, at(480));
    expect(t.knownMs).toBe(480 * MIN);
    expect(t.loggedInMs).toBe(300 * MIN);
    // Not ready is 20 % of the logged-in time, not 12.5 % of the window.
    expect(t.byActivity.find((a) => a.activity === "notready")!.ms / t.loggedInMs).toBe(0.2);
  });

  it("never counts the open segment past the window's end", () => {
    const t = timelineTotals(vocab, segs, { start: at(0), end: at(50) }, at(90));
    expect(t.knownMs).toBe(50 * MIN);
  });
});
