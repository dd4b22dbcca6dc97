import "server-only";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify } from "jose";
import { formatEventTime } from "@/lib/kore/event-time";
import { SimFloor } from "./floor";

/**
 * A Kore.ai stand-in that speaks the real wire format over real HTTP, so the demo and the tests
 * take the same path as production: HS256 JWT with `appId`, the `iId` header, 60 requests per
 * minute per account, PascalCase rows with `MM/DD/YYYY H:mm:ss` wall times, 30-second stacks.
 * `/__sim/*` lets tests make it misbehave.
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
  /** History kept before now, for the drill-down's older days (default 8 days). */
  historyHours?: number;
  now?: () => number;
}

export type FaultMode =
  | "http_500"
  | "http_503"
  | "unauthorized"
  | "forbidden"
  | "rate_limit"
  | "timeout"
  | "reset"
  | "malformed_json"
  | "wrong_shape"
  | "bad_rows"
  | "huge_body";

export interface Fault {
  mode: FaultMode;
  target: "activity" | "agents" | "all";
  /** How many requests it hits; unlimited when absent. */
  remaining: number;
  retryAfterSeconds: number | null;
  delayMs: number;
  sizeBytes: number;
}

export interface RequestRecord {
  at: number;
  endpoint: "activity" | "agents";
  status: number;
}

export interface RunningSimulator {
  url: string;
  port: number;
  floor: SimFloor;
  options: SimulatorOptions;
  requests: RequestRecord[];
  setFault(fault: Partial<Fault> & { mode: FaultMode }): void;
  clearFaults(): void;
  /** Stops listening (connections are refused) until `listenAgain`, on the same port. */
  stopListening(): Promise<void>;
  listenAgain(): Promise<void>;
  close(): Promise<void>;
}

const RATE_LIMIT_MESSAGE = "You've exceeded the per-minute rate limit. Please wait for sometime before retrying.";
const FAULT_MODES = new Set<FaultMode>(["http_500", "http_503", "unauthorized", "forbidden", "rate_limit", "timeout", "reset", "malformed_json", "wrong_shape", "bad_rows", "huge_body"]);
const KORE_PATH = /^\/agentassist\/api\/public\/analytics\/account\/([^/]+)\/(agentactivity|agents)\/?$/;
const MAX_RECORDS = 5000;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

