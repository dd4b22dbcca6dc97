import { afterEach, describe, expect, it } from "vitest";
import type { RunningSimulator } from "@/lib/simulator/server";
import { simulatorWithClient } from "@/test/simulator";
import { freePort } from "@/test/redis";
import { createKoreClient } from "./client";
import { KoreError } from "./errors";
import { createTokenProvider } from "./jwt";

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

  it("says what Kore.ai said, redacted, and tells a rejected request, a missing address, an unreadable answer and a dead host apart", async () => {
    const s = await simulatorWithClient();
    sim = s.sim;
    const now = Date.now();
    const call = () => failure(s.client.fetchActivity(now - HOUR, now));
    sim.setFault({ mode: "bad_request", remaining: 1 });
    const rejected = await call();
    expect(rejected).toMatchObject({ kind: "client", status: 400 });
    expect(rejected.message).toMatch(/^Kore\.ai rejected the request \(400\)/);
    expect(rejected.upstream).toContain("toTimeStamp must not be more than 24 hours");
    sim.setFault({ mode: "not_found_html", remaining: 1 });
    const missing = await call();
    expect(missing).toMatchObject({ kind: "client", status: 404 });
    expect(missing.message).toContain("no such address (404): check KORE_BASE_URL and KORE_ACCOUNT_ID");
    expect(missing.upstream).toContain("404 Not Found");
    sim.setFault({ mode: "html_200", remaining: 1 });
    const unreadable = await call();
    expect(unreadable).toMatchObject({ kind: "malformed", status: 200 });
    expect(unreadable.message).toContain("answered something unreadable (not JSON, text/html)");
    expect(unreadable.upstream).toContain("Please sign in");
    sim.setFault({ mode: "echo_token", remaining: 1 });
    const refused = await call();
    expect(refused).toMatchObject({ kind: "unauthorized", status: 401 });
    expect(refused.message).toContain("KORE_CLIENT_ID");
    expect(refused.upstream).toContain("error verifying the jwt: [redacted");
    expect(refused.upstream).not.toMatch(/eyJ[\w-]+\./);
    // A host that refuses connections: the cause, not "cannot be reached" alone.
    const closed = await freePort();
    const dead = await failure(createKoreClient({ baseUrl: `http://127.0.0.1:${closed}`, accountId: "a", streamId: "s", tokens: createTokenProvider({ kind: "static", token: "t" }), timeoutMs: 2_000, eventTimeZone: "UTC" }).fetchActivity(now - HOUR, now));
    expect(dead.kind).toBe("network");
    expect(dead.message).toBe("Kore.ai cannot be reached: the connection was refused: check KORE_BASE_URL's host and port.");
    const unresolvable = await failure(createKoreClient({ baseUrl: "http://floorview-no-such-host.invalid", accountId: "a", streamId: "s", tokens: createTokenProvider({ kind: "static", token: "t" }), timeoutMs: 5_000, eventTimeZone: "UTC" }).fetchActivity(now - HOUR, now));
    expect(unresolvable.message).toBe("Kore.ai cannot be reached: the host name does not resolve (DNS): check KORE_BASE_URL.");
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
