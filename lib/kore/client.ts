import "server-only";
import { log } from "@/lib/log";
import { KoreError, parseRetryAfter } from "./errors";
import type { TokenProvider } from "./jwt";
import { normalizeActivity, normalizeRosterPage, type NormalizedActivity, type NormalizedRosterPage } from "./normalize";

export interface KoreClientOptions {
  /** e.g. https://platform.kore.ai (no trailing path). */
  baseUrl: string;
  accountId: string;
  /** Sent as `iId`: the stream (app/bot) id. */
  streamId: string;
  tokens: TokenProvider;
  timeoutMs: number;
  /** IANA zone in which Kore.ai's EventTime wall times are read. */
  eventTimeZone: string;
  /** A body larger than this is refused rather than buffered. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
}

export interface KoreClient {
  fetchActivity(from: number, to: number): Promise<NormalizedActivity>;
  fetchRosterPage(offset: number, limit: number): Promise<NormalizedRosterPage>;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/** Kore.ai's query window is ISO-8601 UTC to the second, as in its sample request. */
function isoSeconds(ms: number, round: (x: number) => number): string {
  return new Date(round(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

async function readBody(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new KoreError("malformed", `Kore.ai sent a body larger than ${maxBytes} bytes.`, { status: res.status });
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new KoreError("malformed", `Kore.ai sent a body larger than ${maxBytes} bytes.`, { status: res.status });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function upstreamMessage(text: string): string | undefined {
  // Kore.ai's error shape: {"errors":[{"msg":"…","code":401}]}. Logged for the operator only.
  try {
    const parsed: unknown = JSON.parse(text);
    const first = (parsed as { errors?: { msg?: unknown }[] }).errors?.[0]?.msg;
    return typeof first === "string" ? first.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

export function createKoreClient(opts: KoreClientOptions): KoreClient {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const account = encodeURIComponent(opts.accountId);
  const doFetch = opts.fetch ?? fetch;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;

  async function koreGet(path: string, query: Record<string, string>): Promise<unknown> {
    const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
    const started = performance.now();
    let status: number | null = null;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
    try {
      const res = await doFetch(url, {
        method: "GET",
        headers: {
          auth: await opts.tokens.token(),
          iId: opts.streamId,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        signal: controller.signal,
        cache: "no-store",
      });
      status = res.status;
      const text = await readBody(res, maxBody);
      if (res.status === 401 || res.status === 403) {
        log.warn("kore refused credentials", { path, status, upstream: upstreamMessage(text) });
        throw new KoreError("unauthorized", "Kore.ai refused the credentials (check KORE_CLIENT_ID, KORE_CLIENT_SECRET or KORE_JWT, and the app's API scope).", { status });
      }
      if (res.status === 429) {
        throw new KoreError("rate_limited", "Kore.ai's per-minute rate limit for this account was exceeded.", {
          status,
          retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), Date.now()),
        });
      }
      if (res.status >= 500) {
        throw new KoreError("server", `Kore.ai answered with a server error (${res.status}).`, { status });
      }
      if (!res.ok) {
        log.warn("kore rejected request", { path, status, upstream: upstreamMessage(text) });
        throw new KoreError("client", `Kore.ai rejected the request (${res.status}); check KORE_BASE_URL, KORE_ACCOUNT_ID and KORE_STREAM_ID.`, { status });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new KoreError("malformed", "Kore.ai sent a body that is not valid JSON.", { status });
      }
    } catch (err) {
      if (err instanceof KoreError) throw err;
      if (controller.signal.aborted) {
        throw new KoreError("timeout", `Kore.ai did not answer within ${Math.round(opts.timeoutMs / 1000)} s.`);
      }
      throw new KoreError("network", "Could not reach Kore.ai (network error).");
    } finally {
      clearTimeout(timer);
      log.info("kore request", { method: "GET", path, status, ms: Math.round(performance.now() - started) });
    }
  }

  return {
    async fetchActivity(from, to) {
      const body = await koreGet(`/agentassist/api/public/analytics/account/${account}/agentactivity`, {
        // Widen to whole seconds rather than lose an event at either edge.
        fromTimeStamp: isoSeconds(from, Math.floor),
        toTimeStamp: isoSeconds(to, Math.ceil),
      });
      const result = normalizeActivity(body, opts.eventTimeZone);
      if (result.skippedTotal > 0) {
        log.warn("kore rows skipped", { skipped: result.skipped });
      }
      return result;
    },
    async fetchRosterPage(offset, limit) {
      const body = await koreGet(`/agentassist/api/public/analytics/account/${account}/agents`, {
        offset: String(offset),
        limit: String(limit),
      });
      return normalizeRosterPage(body);
    },
  };
}