const koreError = (res: ServerResponse, status: number, msg: string, headers?: Record<string, string>) =>
  send(res, status, { errors: [{ msg, code: status }] }, headers);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : {};
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const now = options.now ?? Date.now;
  const floor = new SimFloor({
    agents: options.agents,
    seed: options.seed,
    start: now(),
    live: options.live ?? true,
    historyMs: (options.historyHours ?? 8 * 24) * 3_600_000,
  });
  const limit = options.rateLimitPerMinute ?? 60;
  const secret = new TextEncoder().encode(options.clientSecret);
  const requests: RequestRecord[] = [];
  const accepted: number[] = [];
  const seenJti = new Map<string, number>();
  let fault: Fault | null = null;

  /** Every request ever received, by endpoint; `requests` keeps only the latest ones. */
  const totals = { activity: 0, agents: 0 };

  function record(endpoint: RequestRecord["endpoint"], status: number) {
    totals[endpoint]++;
    requests.push({ at: now(), endpoint, status });
    if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
  }

  function takeFault(endpoint: RequestRecord["endpoint"]): Fault | null {
    if (!fault || (fault.target !== "all" && fault.target !== endpoint)) return null;
    const f = fault;
    if (--f.remaining <= 0) fault = null;
    return f;
  }

  async function authError(req: IncomingMessage): Promise<string | null> {
    const token = req.headers.auth;
    if (typeof token !== "string" || !token) return "error verifying the jwt: jwt must be provided";
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ["HS256"] });
      if (payload.appId !== options.clientId) return "error verifying the jwt: invalid appId";
      if (options.enforceJti) {
        const t = now();
        if (typeof payload.jti !== "string") return "error verifying the jwt: jti must be provided";
        if (typeof payload.exp !== "number" || payload.exp * 1000 > t + 3_600_000 + 5_000) return "error verifying the jwt: exp must be at most 1 hour ahead";
        for (const [jti, exp] of seenJti) if (exp < t) seenJti.delete(jti);
        if (seenJti.has(payload.jti)) return "error verifying the jwt: jti already used";
        seenJti.set(payload.jti, payload.exp * 1000);
      }
      return null;
    } catch (err) {
      return `error verifying the jwt: ${err instanceof Error ? err.message : "invalid token"}`;
    }
  }

  function applyFault(f: Fault, res: ServerResponse, req: IncomingMessage): boolean {
    switch (f.mode) {
      case "http_500":
        koreError(res, 500, "Internal Server Error");
        return true;
      case "http_503":
        koreError(res, 503, "Service Unavailable");
        return true;
      case "unauthorized":
        koreError(res, 401, "error verifying the jwt: invalid signature");
        return true;
      case "forbidden":
        koreError(res, 403, "The app is not allowed to use this API");
        return true;
      case "rate_limit":
        koreError(res, 429, RATE_LIMIT_MESSAGE, f.retryAfterSeconds === null ? {} : { "Retry-After": String(f.retryAfterSeconds) });
        return true;
      case "timeout":
        setTimeout(() => req.socket.destroy(), f.delayMs).unref();
        return true;
      case "reset":
        req.socket.destroy();
        return true;
      case "malformed_json":
        send(res, 200, `{"accountId":"${options.accountId}","AgentUpdates":[{"AgentId":`);
        return true;
      case "wrong_shape":
        send(res, 200, { status: "ok", data: "no agent updates here" });
        return true;
      case "huge_body": {
        res.writeHead(200, { "Content-Type": "application/json" });
        const chunk = " ".repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < f.sizeBytes) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end(`{"accountId":"${options.accountId}","AgentUpdates":[]}`);
        };
        res.on("error", () => undefined);
        pump();
        return true;
      }
      case "bad_rows":
        return false;
    }
  }

  async function handleKore(req: IncomingMessage, res: ServerResponse, url: URL, account: string, endpoint: RequestRecord["endpoint"]) {
    const f = takeFault(endpoint);
    if (f && applyFault(f, res, req)) {
      record(endpoint, f.mode === "timeout" || f.mode === "reset" ? 0 : res.statusCode);
      return;
    }
    const t = now();
    while (accepted.length > 0 && accepted[0]! <= t - 60_000) accepted.shift();
    if (accepted.length >= limit) {
      const retryAfter = Math.max(1, Math.ceil((accepted[0]! + 60_000 - t) / 1000));
      koreError(res, 429, RATE_LIMIT_MESSAGE, { "Retry-After": String(retryAfter) });
      return record(endpoint, 429);
    }
    accepted.push(t);
    const authProblem = await authError(req);
    if (authProblem) {
      koreError(res, 401, authProblem);
      return record(endpoint, 401);
    }
    if (req.headers.iid !== options.streamId) {
      koreError(res, 401, "Invalid iId: no such stream for this app");
      return record(endpoint, 401);
    }
    if (decodeURIComponent(account) !== options.accountId) {
      koreError(res, 404, "Account not found");
      return record(endpoint, 404);
    }
    if (endpoint === "agents") {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const size = Number(url.searchParams.get("limit") ?? 50);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(size) || size < 1) {
        koreError(res, 400, "offset and limit must be non-negative integers");
        return record(endpoint, 400);
      }
      const page = floor.agents
        .slice(offset, offset + size)
        .map((a) => ({ accountId: options.accountId, agentId: a.agentId, firstName: a.firstName, lastName: a.lastName }));
      send(res, 200, page);
      return record(endpoint, 200);
    }
    const from = Date.parse(url.searchParams.get("fromTimeStamp") ?? "");
    const to = Date.parse(url.searchParams.get("toTimeStamp") ?? "");
    if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
      koreError(res, 400, "fromTimeStamp and toTimeStamp must be ISO-8601 timestamps, from before to");
      return record(endpoint, 400);
    }
    const rows: unknown[] = floor.query(from, to, t).map((e) => ({
      AgentId: e.agentId,
      EventTime: formatEventTime(e.time, options.timeZone),
      Activity: e.activity,
      ReasonCode: e.reasonCode,
    }));
    if (f?.mode === "bad_rows") {
      rows.splice(0, 0, { AgentId: "", EventTime: "10/20/2020 2:13:12", Activity: "ready", ReasonCode: "" });
      rows.push({ AgentId: "a-bad", EventTime: "13/45/2020 25:99:99", Activity: "ready" }, "not a row", null);
    }
    send(res, 200, { accountId: options.accountId, AgentUpdates: rows });
    record(endpoint, 200);
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === "/__sim/health") return send(res, 200, { ok: true });
    if (path === "/__sim/stats" && req.method === "GET") {
      return send(res, 200, { requests: { ...totals, total: totals.activity + totals.agents }, log: requests.slice(-500) });
    }
    if (path === "/__sim/faults" && req.method === "DELETE") {
      fault = null;
      return send(res, 200, { fault: null });
    }
    if (path === "/__sim/faults" && req.method === "POST") {
      const body = (await readJson(req)) as Partial<Fault> & { count?: number };
      if (!body.mode || !FAULT_MODES.has(body.mode)) return send(res, 400, { error: `mode must be one of ${[...FAULT_MODES].join(", ")}` });
      setFault({ ...body, remaining: body.remaining ?? body.count, mode: body.mode });
      return send(res, 200, { fault });
    }
    if (path === "/__sim/events" && req.method === "POST") {
      const body = (await readJson(req)) as {
        events?: { agentId: string; time: string; activity: string; reasonCode?: string; delayMs?: number; releaseAt?: string }[];
      };
      const added = (body.events ?? []).map((e) =>
        floor.inject({ ...e, time: Date.parse(e.time), releaseAt: e.releaseAt === undefined ? undefined : Date.parse(e.releaseAt) }),
      );
      return send(res, 200, { added: added.length });
    }
    if (path === "/__sim/late" && req.method === "POST") {
      const body = (await readJson(req)) as { count?: number; delayMs?: number };
      floor.delayNext(body.count ?? 10, body.delayMs ?? 60_000);
      return send(res, 200, { ok: true });
    }
    if (path === "/__sim/truth" && req.method === "GET") {
      return send(res, 200, { now: now(), agents: floor.truth(now()) });
    }
    send(res, 404, { error: "unknown simulator control path" });
  }

  function setFault(f: Partial<Fault> & { mode: FaultMode }) {
    fault = {
      mode: f.mode,
      target: f.target ?? "activity",
      remaining: f.remaining ?? Infinity,
      retryAfterSeconds: f.retryAfterSeconds === undefined ? 2 : f.retryAfterSeconds,
      delayMs: f.delayMs ?? 120_000,
      sizeBytes: f.sizeBytes ?? 50 * 1024 * 1024,
    };
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://simulator");
    const handle = async () => {
      if (url.pathname.startsWith("/__sim/")) return handleControl(req, res, url.pathname);
      const m = KORE_PATH.exec(url.pathname);
      if (!m || req.method !== "GET") return koreError(res, 404, "Not found");
      return handleKore(req, res, url, m[1]!, m[2] === "agents" ? "agents" : "activity");
    };
    handle().catch((err: unknown) => {
      if (!res.headersSent) koreError(res, 500, err instanceof Error ? err.message : "simulator error");
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
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
    setFault,
    clearFaults: () => {
      fault = null;
    },
    close,
    stopListening: close,
    listenAgain: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve());
      }),
  };
}
