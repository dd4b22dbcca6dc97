import "server-only";
import { randomBytes } from "node:crypto";
import type { Config, KoreTarget } from "@/lib/config";
import { createKoreClient, type KoreClient, type KoreExchange } from "@/lib/kore/client";
import { createTokenProvider } from "@/lib/kore/jwt";
import { startSimulator, type RunningSimulator } from "@/lib/simulator";

/**
 * The tenant Floorview reads, as the server and `npm run probe` both set it up: the one configured
 * (KORE_*), or the built-in simulator on loopback with credentials made up for this start.
 */

/** Starts the built-in simulator (no KORE_BASE_URL); `historyHours` overrides SIM_HISTORY_HOURS. */
export async function embeddedSimulator(config: Config, historyHours = config.simulator.historyHours): Promise<{ target: KoreTarget; simulator: RunningSimulator }> {
  const clientId = `cs-${randomBytes(8).toString("hex")}`;
  const clientSecret = randomBytes(32).toString("base64url");
  const simulator = await startSimulator({
    port: config.simulator.port,
    agents: config.simulator.agents,
    seed: config.simulator.seed,
    historyHours,
    accountId: "sim-account",
    streamId: "st-simulator",
    clientId,
    clientSecret,
    timeZone: config.simulator.timeZone,
    ...(config.simulator.dialect && { dialect: config.simulator.dialect }),
  });
  return {
    simulator,
    target: {
      baseUrl: simulator.url,
      accountId: "sim-account",
      streamId: "st-simulator",
      jwt: { kind: "signed", clientId, clientSecret, enforceJti: false },
    },
  };
}

/** The Kore.ai client for `target` with the configured reading, limits and the secret kept out of every body it keeps. */
export function koreClientFor(config: Config, target: KoreTarget, onExchange?: (x: KoreExchange) => void): KoreClient {
  return createKoreClient({
    baseUrl: target.baseUrl,
    accountId: target.accountId,
    streamId: target.streamId,
    tokens: createTokenProvider(target.jwt),
    timeoutMs: config.requestTimeoutMs,
    eventTimeZone: config.eventTimeZone,
    reading: config.eventReading,
    secrets: target.jwt.kind === "signed" ? [target.jwt.clientSecret] : [target.jwt.token],
    ...(onExchange && { onExchange }),
    maxBodyBytes: config.maxBodyBytes,
  });
}
