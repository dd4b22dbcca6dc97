import { describe, expect, it } from "vitest";
import { DEFAULT_FLAG_RULES, flagRulesFor, type FlagRules } from "@/lib/states/flag-rules";
import { parseLabels, type LabelsError } from "@/lib/states/labels-file";
import { Vocabulary } from "@/lib/states/vocabulary";
import { acwBaseline, detectFlags, flagWhy, shiftStarts, type Flag } from "./flags";
import type { ScheduleRow } from "./schedule";
import { buildSegments } from "./timeline";

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const T = Date.parse("2026-12-07T00:00:00Z");
const at = (min: number) => T + min * M;

const vocab = new Vocabulary(parseLabels(JSON.stringify({ reasons: { "1": { label: "Break", category: "break" }, "6": { label: "System issue", category: "system" }, "7": { label: "Login prep", category: "other" } } })).labels);

type Ev = [minute: number, activity: string, reason?: string];
/** Segments of a day known from midnight, still going at `now` unless `closed`. */
function segs(events: Ev[], now = at(24 * 60 - 1)) {
  const list = events.map(([m, activity, reasonCode]) => ({ time: at(m), activity, reasonCode: reasonCode ?? null }));
  return buildSegments(list, { from: T, to: now + S, known: [{ start: T, end: now }], live: true });
}

const only = (rules: Partial<FlagRules>): FlagRules => ({ rapidToggle: null, longAcw: null, slowStart: null, reasonUse: null, ...rules });
const DAY_END = T + 24 * H;
const flags = (rules: Partial<FlagRules>, events: Ev[], now: number, baseline: ((at: number) => number | null) | null = null) =>
  detectFlags(vocab, only(rules), segs(events, now), [T], baseline, T, DAY_END, now);

describe("rapid toggling", () => {
  const rule = { rapidToggle: DEFAULT_FLAG_RULES.rapidToggle }; // 6 changes within 10 minutes
  // ready ↔ not ready every minute from 09:00: changes at 09:01, 09:02, …
  const toggles = (n: number, every = 1): Ev[] => [[540, "ready"], ...Array.from({ length: n }, (_, i): Ev => (i % 2 === 0 ? [540 + (i + 1) * every, "notready", "6"] : [540 + (i + 1) * every, "ready"]))];

  it("is raised at the sixth change within 10 minutes, once, and clears when the window holds fewer", () => {
    const now = at(600);
    const f = flags(rule, toggles(8), now);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: "rapid_toggle", start: at(541), raisedAt: at(546), end: at(548), count: 8, limit: 6, limitMs: 10 * M });
    // Changes at 541…548: six of them stay within a 10-minute window until 543 + 10 min.
    expect(f[0]!.clearedAt).toBe(at(553));
    expect(flagWhy(vocab, f[0]!)).toBe("8 changes between ready and not ready within 10 min (flagged at 6).");
  });

  it("is active while it holds", () => {
    const f = flags(rule, toggles(6), at(550));
    expect(f[0]).toMatchObject({ raisedAt: at(546), clearedAt: null });
  });

  it("is not raised for five changes, for changes spread wider than the window, or for calls (ready → busy → ready)", () => {
    expect(flags(rule, toggles(5), at(600))).toEqual([]);
    // Six changes, two minutes apart: the first and the sixth are 10 minutes apart, not within.
    expect(flags(rule, toggles(6, 2), at(600))).toEqual([]);
    const calls: Ev[] = [[540, "ready"], ...Array.from({ length: 12 }, (_, i): Ev => [541 + i, i % 2 === 0 ? "busy" : "ready"])];
    expect(flags(rule, calls, at(600))).toEqual([]);
  });

  it("raises two flags for two bursts apart", () => {
    const burst = (from: number): Ev[] => Array.from({ length: 7 }, (_, i): Ev => (i % 2 === 0 ? [from + i, "ready"] : [from + i, "notready", "1"]));
    const f = flags(rule, [...burst(540), ...burst(700)], at(800));
    expect(f.map((x) => x.raisedAt)).toEqual([at(546), at(706)]);
  });
});

