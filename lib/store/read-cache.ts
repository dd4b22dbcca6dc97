import "server-only";

/**
 * What a report read of the store last found for each agent (its events over a window and its
 * last event before it), kept compact (a time and a state id an event: 12 bytes) so the next read
 * of the same window — the reports page asked again, an adjustment made and the month judged again —
 * does not read millions of rows again. An entry holds while nothing is written into its range:
 * the store drops the entries of the agents a write reaches before their window's end (live events,
 * written after it, leave a month's entries be), and all of them on any other change of events
 * (a range read again, the history pruned). Another instance writing a shared store is not seen:
 * there an entry lasts two minutes; in an embedded store, half an hour.
 */

interface Entry {
  agent: number;
  from: number;
  to: number;
  before: number;
  times: Float64Array;
  states: Uint32Array;
  last: { time: number; state: number } | null;
  at: number;
}

/** At most this many events in all (≈ 48 MB): a month of 500 agents is about 2.5 million. */
const MAX_EVENTS = 4_000_000;

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private events = 0;

  constructor(private readonly ttlMs: number) {}

  /** The events of [from, to) and the last before `before`, when an entry read from `from` with the same `before` reaches `to`. */
  get(agentId: string, from: number, to: number, before: number, now: number): Entry | null {
    const e = this.entries.get(agentId);
    if (!e || e.from !== from || e.before !== before || e.to < to) return null;
    if (now - e.at > this.ttlMs) {
      this.drop(agentId);
      return null;
    }
    // Most recently used last: the first ones are dropped first.
    this.entries.delete(agentId);
    this.entries.set(agentId, e);
    return e;
  }

  /** Keeps a read; the entry kept (a token that lasts as long as it does), or null when it is too large to keep. */
  put(agentId: string, entry: Omit<Entry, "at">, now: number): object | null {
    if (entry.times.length > MAX_EVENTS / 4) return null;
    this.drop(agentId);
    const kept = { ...entry, at: now };
    this.entries.set(agentId, kept);
    this.events += entry.times.length;
    for (const id of this.entries.keys()) {
      if (this.events <= MAX_EVENTS) break;
      this.drop(id);
    }
    return this.entries.get(agentId) === kept ? kept : null;
  }

  /** A write reached the agent at or after `earliest`: its entry goes if that is before the entry's end. */
  written(agentId: string, earliest: number): void {
    const e = this.entries.get(agentId);
    if (e && earliest < e.to) this.drop(agentId);
  }

  clear(): void {
    this.entries.clear();
    this.events = 0;
  }

  get size(): number {
    return this.events;
  }

  private drop(agentId: string): void {
    const e = this.entries.get(agentId);
    if (!e) return;
    this.entries.delete(agentId);
    this.events -= e.times.length;
  }
}
