import type { ActivityEvent, AgentState } from "./types";

export interface AddResult {
  added: number;
  duplicates: number;
}

/**
 * An agent's events in time order, as two parallel typed arrays: times, and each event's
 * (activity, reason code) as a small number. Hundreds of thousands of events then cost the
 * garbage collector a handful of objects instead of two per event (an object and its boxed
 * time), which keeps a full collection short enough not to stall requests on a single core.
 */
class AgentEvents {
  times = new Float64Array(8);
  states = new Uint32Array(8);
  /** Live events are [start, end). */
  start = 0;
  end = 0;
  /** Goes up with every event inserted: what was computed from this agent's events is still true while it stays. */
  revision = 0;

  get length(): number {
    return this.end - this.start;
  }

  /** Index (absolute) of the first event whose time is > `time`. */
  upperBound(time: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index (absolute) of the first event whose time is >= `time`. */
  lowerBound(time: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** True when an event with this time and state is held. */
  holds(time: number, state: number): boolean {
    for (let i = this.upperBound(time) - 1; i >= this.start && this.times[i] === time; i--) {
      if (this.states[i] === state) return true;
    }
    return false;
  }

  insert(at: number, time: number, state: number): void {
    if (this.end === this.times.length) this.grow();
    if (at < this.end) {
      this.times.copyWithin(at + 1, at, this.end);
      this.states.copyWithin(at + 1, at, this.end);
    }
    this.times[at] = time;
    this.states[at] = state;
    this.end++;
    this.revision++;
  }

  /** Makes room at the end: reclaims pruned slots first, else doubles. */
  private grow(): void {
    const live = this.length;
    if (this.start > 0 && live < this.times.length / 2) {
      this.times.copyWithin(0, this.start, this.end);
      this.states.copyWithin(0, this.start, this.end);
    } else {
      const times = new Float64Array(this.times.length * 2);
      const states = new Uint32Array(this.times.length * 2);
      times.set(this.times.subarray(this.start, this.end));
      states.set(this.states.subarray(this.start, this.end));
      this.times = times;
      this.states = states;
    }
    this.start = 0;
    this.end = live;
  }
}

/**
 * Every agent's events in time order, de-duplicated on (agentId, time, activity, reasonCode).
 *
 * Kore.ai releases events in 30-second stacks, so a poll can bring an event older than ones
 * already held; it is inserted in place. Events with the same time keep their arrival order.
 */
export class EventLog {
  private readonly byAgent = new Map<string, AgentEvents>();
  /** (activity, reason code) ↔ a small number: a floor has a few dozen distinct states. */
  private readonly stateIds = new Map<string, number>();
  private readonly stateList: { activity: string; reasonCode: string | null }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  private stateId(activity: string, reasonCode: string | null): number {
    // \u0001 stands for "no code", which no code sent as text can be.
    const key = `${activity}\u0000${reasonCode ?? "\u0001"}`;
    let id = this.stateIds.get(key);
    if (id === undefined) {
      id = this.stateList.length;
      this.stateList.push({ activity, reasonCode });
      this.stateIds.set(key, id);
    }
    return id;
  }

  add(events: Iterable<ActivityEvent>): AddResult {
    let added = 0;
    let duplicates = 0;
    for (const e of events) {
      let list = this.byAgent.get(e.agentId);
      if (!list) {
        list = new AgentEvents();
        this.byAgent.set(e.agentId, list);
      }
      const state = this.stateId(e.activity, e.reasonCode);
      // Fast path: the feed is mostly in order.
      const newest = list.end > list.start ? list.times[list.end - 1]! : -Infinity;
      if (e.time > newest) {
        list.insert(list.end, e.time, state);
        added++;
        continue;
      }
      if (list.holds(e.time, state)) {
        duplicates++;
        continue;
      }
      list.insert(list.upperBound(e.time), e.time, state);
      added++;
    }
    this.count += added;
    return { added, duplicates };
  }

  /**
   * The events `add` would add: not held yet, and each once. A shared log publishes these before
   * it adds them, so nothing is held here that the other instances could miss.
   */
  missing(events: Iterable<ActivityEvent>): ActivityEvent[] {
    const out: ActivityEvent[] = [];
    const batch = new Set<string>();
    for (const e of events) {
      const list = this.byAgent.get(e.agentId);
      const id = this.stateIds.get(`${e.activity}\u0000${e.reasonCode ?? "\u0001"}`);
      if (list && id !== undefined && list.holds(e.time, id)) continue;
      const key = `${e.agentId}\u0000${e.time}\u0000${e.activity}\u0000${e.reasonCode ?? "\u0001"}`;
      if (batch.has(key)) continue;
      batch.add(key);
      out.push(e);
    }
    return out;
  }

  has(agentId: string): boolean {
    return this.byAgent.has(agentId);
  }

  /** Changes whenever an event of the agent is added (-1: none held). */
  revisionOf(agentId: string): number {
    return this.byAgent.get(agentId)?.revision ?? -1;
  }

  agentIds(): IterableIterator<string> {
    return this.byAgent.keys();
  }

  /** The current state: `since` is the first event of the newest run of identical states. */
  stateOf(agentId: string): AgentState | null {
    const list = this.byAgent.get(agentId);
    if (!list || list.end === list.start) return null;
    const lastAt = list.end - 1;
    const state = list.states[lastAt]!;
    let first = lastAt;
    while (first > list.start && list.states[first - 1] === state) first--;
    const { activity, reasonCode } = this.stateList[state]!;
    return { activity, reasonCode, since: list.times[first]!, lastEventAt: list.times[lastAt]! };
  }

  /**
   * The time of the agent's first event after `time`, or null. A live answer judged at `time`
   * holds only until then: an event can be stamped ahead of this clock (Kore.ai's clock a few
   * seconds ahead, a read whose end rounds up), and it changes the picture when its time comes
   * though no new event arrives then.
   */
  nextEventAfter(agentId: string, time: number): number | null {
    const list = this.byAgent.get(agentId);
    if (!list || list.end === list.start || list.times[list.end - 1]! <= time) return null;
    return list.times[list.upperBound(time)]!;
  }

  /** Events of one agent with from <= time < to, oldest first. */
  eventsOf(agentId: string, from = -Infinity, to = Infinity): ActivityEvent[] {
    const list = this.byAgent.get(agentId);
    if (!list) return [];
    const out: ActivityEvent[] = [];
    for (let i = list.lowerBound(from), end = list.lowerBound(to); i < end; i++) {
      const { activity, reasonCode } = this.stateList[list.states[i]!]!;
      out.push({ agentId, time: list.times[i]!, activity, reasonCode });
    }
    return out;
  }

  /**
   * Drops events older than `cutoff`, keeping for each agent the run of identical states in
   * progress at the cutoff as its first and last event: an agent logged out since yesterday keeps
   * its real state and `since`, and memory holds at most two events per agent from before it.
   */
  prune(cutoff: number): number {
    let dropped = 0;
    for (const list of this.byAgent.values()) {
      const keepFrom = list.lowerBound(cutoff);
      if (keepFrom - list.start <= 2) continue;
      const last = keepFrom - 1;
      const state = list.states[last]!;
      let first = last;
      while (first > list.start && list.states[first - 1] === state) first--;
      if (first === last) {
        dropped += last - list.start;
        list.start = last;
        continue;
      }
      if (last - first === 1 && first === list.start) continue;
      dropped += last - 1 - list.start;
      list.times[last - 1] = list.times[first]!;
      list.states[last - 1] = state;
      list.start = last - 1;
    }
    this.count -= dropped;
    return dropped;
  }
}
