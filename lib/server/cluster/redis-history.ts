import "server-only";
import type { Redis } from "ioredis";
import type { ActivityEvent } from "@/lib/activity/types";
import type { SharedChunks } from "../feed/history";
import { decodeEvents, encodeEvents, type ClusterKeys } from "./codec";

/**
 * How long a shared history chunk stays in Redis: long enough for the supervisors' drill-downs
 * spread over every instance to read a day once, short enough that Redis does not fill with
 * weeks of a large floor (a 6-hour chunk of 5,000 agents is about 14 MB).
 */
const KEEP_SECONDS = 3_600;

/** Closed chunks of older history, shared by every instance through Redis. */
export class RedisHistoryChunks implements SharedChunks {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Pick<ClusterKeys, "history">,
  ) {}

  async get(start: number): Promise<ActivityEvent[] | null> {
    const text = await this.redis.get(this.keys.history(start));
    if (text === null) return null;
    const { events, skipped } = decodeEvents(text);
    return skipped > 0 ? null : events;
  }

  async put(start: number, events: readonly ActivityEvent[]): Promise<void> {
    await this.redis.set(this.keys.history(start), encodeEvents(events), "EX", KEEP_SECONDS);
  }
}
