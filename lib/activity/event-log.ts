import type { ActivityEvent, AgentState } from "./types";

interface StoredEvent {
  time: number;
  activity: string;
  reasonCode: string | null;
}

export interface AddResult {
  added: number;
  duplicates: number;
}

function sameState(a: StoredEvent, b: StoredEvent): boolean {
  return a.activity === b.activity && a.reasonCode === b.reasonCode;
}

/** Index of the first event whose time is > `time`. */
function upperBound(events: StoredEvent[], time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.time <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first event whose time is >= `time`. */
function lowerBound(events: StoredEvent[], time: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every agent's events in time order, de-duplicated on (agentId, time, activity, reasonCode).
 *
 * Kore.ai releases events in 30-second stacks, so a poll can bring an event older than ones
 * already held; it is inserted in place. Events with the same time keep their arrival order.
 */
export class EventLog {
  private readonly byAgent = new Map<string, StoredEvent[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(events: Iterable<ActivityEvent>): AddResult {
    let added = 0;
    let duplicates = 0;
    for (const e of events) {
      let list = this.byAgent.get(e.agentId);
      if (!list) {
        list = [];
        this.byAgent.set(e.agentId, list);
      }
      const stored: StoredEvent = { time: e.time, activity: e.activity, reasonCode: e.reasonCode };
      const last = list[list.length - 1];
      // Fast path: the feed is mostly in order.
      const at = last === undefined || e.time > last.time ? list.length : upperBound(list, e.time);
      let dup = false;
      for (let i = at - 1; i >= 0 && list[i]!.time === e.time; i--) {
        if (sameState(list[i]!, stored)) {
          dup = true;
          break;
        }
      }
      if (dup) {
        duplicates++;
        continue;
      }
      if (at === list.length) list.push(stored);
      else list.splice(at, 0, stored);
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
      if (list) {
        let held = false;
        for (let i = upperBound(list, e.time) - 1; i >= 0 && list[i]!.time === e.time; i--) {
          if (sameState(list[i]!, e)) {
            held = true;
            break;
          }
        }
        if (held) continue;
      }
      const key = `${e.agentId}\u0000${e.time}\u0000${e.activity}\u0000${e.reasonCode ?? ""}\u0001${e.reasonCode === null ? 0 : 1}`;
      if (batch.has(key)) continue;
      batch.add(key);
      out.push(e);
    }
    return out;
  }

  has(agentId: string): boolean {
    return this.byAgent.has(agentId);
  }

  agentIds(): IterableIterator<string> {
    return this.byAgent.keys();
  }

  /** The current state: `since` is the first event of the newest run of identical states. */
  stateOf(agentId: string): AgentState | null {
    const list = this.byAgent.get(agentId);
    const last = list?.[list.length - 1];
    if (!list || !last) return null;
    let first = list.length - 1;
    while (first > 0 && sameState(list[first - 1]!, last)) first--;
    return {
      activity: last.activity,
      reasonCode: last.reasonCode,
      since: list[first]!.time,
      lastEventAt: last.time,
    };
  }

  /** Events of one agent with from <= time < to, oldest first. */
  eventsOf(agentId: string, from = -Infinity, to = Infinity): ActivityEvent[] {
    const list = this.byAgent.get(agentId) ?? [];
    const start = lowerBound(list, from);
    const end = lowerBound(list, to);
    return list.slice(start, end).map((e) => ({ agentId, ...e }));
  }

  /**
   * Drops events older than `cutoff`, so memory follows the retention window and the picture is
   * the one a fresh start would rebuild from a backfill of the same window.
   */
  prune(cutoff: number): number {
    let dropped = 0;
    for (const [agentId, list] of this.byAgent) {
      const keepFrom = lowerBound(list, cutoff);
      if (keepFrom === 0) continue;
      dropped += keepFrom;
      if (keepFrom === list.length) this.byAgent.delete(agentId);
      else list.splice(0, keepFrom);
    }
    this.count -= dropped;
    return dropped;
  }
}
