import { describe, expect, it } from "vitest";
import type { KoreClient } from "@/lib/kore/client";
import { HistoryStore } from "./history";
import { RequestBudget } from "./request-budget";

const HOUR = 3_600_000;

describe("the history reader's queue", () => {
  it("holds at most maxPending chunks pending, the newest; the rest are refused, named, and asked again later", async () => {
    let calls = 0;
    // Kore.ai that never answers: every read stays pending.
    const client: KoreClient = { fetchActivity: () => (calls++, new Promise(() => {})), fetchRosterPage: () => new Promise(() => {}) };
    const history = new HistoryStore(client, new RequestBudget(60), { chunkMs: HOUR, maxEvents: 1_000, reserve: 0, maxPending: 3, retryAfterMs: 30_000 });
    const starts = Array.from({ length: 10 }, (_, i) => i * HOUR);
    await history.load(starts, 50);
    const pending = starts.filter((s) => history.isPending(s));
    const refused = starts.filter((s) => history.failureOf(s));
    // The three newest asked for (one being read, two waiting); the seven older refused with a reason a page can show.
    expect(pending).toEqual([7 * HOUR, 8 * HOUR, 9 * HOUR]);
    expect(refused).toHaveLength(7);
    expect(history.failureOf(refused[0]!)?.message).toMatch(/Too many history reads are waiting/);
    expect(calls).toBe(1);
  });
});
