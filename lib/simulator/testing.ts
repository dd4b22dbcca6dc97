import { createKoreClient, type KoreClient } from "@/lib/kore/client";
import { createTokenProvider } from "@/lib/kore/jwt";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "@/lib/simulator/server";

/** A simulator on a loopback port and a client that reaches it over real HTTP. */
export async function simulatorWithClient(
  overrides: Partial<SimulatorOptions> = {},
  clientOverrides: { timeoutMs?: number; maxBodyBytes?: number; enforceJti?: boolean; clientSecret?: string } = {},
): Promise<{ sim: RunningSimulator; client: KoreClient }> {
  const sim = await startSimulator({
    agents: 30,
    seed: "integration",
    accountId: "acc-1",
    streamId: "st-1",
    clientId: "cs-test",
    clientSecret: "test-secret-0123456789abcdef0123456789",
    timeZone: "Asia/Kolkata",
    live: false,
    ...overrides,
  });
  const client = createKoreClient({
    baseUrl: sim.url,
    accountId: sim.options.accountId,
    streamId: sim.options.streamId,
    tokens: createTokenProvider({
      kind: "signed",
      clientId: sim.options.clientId,
      clientSecret: clientOverrides.clientSecret ?? sim.options.clientSecret,
      enforceJti: clientOverrides.enforceJti ?? sim.options.enforceJti ?? false,
    }),
    timeoutMs: clientOverrides.timeoutMs ?? 5_000,
    maxBodyBytes: clientOverrides.maxBodyBytes,
    eventTimeZone: sim.options.timeZone,
  });
  return { sim, client };
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
