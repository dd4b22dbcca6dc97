import { afterEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/lib/simulator/server";
import { simulatorWithClient } from "@/test/simulator";
import { KoreError } from "./errors";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function failure(p: Promise<unknown>): Promise<KoreError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof KoreError) return err;
    throw err;
  }
  expect.fail("expected a KoreError, but the call succeeded");
}

const HOUR = 3_600_000;

describe("Kore.ai client against the simulator over HTTP", () => {
  it("reads the activity feed and the roster in our own shape", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    const now = Date.now();
    const { events, skippedTotal } = await s.client.fetchActivity(now - 12 * HOUR, now);
    expect(skippedTotal).toBe(0);
    expect(events.length).toBeGreaterThan(100);
    const e = events[0]!;
    expect(e).toEqual({ agentId: expect.stringMatching(/^a-/), time: expect.any(Number), activity: expect.any(String), reasonCode: e.reasonCode });
    // The simulator writes Asia/Kolkata wall time; read back, it is the real instant.
    const truth = sim.floor.query(now - 12 * HOUR, now, now);
    expect(events.map((x) => x.time)).toEqual(truth.map((x) => x.time));
    const page = await s.client.fetchRosterPage(0, 20);
    expect(page.agents).toHaveLength(20);
    expect(page.agents[0]!.firstName).not.toBe("");
  });

  it("signs a fresh jti per request when the tenant enforces JTI", async () => {
    const s = await simulatorWithClient({ enforceJti: true });
    sim = s.sim;
    const now = Date.now();
    await s.client.fetchActivity(now - HOUR, now);
    await expect(s.client.fetchActivity(now - HOUR, now)).resolves.toBeDefined();
  });

  it("turns refused credentials into an unauthorized error", async () => {
    const s = await simulatorWithClient({}, { clientSecret: "not-the-right-secret-at-all-0000000" });
    sim = s.sim;
    const err = await failure(s.client.fetchActivity(Date.now() - HOUR, Date.now()));
    expect(err.kind).toBe("unauthorized");
    expect(err.status).toBe(401);
  });

  it("turns a 429 into rate_limited with its Retry-After", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    sim.setFault({ mode: "rate_limit", retryAfterSeconds: 7, remaining: 1 });
    const err = await failure(s.client.fetchActivity(Date.now() - HOUR, Date.now()));
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBe(7000);
  });

  it("enforces the account's 60 requests a minute, as Kore.ai does", async () => {
    const s = await simulatorWithClient({ rateLimitPerMinute: 3 });
    sim = s.sim;
    const now = Date.now();
    for (let i = 0; i < 3; i++) await s.client.fetchRosterPage(0, 5);
    const err = await failure(s.client.fetchActivity(now - HOUR, now));
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBeGreaterThan(0);
  });

  it("types server errors, timeouts, dropped connections and bad bodies", async () => {
    const s = await simulatorWithClient({}, { timeoutMs: 300, maxBodyBytes: 1024 * 1024 });
    sim = s.sim;
    const call = () => s.client.fetchActivity(Date.now() - HOUR, Date.now());
    const cases: [Parameters<RunningSimulator["setFault"]>[0], string][] = [
      [{ mode: "http_503" }, "server"],
      [{ mode: "timeout", delayMs: 2_000 }, "timeout"],
      [{ mode: "reset" }, "network"],
      [{ mode: "malformed_json" }, "malformed"],
      [{ mode: "wrong_shape" }, "malformed"],
      [{ mode: "huge_body", sizeBytes: 4 * 1024 * 1024 }, "malformed"],
    ];
    for (const [fault, kind] of cases) {
      sim.setFault({ ...fault, remaining: 1 });
      const err = await failure(call());
      expect(err.kind, fault.mode).toBe(kind);
      // A safe message: never the upstream body.
      expect(err.message).not.toMatch(/Internal|AgentUpdates|errors/);
    }
    await expect(call()).resolves.toBeDefined();
  });

  it("refuses a 50 MB body as it streams in, never holding it whole", async () => {
    const s = await simulatorWithClient({}, { maxBodyBytes: 8 * 1024 * 1024 });
    sim = s.sim;
    // What the process holds, Buffers included (a buffered body lives there, not on the JS heap).
    const held = () => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    gc!();
    const before = held();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, held())), 2);
    sim.setFault({ mode: "huge_body", sizeBytes: 50 * 1024 * 1024, remaining: 1 });
    const err = await failure(s.client.fetchActivity(Date.now() - HOUR, Date.now()));
    clearInterval(sampler);
    peak = Math.max(peak, held());
    expect(err.kind).toBe("malformed");
    expect(err.message).toMatch(/larger than 8388608 bytes/);
    // The 8 MB read, the simulator's own write buffers and garbage not yet collected: 20–30 MB here.
    // A client that read the body whole (limit 64 MB) peaks at 105–155 MB: never less than the body.
    expect(peak - before).toBeLessThan(50 * 1024 * 1024);
  });

  it("skips and counts bad rows, keeping the good ones", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    const now = Date.now();
    const clean = await s.client.fetchActivity(now - HOUR, now);
    sim.setFault({ mode: "bad_rows", remaining: 1 });
    const dirty = await s.client.fetchActivity(now - HOUR, now);
    expect(dirty.skippedTotal).toBe(4);
    expect(dirty.events).toEqual(clean.events);
  });
});