describe("long after-call work", () => {
  const rule = { longAcw: { percentile: 90, minSamples: 10 } };
  // The team's day: 20 after-call stretches of 10, 20, … 200 s, all ended by 08:00.
  const samples = Array.from({ length: 20 }, (_, i) => ({ start: at(400 + i * 2), end: at(400 + i * 2) + (i + 1) * 10 * S }));
  const baseline = acwBaseline(samples, rule.longAcw, "UTC");

  it("takes the nearest-rank percentile of the stretches ended that day before, once there are enough", () => {
    // 90th of 20: the 18th smallest, 180 s.
    expect(baseline(at(480))).toBe(180 * S);
    // Before the tenth ended: too few to judge.
    expect(baseline(at(400 + 8 * 2) + 90 * S - 1)).toBeNull();
    expect(baseline(at(400 + 9 * 2) + 100 * S)).toBe(90 * S); // ten: the 9th smallest
    // The next day starts again.
    expect(baseline(at(24 * 60 + 480))).toBeNull();
  });

  it("is raised when after-call work passes the percentile, and clears when it ends", () => {
    const events: Ev[] = [[540, "busy"], [545, "acw"], [549, "ready"]];
    const f = flags(rule, events, at(600), baseline);
    expect(f).toEqual([{ rule: "long_acw", start: at(545), end: at(549), raisedAt: at(545) + 180 * S, clearedAt: at(549), reasonCode: null, count: null, limitMs: 180 * S, limit: 90 } satisfies Flag]);
    expect(flagWhy(vocab, f[0]!)).toBe("After-call work of 4 min, longer than the team's 90th percentile of the day (3 min).");
    expect(flagWhy(vocab, { ...f[0]!, end: null, clearedAt: null })).toBe("After-call work still going, longer than the team's 90th percentile of the day (3 min).");
    // Still going: active, raised once.
    const going = flags(rule, events.slice(0, 2), at(549), baseline);
    expect(going[0]).toMatchObject({ raisedAt: at(545) + 180 * S, clearedAt: null, end: null });
  });

  it("is not raised at or under the percentile, nor before the team has enough stretches that day", () => {
    expect(flags(rule, [[540, "busy"], [545, "acw"], [548, "ready"]], at(600), baseline)).toEqual([]);
    const early = acwBaseline(samples.slice(0, 5), rule.longAcw, "UTC");
    expect(flags(rule, [[540, "busy"], [545, "acw"], [575, "ready"]], at(600), early)).toEqual([]);
  });

  it("judges against what was known when it began: stretches ending later do not change it", () => {
    const later = acwBaseline([...samples, ...Array.from({ length: 50 }, (_, i) => ({ start: at(560 + i), end: at(560 + i) + 20 * M }))], rule.longAcw, "UTC");
    expect(flags(rule, [[540, "busy"], [545, "acw"], [549, "ready"]], at(700), later)[0]).toMatchObject({ limitMs: 180 * S });
  });
});

describe("slow start", () => {
  const rule = { slowStart: { afterMs: 10 * M } };

  it("is raised 10 minutes after the shift's login without a ready, and clears at the first ready", () => {
    const f = flags(rule, [[480, "notready", "7"], [492, "ready"], [600, "offline"]], at(700));
    expect(f).toEqual([expect.objectContaining({ rule: "slow_start", start: at(480), end: at(492), raisedAt: at(490), clearedAt: at(492), limitMs: 10 * M })]);
    expect(flagWhy(vocab, f[0]!)).toBe("12 min from login to the first ready (flagged after 10 min).");
    expect(flagWhy(vocab, { ...f[0]!, end: null, clearedAt: null })).toBe("No ready yet, more than 10 min after login.");
    // Not ready yet: active.
    expect(flags(rule, [[480, "notready", "7"]], at(495))[0]).toMatchObject({ clearedAt: null, end: null });
  });

  it("is not raised for a quick start, nor for a second login in the same shift", () => {
    expect(flags(rule, [[480, "notready", "7"], [489, "ready"]], at(700))).toEqual([]);
    expect(flags(rule, [[480, "ready"], [600, "offline"], [660, "notready", "7"], [690, "ready"]], at(700))).toEqual([]);
  });

  it("judges each shift's first login", () => {
    const starts = [T, at(12 * 60)];
    const f = detectFlags(vocab, only(rule), segs([[480, "ready"], [600, "offline"], [780, "notready", "1"], [800, "ready"]], at(900)), starts, null, T, DAY_END, at(900));
    expect(f.map((x) => x.start)).toEqual([at(780)]);
  });
});

