import type { IncomingMessage, ServerResponse } from "node:http";
import { RATE_LIMIT_MESSAGE } from "./auth";
import { koreError, send } from "./wire";

/** What tests can make the simulated Kore.ai do wrong (`POST /__sim/faults`). */
export type FaultMode =
  | "bad_request"
  | "not_found_html"
  | "html_200"
  | "echo_token"
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

export const FAULT_MODES: ReadonlySet<FaultMode> = new Set(["bad_request", "not_found_html", "html_200", "echo_token", "http_500", "http_503", "unauthorized", "forbidden", "rate_limit", "timeout", "reset", "malformed_json", "wrong_shape", "bad_rows", "huge_body"]);

export type Endpoint = "activity" | "agents";

export interface Fault {
  mode: FaultMode;
  target: Endpoint | "all";
  /** How many requests it hits; unlimited when absent. */
  remaining: number;
  retryAfterSeconds: number | null;
  delayMs: number;
  sizeBytes: number;
}

/** The fault in force, if any, used up request by request. */
export class Faults {
  private fault: Fault | null = null;

  get current(): Fault | null {
    return this.fault;
  }

  set(f: Partial<Fault> & { mode: FaultMode }): void {
    this.fault = {
      mode: f.mode,
      target: f.target ?? "activity",
      remaining: f.remaining ?? Infinity,
      retryAfterSeconds: f.retryAfterSeconds === undefined ? 2 : f.retryAfterSeconds,
      delayMs: f.delayMs ?? 120_000,
      sizeBytes: f.sizeBytes ?? 50 * 1024 * 1024,
    };
  }

  clear(): void {
    this.fault = null;
  }

  /** The fault for this request, counting it; null when none applies. */
  take(endpoint: Endpoint): Fault | null {
    const f = this.fault;
    if (!f || (f.target !== "all" && f.target !== endpoint)) return null;
    if (--f.remaining <= 0) this.fault = null;
    return f;
  }
}

/** Answers the request as the fault says; false when the fault only changes a normal answer (bad rows). */
export function answerWithFault(f: Fault, req: IncomingMessage, res: ServerResponse, accountId: string): boolean {
  switch (f.mode) {
    case "bad_request":
      // Another product's error shape: Kore.ai's bodies differ between its APIs.
      send(res, 400, { success: false, error: { code: "InvalidParameter", message: "toTimeStamp must not be more than 24 hours after fromTimeStamp" } });
      return true;
    case "not_found_html":
      res.writeHead(404, { "Content-Type": "text/html" });
      res.end("<html><body><h1>404 Not Found</h1><p>nginx</p></body></html>");
      return true;
    case "html_200":
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<!doctype html><html><head><title>Sign in · Kore.ai</title></head><body>Please sign in</body></html>");
      return true;
    case "echo_token":
      // A careless upstream that repeats the token it refused: never kept, never logged.
      koreError(res, 401, `error verifying the jwt: ${String(req.headers.auth ?? "")}`);
      return true;
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
      send(res, 200, `{"accountId":"${accountId}","AgentUpdates":[{"AgentId":`);
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
        res.end(`{"accountId":"${accountId}","AgentUpdates":[]}`);
      };
      res.on("error", () => undefined);
      pump();
      return true;
    }
    case "bad_rows":
      return false;
  }
}

/** Rows a careless upstream might send among good ones: every one of them must be skipped and counted. */
export function withBadRows(rows: unknown[]): unknown[] {
  return [{ AgentId: "", EventTime: "10/20/2020 2:13:12", Activity: "ready", ReasonCode: "" }, ...rows, { AgentId: "a-bad", EventTime: "13/45/2020 25:99:99", Activity: "ready" }, "not a row", null];
}
