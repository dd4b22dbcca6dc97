import { between, hex, logNormal, pick, seededRng, type Rng } from "./random";

/**
 * A believable contact-center floor, generated deterministically from a seed: shifts, calls,
 * after-call work, breaks, lunches, meetings, the odd overstayed break and system issue.
 * Pure: time is passed in, nothing here does I/O.
 */

/*
 * Activities: ready, notready, busy, acw (after-call work), offline. Not-ready reason codes
 * (Kore.ai documents none; each tenant defines its own): 1 Break, 2 Lunch, 3 Training,
 * 4 Meeting, 5 Coaching, 6 System issue, 7 Login prep.
 */

export interface SimAgent {
  agentId: string;
  firstName: string;
  lastName: string;
}

export interface SimEvent {
  agentId: string;
  time: number;
  activity: string;
  /** "" for none, as the wire carries it. */
  reasonCode: string;
  /** When the feed first shows it: Kore.ai releases changes in 30-second stacks. */
  releaseAt: number;
}

export interface FloorOptions {
  agents: number;
  seed: string;
  /** The floor's "now" at creation; history is generated before it. */
  start: number;
  /** How much history before `start` to keep (default 50 h: today and yesterday). Injected events older than this are dropped too. */
  historyMs?: number;
  /** false: the floor stops at `start` (plus injected events), so tests can compare exactly. */
  live?: boolean;
  stackMs?: number;
  /** Every change released this much after its stack (a tenant that releases late). */
  releaseDelayMs?: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const FIRST_NAMES = [
  "Amara", "Ben", "Chloe", "Dmitri", "Elena", "Farah", "Gabriel", "Hana", "Ivan", "Jia", "Kofi", "Lena",
  "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena",
  "Yusuf", "Zoe", "Aiden", "Bea", "Carlos", "Dana", "Emeka", "Freya", "Gus", "Ines", "Jonas", "Kira",
  "Liam", "Maya", "Nils", "Olga",
];
const LAST_NAMES = [
  "Adeyemi", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "García", "Haddad", "Ito", "Jensen", "Kowalski",
  "Lopez", "Mensah", "Novak", "O'Brien", "Patel", "Quint", "Rossi", "Silva", "Tanaka", "Ueda", "Varga",
  "Weber", "Xu", "Yilmaz", "Zhang", "Abbott", "Bauer", "Costa", "Dlamini", "Eriksen", "Fontaine",
];

type Step = readonly [time: number, activity: string, reasonCode: string];

const whole = (t: number) => Math.round(t / SECOND) * SECOND;

/** One agent's endless sequence of state changes, shift after shift. */
function* agentTimeline(rng: Rng, firstShift: number): Generator<Step> {
  for (let shift = firstShift; ; shift += DAY + Math.round(between(rng, -10, 10)) * MINUTE) {
    const end = shift + between(rng, 8, 9) * HOUR;
    let t = shift;
    const step = (activity: string, reason = ""): Step => [whole(t), activity, reason];
    yield step("notready", "7");
    t += between(rng, 1, 4) * MINUTE;
    yield step("ready");
    const overstay = (p: number, normal: number, long: number) => (rng() < p ? long : normal) * MINUTE;
    const breaks = [
      { at: shift + 2 * HOUR + between(rng, -20, 20) * MINUTE, code: "1", ms: overstay(0.15, between(rng, 12, 15), between(rng, 18, 28)) },
      { at: shift + 4 * HOUR + between(rng, -30, 30) * MINUTE, code: "2", ms: overstay(0.1, between(rng, 28, 32), between(rng, 38, 50)) },
      { at: shift + 6.5 * HOUR + between(rng, -20, 20) * MINUTE, code: "1", ms: overstay(0.15, between(rng, 12, 15), between(rng, 18, 28)) },
    ];
    let next = 0;
    while (t < end) {
      t += Math.min(Math.max(logNormal(rng, 80 * SECOND, 0.9), 3 * SECOND), 10 * MINUTE);
      const brk = breaks[next];
      if (brk && t >= brk.at) {
        next++;
        yield step("notready", brk.code);
        t += brk.ms;
        yield step("ready");
        continue;
      }
      if (rng() < 0.025) {
        const code = pick(rng, ["3", "4", "5", "6"] as const);
        yield step("notready", code);
        t += (code === "6" ? between(rng, 2, 12) : between(rng, 15, 45)) * MINUTE;
        // A system issue often turns into a break: a reason change within not ready.
        if (code === "6" && rng() < 0.4) {
          yield step("notready", "1");
          t += between(rng, 5, 12) * MINUTE;
        }
        yield step("ready");
        continue;
      }
      yield step("busy");
      t += Math.min(Math.max(logNormal(rng, 4 * MINUTE, 0.6), 30 * SECOND), 35 * MINUTE);
      if (rng() < 0.75) {
        yield step("acw");
        t += between(rng, 15, 150) * SECOND;
      }
      yield step("ready");
      // The feed sometimes repeats a state that has not changed; it must not reset time in state.
      if (rng() < 0.03) {
        t += between(rng, 2, 20) * SECOND;
        yield step("ready");
      }
    }
    yield step("offline");
  }
}

/** The e-mail the simulated Agents API lists for an agent (a WFM tool's file may name agents by it). */
export const simEmail = (a: SimAgent) => `${a.firstName}.${a.lastName}.${a.agentId.slice(2, 9)}@sim.floorview.test`.toLowerCase();

function makeAgent(rng: Rng, index: number): SimAgent {
  return {
    agentId: `a-${hex(rng, 7)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 12)}`,
    firstName: FIRST_NAMES[index % FIRST_NAMES.length]!,
    lastName: LAST_NAMES[(index * 7 + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length]!,
  };
}

/** When today's shift starts, relative to the floor's start: most agents are on shift. */
function todaysShift(rng: Rng, start: number): number {
  const u = rng();
  if (u < 0.82) return start - between(rng, 0.25, 6.75) * HOUR;
  if (u < 0.9) return start + between(rng, 0.1, 3) * HOUR;
  return start - between(rng, 9.5, 12) * HOUR;
}

/**
 * One agent's events in time order, as columns: a floor of thousands of agents holds hundreds of
 * thousands of events, which as objects would weigh on every garbage collection of the process
 * that runs the simulator (the demo runs it inside Floorview).
 */
class Columns {
  times = new Float64Array(16);
  releases = new Float64Array(16);
  states = new Uint16Array(16);
  length = 0;

  /** Index of the first event at or after `time`. */
  lowerBound(time: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(at: number, time: number, release: number, state: number): void {
    if (this.length === this.times.length) {
      const grow = <T extends Float64Array | Uint16Array>(a: T, make: (n: number) => T) => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.times = grow(this.times, (n) => new Float64Array(n));
      this.releases = grow(this.releases, (n) => new Float64Array(n));
      this.states = grow(this.states, (n) => new Uint16Array(n));
    }
    if (at < this.length) {
      this.times.copyWithin(at + 1, at, this.length);
      this.releases.copyWithin(at + 1, at, this.length);
      this.states.copyWithin(at + 1, at, this.length);
    }
    this.times[at] = time;
    this.releases[at] = release;
    this.states[at] = state;
    this.length++;
  }

  dropBefore(time: number): void {
    const drop = this.lowerBound(time);
    if (drop === 0) return;
    this.times.copyWithin(0, drop, this.length);
    this.releases.copyWithin(0, drop, this.length);
    this.states.copyWithin(0, drop, this.length);
    this.length -= drop;
  }
}

export class SimFloor {
  readonly agents: SimAgent[];
  readonly stackMs: number;
  private readonly releaseDelayMs: number;
  private readonly timelines: Generator<Step>[] = [];
  private readonly pending: (Step | undefined)[] = [];
  private readonly events: Columns[] = [];
  /** (activity, reason) ↔ a small number. */
  private readonly stateIds = new Map<string, number>();
  private readonly stateList: { activity: string; reasonCode: string }[] = [];
  private readonly index = new Map<string, number>();
  private readonly historyMs: number;
  private readonly live: boolean;
  private generatedUntil: number;
  /** Extra delay for the next N generated events (the "late events" fault). */
  private late = { ms: 0, count: 0 };
  /** Agents held still from a moment on (by index): their own timeline adds nothing after it, only injected events change them. */
  private readonly held = new Map<number, number>();

  constructor(opts: FloorOptions) {
    this.stackMs = opts.stackMs ?? 30 * SECOND;
    this.releaseDelayMs = opts.releaseDelayMs ?? 0;
    this.historyMs = opts.historyMs ?? 50 * HOUR;
    this.live = opts.live ?? true;
    const rng = seededRng(opts.seed);
    this.agents = [];
    for (let i = 0; i < opts.agents; i++) {
      const agentRng = seededRng(`${opts.seed}/${i}`);
      const agent = makeAgent(rng, i);
      this.agents.push(agent);
      this.index.set(agent.agentId, i);
      const first = todaysShift(agentRng, opts.start) - (Math.ceil(this.historyMs / DAY) + 1) * DAY;
      const timeline = agentTimeline(agentRng, first);
      this.timelines.push(timeline);
      this.pending.push(timeline.next().value as Step);
      this.events.push(new Columns());
    }
    this.generatedUntil = -Infinity;
    this.generate(opts.start);
  }

  /** Releases every change up to `now` (a live floor only). */
  advanceTo(now: number): void {
    if (this.live) this.generate(now);
  }

  private stateId(activity: string, reasonCode: string): number {
    const key = `${activity}\u0000${reasonCode}`;
    let id = this.stateIds.get(key);
    if (id === undefined) {
      id = this.stateList.length;
      this.stateList.push({ activity, reasonCode });
      this.stateIds.set(key, id);
    }
    return id;
  }

  private event(i: number, at: number): SimEvent {
    const list = this.events[i]!;
    const { activity, reasonCode } = this.stateList[list.states[at]!]!;
    return { agentId: this.agents[i]!.agentId, time: list.times[at]!, activity, reasonCode, releaseAt: list.releases[at]! };
  }

  private generate(until: number) {
    if (until <= this.generatedUntil) return;
    const keepFrom = until - this.historyMs;
    for (let i = 0; i < this.timelines.length; i++) {
      const list = this.events[i]!;
      let step = this.pending[i];
      const heldFrom = this.held.get(i) ?? Infinity;
      while (step && step[0] <= until) {
        if (step[0] >= keepFrom && step[0] < heldFrom) list.insert(list.length, step[0], this.releaseOf(step[0]), this.stateId(step[1], step[2]));
        step = this.timelines[i]!.next().value as Step;
      }
      this.pending[i] = step;
      list.dropBefore(keepFrom);
    }
    this.generatedUntil = until;
  }

  /** When the feed first shows a change at `time`: the end of its 30-second stack, later for a late one. */
  private releaseOf(time: number, extraDelay = 0): number {
    let delay = extraDelay + this.releaseDelayMs;
    if (this.late.count > 0) {
      this.late.count--;
      delay += this.late.ms;
    }
    return Math.ceil(time / this.stackMs) * this.stackMs + delay;
  }

  /**
   * Holds agents still from `at` on: their generated timeline adds nothing more, so a test's
   * subject changes only by the events it injects (a live floor otherwise moves it on its own,
   * a call within the seconds a threshold needs). Unknown ids are ignored; the number held.
   */
  hold(agentIds: readonly string[], at: number): number {
    this.advanceTo(at);
    let n = 0;
    for (const id of agentIds) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      if (!this.held.has(i)) this.held.set(i, at);
      n++;
    }
    return n;
  }

  /** Delays the release of the next `count` generated or injected events by `ms`. */
  delayNext(count: number, ms: number): void {
    this.late = { ms, count };
  }

  /**
   * Adds an event, released `delayMs` after its 30-second stack, or at `releaseAt` when given.
   * Unknown agents join the floor.
   */
  inject(e: { agentId: string; time: number; activity: string; reasonCode?: string; delayMs?: number; releaseAt?: number }): SimEvent {
    let i = this.index.get(e.agentId);
    if (i === undefined) {
      i = this.agents.length;
      this.agents.push({ agentId: e.agentId, firstName: "", lastName: "" });
      this.index.set(e.agentId, i);
      this.events.push(new Columns());
      this.timelines.push((function* () {})());
      this.pending.push(undefined);
    }
    const stacked = this.releaseOf(e.time, e.delayMs ?? 0);
    const releaseAt = e.releaseAt ?? stacked;
    const list = this.events[i]!;
    let at = list.length;
    while (at > 0 && list.times[at - 1]! > e.time) at--;
    list.insert(at, e.time, releaseAt, this.stateId(e.activity, e.reasonCode ?? ""));
    return this.event(i, at);
  }

  /** What the feed answers at `now` for [from, to]: released events only, oldest first. */
  query(from: number, to: number, now: number): SimEvent[] {
    this.advanceTo(now);
    const out: SimEvent[] = [];
    this.events.forEach((list, i) => {
      // Each list is in time order: start at the first event of the window.
      for (let at = list.lowerBound(from); at < list.length && list.times[at]! <= to; at++) {
        if (list.releases[at]! <= now) out.push(this.event(i, at));
      }
    });
    return out.sort((a, b) => a.time - b.time);
  }

  /** Ground truth for tests: each agent's state as a perfect reader of the feed would see it at `now`. */
  truth(now: number, windowStart = -Infinity, instant = now): { agentId: string; activity: string; reasonCode: string; since: number; lastEventAt: number }[] {
    this.advanceTo(now);
    const out = [];
    for (let i = 0; i < this.agents.length; i++) {
      const list = this.events[i]!;
      const seen: SimEvent[] = [];
      for (let at = list.lowerBound(windowStart); at < list.length && list.times[at]! <= Math.min(now, instant); at++) {
        if (list.releases[at]! <= now) seen.push(this.event(i, at));
      }
      const last = seen[seen.length - 1];
      if (!last) continue;
      let first = seen.length - 1;
      while (first > 0 && seen[first - 1]!.activity === last.activity && seen[first - 1]!.reasonCode === last.reasonCode) first--;
      out.push({ agentId: this.agents[i]!.agentId, activity: last.activity, reasonCode: last.reasonCode, since: seen[first]!.time, lastEventAt: last.time });
    }
    return out;
  }
}