describe("a reason used too often", () => {
  const rule = { reasonUse: { max: 3, reasons: null, categories: ["system" as const] } };
  const uses = (n: number): Ev[] => [[480, "ready"], ...Array.from({ length: n }, (_, i): Ev[] => [[500 + i * 30, "notready", "6"], [505 + i * 30, "ready"]]).flat()];

  it("is raised when the fourth use begins, once, and clears when the shift ends", () => {
    const f = flags(rule, uses(5), at(800));
    expect(f).toEqual([expect.objectContaining({ rule: "reason_overuse", reasonCode: "6", start: at(500), end: at(625), raisedAt: at(590), clearedAt: null, count: 5, limit: 3 })]);
    expect(flagWhy(vocab, f[0]!)).toBe("System issue begun 5 times this shift (flagged over 3).");
    const shifts = [T, at(12 * 60)];
    const cleared = detectFlags(vocab, only(rule), segs(uses(5), at(800)), shifts, null, T, DAY_END, at(800));
    expect(cleared[0]!.clearedAt).toBe(at(12 * 60));
  });

  it("is not raised for three uses, for reasons not watched, nor across two shifts", () => {
    expect(flags(rule, uses(3), at(800))).toEqual([]);
    const breaks: Ev[] = [[480, "ready"], ...Array.from({ length: 6 }, (_, i): Ev[] => [[500 + i * 30, "notready", "1"], [505 + i * 30, "ready"]]).flat()];
    expect(flags(rule, breaks, at(800))).toEqual([]);
    // Two uses before noon, two after: two shifts of two.
    expect(detectFlags(vocab, only(rule), segs(uses(4).map(([m, a, r]): Ev => [m >= 560 ? m + 200 : m, a, r]), at(1000)), [T, at(12 * 60)], null, T, DAY_END, at(1000))).toEqual([]);
  });

  it("counts a change of not-ready activity with the same code as one use, and a listed reason of another category", () => {
    const same: Ev[] = [[480, "ready"], ...Array.from({ length: 4 }, (_, i): Ev[] => [[500 + i * 30, "notready", "6"], [502 + i * 30, "away", "6"], [505 + i * 30, "ready"]]).flat()];
    expect(flags(rule, same, at(800))[0]).toMatchObject({ count: 4 });
    const listed = { reasonUse: { max: 1, reasons: ["7"], categories: [] } };
    expect(flags(listed, [[480, "notready", "7"], [490, "ready"], [500, "notready", "7"], [510, "ready"]], at(800))[0]).toMatchObject({ reasonCode: "7", count: 2 });
  });
});

