import "server-only";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtChecker, RateLimit } from "./auth";
import { parseDialect, PLAIN } from "./dialect";
import { Faults, type Endpoint, type Fault, type FaultMode } from "./faults";
import { SimFloor } from "./floor";
import { sampleLabelsFor } from "./labels";
import { route, type SimContext } from "./routes";
import { koreError } from "./wire";

/**
 * A Kore.ai stand-in that speaks the real wire format over real HTTP, so the demo and the tests
 * take the same path as production: HS256 JWT with `appId`, the `iId` header, 60 requests per
 * minute per account, PascalCase rows with `MM/DD/YYYY H:mm:ss` wall times, 30-second stacks.
 * `/__sim/*` lets tests make it misbehave and tells them the truth. Its parts: the floor
 * (floor.ts), Kore.ai's JWT check and rate limit (auth.ts), faults (faults.ts), the wire
 * format (wire.ts), the routes (routes.ts) and the truth tests compare with (truth.ts).
 */

export interface SimulatorOptions {
  host?: string;
  port?: number;
  agents: number;
  seed: string;
  accountId: string;
  streamId: string;
  clientId: string;
  clientSecret: string;
  /** Kore.ai's "Enforce JTI": every token needs a fresh jti and an exp at most 1 h ahead. */
  enforceJti?: boolean;
  /** The zone whose wall time EventTime is written in. */
  timeZone: string;
  rateLimitPerMinute?: number;
  live?: boolean;
  /** How this tenant differs from Kore.ai's page: SIM_DIALECT's words (lib/simulator/dialect.ts). */
  dialect?: string;
  /** History kept before now, for the drill-down's older days (default 8 days). */
  historyHours?: number;
  now?: () => number;
}

export type { Fault, FaultMode };

export interface RequestRecord {
  at: number;
  endpoint: Endpoint;
  status: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  floor: SimFloor;
  options: SimulatorOptions;
  requests: RequestRecord[];
  /** The labels config the simulator ships, its agents dealt into teams (JSON text). */
  sampleLabels(): string;
  setFault(fault: Partial<Fault> & { mode: FaultMode }): void;
  clearFaults(): void;
  /** Stops listening (connections are refused) until `listenAgain`, on the same port. */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  close(): Promise<void>;
}

const MAX_RECORDS = 5000;

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const dialect = options.dialect ? parseDialect(options.dialect) : PLAIN;
  const floor = new SimFloor({ agents: options.agents, seed: options.seed, start: now(), live: options.live ?? true, historyMs: (options.historyHours ?? 8 * 24) * 3_600_000, releaseDelayMs: dialect.lateMs });
  const faults = new Faults();
  const requests: RequestRecord[] = [];
  /** Every request ever received, by endpoint; `requests` keeps only the latest ones. */
  const totals = { activity: 0, agents: 0 };
  const ctx: SimContext = {
    floor,
    faults,
    rateLimit: new RateLimit(options.rateLimitPerMinute ?? 60, now),
    checkJwt: jwtChecker({ clientId: options.clientId, clientSecret: options.clientSecret, enforceJti: options.enforceJti, now }),
    accountId: options.accountId,
    streamId: options.streamId,
    timeZone: options.timeZone,
    dialect,
    now,
    record(endpoint, status) {
      totals[endpoint]++;
      requests.push({ at: now(), endpoint, status });
      if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
    },
    stats: () => ({ requests: { ...totals, total: totals.activity + totals.agents }, log: requests.slice(-500) }),
  };

  const server = createServer((req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      if (!res.headersSent) koreError(res, 500, err instanceof Error ? err.message : "simulator error");
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    floor,
    options,
    requests,
    sampleLabels: () => sampleLabelsFor(floor.agents),
    setFault: (f) => faults.set(f),
    clearFaults: () => faults.clear(),
    close,
    stopListening: close,
    listenAgain: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve());
      }),
  };
}