describe("when time alone changes the answer", () => {
  it("is said, so a live answer can be kept until then: a clearing, a slow start or after-call work about to pass its limit", () => {
    const next = { at: Infinity };
    // Rapid toggling still holding: clears at 553 (see above).
    const toggles: Ev[] = [[540, "ready"], ...Array.from({ length: 8 }, (_, i): Ev => (i % 2 === 0 ? [541 + i, "notready", "6"] : [541 + i, "ready"]))];
    detectFlags(vocab, DEFAULT_FLAG_RULES, segs(toggles, at(550)), [T], null, T, DAY_END, at(550), next);
    expect(next.at).toBe(at(553));
    // Logged in at 480, not ready yet at 485: the slow start would be raised just after 490.
    const pending = { at: Infinity };
    expect(detectFlags(vocab, DEFAULT_FLAG_RULES, segs([[480, "notready", "7"]], at(485)), [T], null, T, DAY_END, at(485), pending)).toEqual([]);
    expect(pending.at).toBe(at(490) + 1);
    // After-call work under the team's 3 minutes: raised just after it passes them.
    const acw = { at: Infinity };
    detectFlags(vocab, only({ longAcw: { percentile: 90, minSamples: 1 } }), segs([[540, "acw"]], at(541)), [T], () => 180 * S, T, DAY_END, at(541), acw);
    expect(acw.at).toBe(at(540) + 180 * S + 1);
    // Nothing open: never, by time alone.
    const calm = { at: Infinity };
    detectFlags(vocab, DEFAULT_FLAG_RULES, segs([[480, "ready"], [490, "busy"]], at(500)), [T], () => null, T, DAY_END, at(500), calm);
    expect(calm.at).toBe(Infinity);
  });
});

describe("shifts", () => {
  const row = (start: number, end: number, activity: ScheduleRow["activity"] = "work"): ScheduleRow => ({ agentId: "a", start, end, activity });

  it("are the scheduled spans, and midnights no span holds", () => {
    // An overnight shift 22:00–06:00 then nothing: the shift holding 23:00 began at 22:00; the next day's midnight is held, 06:00 starts the rest of the day.
    const rows = [row(at(22 * 60), at(26 * 60)), row(at(26 * 60), at(30 * 60))];
    expect(shiftStarts(rows, at(23 * 60), at(50 * 60), "UTC")).toEqual([at(22 * 60), at(30 * 60), at(48 * 60)]);
    expect(shiftStarts([], at(600), at(2000), "UTC")).toEqual([T, at(24 * 60)]);
    // A lunch row inside the shift does not split it; an off row does.
    expect(shiftStarts([row(at(480), at(720)), row(at(720), at(780), "lunch"), row(at(780), at(1020))], at(600), at(1000), "UTC")).toEqual([at(480)]);
  });

  it("reset the counts: a team's own rules win over the floor's", () => {
    const { flags: config } = parseLabels(JSON.stringify({ teams: { Billing: ["a"] }, flags: { slowStart: { after: "5m" }, rapidToggle: false }, teamRules: { Billing: { flags: { slowStart: { after: "15m" }, reasonUse: { max: 1, reasons: ["7"] } } } } }));
    expect(config.rules.slowStart).toEqual({ afterMs: 5 * M });
    expect(config.rules.rapidToggle).toBeNull();
    expect(config.rules.longAcw).toEqual(DEFAULT_FLAG_RULES.longAcw);
    const billing = flagRulesFor(config, "Billing");
    expect(billing.slowStart).toEqual({ afterMs: 15 * M });
    expect(billing.reasonUse).toEqual({ max: 1, reasons: ["7"], categories: [] });
    expect(billing.rapidToggle).toBeNull();
    expect(flagRulesFor(config, null).reasonUse).toEqual(DEFAULT_FLAG_RULES.reasonUse);
  });

  it("names each mistake in the config with its place", () => {
    let problems: string[] = [];
    try {
      parseLabels(JSON.stringify({ flags: { rapidToggle: { changes: 1, within: "soon" }, longAcw: { percentile: 100 }, reasonUse: { max: 0, categories: ["nap"] }, nap: true } }));
    } catch (err) {
      problems = (err as LabelsError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        "flags.rapidToggle.changes: must be at least 2",
        "flags.rapidToggle.within: must be a number with s, m or h, such as 90s, 10m or 1h",
        "flags.longAcw.percentile: must be 50 to 99",
        "flags.reasonUse.max: must be at least 1",
        expect.stringMatching(/^flags\.reasonUse\.categories\.0: must be one of/),
        expect.stringMatching(/^flags: .*nap/),
      ]),
    );
  });
});
