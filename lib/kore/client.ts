import "server-only";
import { log } from "@/lib/log";
import { KoreError, parseRetryAfter, redact, saysRateLimited, type KoreErrorKind } from "./errors";
import type { AskedWindow, EventTimeReading } from "./event-time";
import type { TokenProvider } from "./jwt";
import { excerpt, normalizeActivity, normalizeRosterPage, type NormalizedActivity, type NormalizedRosterPage } from "./normalize";

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
  /** How zone-less EventTimes are read (zone, clock, date order); default: `eventTimeZone`, 24-hour, month first. */
  reading?: EventTimeReading;
  /** Values cut out of any body kept for diagnostics (the client secret). */
  secrets?: readonly string[];
  /** Told of every request and its answer: what diagnostics and the probe show. */
  onExchange?: (exchange: KoreExchange) => void;
  /** A body larger than this is refused rather than buffered. */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
}

/** One read of the activity feed: the events, and (from the real client) what the answer looked like. */
export type ActivityRead = Pick<NormalizedActivity, "events" | "skipped" | "skippedTotal"> &
  Partial<Omit<NormalizedActivity, "events" | "skipped" | "skippedTotal">> & {
    window?: AskedWindow;
    /** Set when Kore.ai capped an answer (hasMore, or totalCount above its rows) and it was read in full by paging or smaller windows. */
    capped?: { rows: number; totalCount: number | null };
  };

export interface FetchOptions {
  /**
   * Asked before each request beyond the first (a capped answer's next page, or a smaller window):
   * resolves when the request budget allows it, false when the caller has stopped.
   */
  beforeExtraCall?: () => Promise<boolean>;
}

export interface KoreClient {
  /** How this client reads EventTime (absent on a test's stand-in). */
  readonly reading?: EventTimeReading;
  fetchActivity(from: number, to: number, options?: FetchOptions): Promise<ActivityRead>;
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

/** What a failed fetch's cause says, in words an operator can act on. */
function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: string } | null)?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "the host name does not resolve (DNS): check KORE_BASE_URL";
  if (code === "ECONNREFUSED") return "the connection was refused: check KORE_BASE_URL's host and port";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "the connection was reset";
  if (code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT") return "the connection timed out";
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) return `the TLS certificate was refused (${code}): check KORE_BASE_URL, or the machine's trusted certificates (NODE_EXTRA_CA_CERTS)`;
  return code ? `network error (${code})` : "network error";
}

/** One request to Kore.ai and what came back, as an operator needs to see it (no token, redacted body). */
export interface KoreExchange {
  endpoint: "activity" | "agents";
  path: string;
  query: Record<string, string>;
  at: number;
  ms: number;
  status: number | null;
  contentType: string | null;
  /** Retry-After and any rate-limit headers, as sent. */
  headers: Record<string, string>;
  /** The start of the body, redacted, at most ~300 characters; null when none was read. */
  bodyExcerpt: string | null;
  error: { kind: KoreErrorKind; message: string } | null;
}

const MAX_PAGES = 100;

/** Reads of one window (pages or parts) as one. */
function merge(parts: readonly NormalizedActivity[]): NormalizedActivity {
  const skipped: NormalizedActivity["skipped"] = {};
  const skipExamples: NormalizedActivity["skipExamples"] = {};
  const forms: NormalizedActivity["forms"] = {};
  for (const p of parts) {
    for (const [k, n] of Object.entries(p.skipped) as [keyof typeof skipped, number][]) skipped[k] = (skipped[k] ?? 0) + n;
    for (const [k, v] of Object.entries(p.skipExamples) as [keyof typeof skipExamples, string][]) skipExamples[k] ??= v;
    for (const [k, n] of Object.entries(p.forms) as [keyof typeof forms, number][]) forms[k] = (forms[k] ?? 0) + n;
  }
  const last = parts.at(-1)!;
  return {
    events: parts.flatMap((p) => p.events),
    skipped,
    skippedTotal: parts.reduce((a, p) => a + p.skippedTotal, 0),
    rowCount: parts.reduce((a, p) => a + p.rowCount, 0),
    skipExamples,
    samples: parts.flatMap((p) => p.samples).slice(0, 5),
    envelope: { ...last.envelope, unknownKeys: [...new Set(parts.flatMap((p) => p.envelope.unknownKeys))] },
    forms,
    written: parts.flatMap((p) => p.written).slice(0, 400),
  };
}

const KEPT_HEADERS = /^(retry-after|x-ratelimit-.*|ratelimit.*|x-rate-limit-.*)$/i;

export function createKoreClient(opts: KoreClientOptions): KoreClient {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const account = encodeURIComponent(opts.accountId);
  const doFetch = opts.fetch ?? fetch;
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const reading: EventTimeReading = opts.reading ?? { zone: opts.eventTimeZone, clock: "24h", dateOrder: "mdy" };
  const seenUnknownKeys = new Set<string>();
  /** Whether Kore.ai pages a capped answer with skip/limit: unknown until it caps one. */
  let skipHonoured: boolean | null = null;

  async function koreGet(endpoint: KoreExchange["endpoint"], path: string, query: Record<string, string>): Promise<unknown> {
    const url = `${base}${path}?${new URLSearchParams(query).toString()}`;
    const at = Date.now();
    const started = performance.now();
    const exchange: KoreExchange = { endpoint, path, query, at, ms: 0, status: null, contentType: null, headers: {}, bodyExcerpt: null, error: null };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
    let token = "";
    try {
      token = await opts.tokens.token();
      const res = await doFetch(url, {
        method: "GET",
        headers: {
          auth: token,
          iId: opts.streamId,
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        signal: controller.signal,
        cache: "no-store",
      });
      exchange.status = res.status;
      exchange.contentType = res.headers.get("content-type");
      res.headers.forEach((value, name) => {
        if (KEPT_HEADERS.test(name)) exchange.headers[name] = value;
      });
      const text = await readBody(res, maxBody);
      const said = redact(text.slice(0, 2_000), [token, ...(opts.secrets ?? [])]);
      exchange.bodyExcerpt = excerpt(said.trim(), 300);
      const status = res.status;
      const kept = { status, upstream: exchange.bodyExcerpt };
      if (!res.ok && saysRateLimited(text)) {
        throw new KoreError("rate_limited", `Kore.ai's per-minute rate limit for this account was exceeded (${status}).`, { ...kept, retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), Date.now()) });
      }
      if (status === 401 || status === 403) {
        throw new KoreError("unauthorized", `Kore.ai refused the credentials (${status}): check KORE_CLIENT_ID and KORE_CLIENT_SECRET (or KORE_JWT), the app's WFM Integration scope, and KORE_STREAM_ID.`, kept);
      }
      if (status === 429) {
        throw new KoreError("rate_limited", "Kore.ai's per-minute rate limit for this account was exceeded (429).", { ...kept, retryAfterMs: parseRetryAfter(res.headers.get("retry-after"), Date.now()) });
      }
      if (status >= 500) {
        throw new KoreError("server", `Kore.ai answered with a server error (${status}).`, kept);
      }
      if (status === 404) {
        throw new KoreError("client", "Kore.ai has no such address (404): check KORE_BASE_URL and KORE_ACCOUNT_ID.", kept);
      }
      if (!res.ok) {
        throw new KoreError("client", `Kore.ai rejected the request (${status}): check KORE_BASE_URL, KORE_ACCOUNT_ID and KORE_STREAM_ID.`, kept);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new KoreError("malformed", `Kore.ai answered something unreadable (not JSON${exchange.contentType ? `, ${exchange.contentType}` : ""}).`, kept);
      }
    } catch (err) {
      let error: KoreError;
      if (err instanceof KoreError) error = err;
      else if (controller.signal.aborted) error = new KoreError("timeout", `Kore.ai did not answer within ${Math.round(opts.timeoutMs / 1000)} s.`);
      else error = new KoreError("network", `Kore.ai cannot be reached: ${networkCause(err)}.`);
      exchange.error = { kind: error.kind, message: error.message };
      throw error;
    } finally {
      clearTimeout(timer);
      exchange.ms = Math.round(performance.now() - started);
      const fields = { method: "GET", path, status: exchange.status, ms: exchange.ms };
      log.info("kore request", fields);
      // What Kore.ai said, whatever its shape (redacted, cut): for the operator.
      if (exchange.error) log.warn("kore request failed", { path, status: exchange.status, error: exchange.error.message, ...(exchange.bodyExcerpt !== null && { upstream: exchange.bodyExcerpt }) });
      opts.onExchange?.(exchange);
    }
  }

  /** Validates an answer's shape, turning a shape Floorview cannot read into an error that keeps what was said. */
  function readAnswer<T>(read: () => T, body: unknown): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof KoreError && err.kind === "malformed" && err.upstream === null) {
        const said = excerpt(redact(excerpt(body, 2_000)), 300);
        if (saysRateLimited(said)) throw new KoreError("rate_limited", "Kore.ai's per-minute rate limit for this account was exceeded.", { upstream: said });
        throw new KoreError("malformed", `${err.message.replace(/\.$/, "")}: Kore.ai answered something unreadable.`, { upstream: said });
      }
      throw err;
    }
  }

  type WindowRead = NormalizedActivity & { window: AskedWindow; capped?: { rows: number; totalCount: number | null } };

  async function readPage(from: number, to: number, page?: { skip: number; limit: number }): Promise<WindowRead> {
    // Widen to whole seconds rather than lose an event at either edge.
    const query: Record<string, string> = { fromTimeStamp: isoSeconds(from, Math.floor), toTimeStamp: isoSeconds(to, Math.ceil) };
    if (page) Object.assign(query, { skip: String(page.skip), limit: String(page.limit) });
    const body = await koreGet("activity", `/agentassist/api/public/analytics/account/${account}/agentactivity`, query);
    const window = { from: Date.parse(query.fromTimeStamp!), to: Date.parse(query.toTimeStamp!) };
    return { ...readAnswer(() => normalizeActivity(body, reading, window), body), window };
  }

  /**
   * One window, read in full: an answer Kore.ai caps (hasMore, or a totalCount above its rows) is
   * paged with skip/limit as its sibling WFM APIs page; when Kore.ai ignores skip, the window is
   * halved until each half fits, down to a minute; below that the read fails (rows would be lost).
   */
  async function readWindow(from: number, to: number, options: FetchOptions): Promise<WindowRead> {
    const first = await readPage(from, to);
    const cappedAt = (r: NormalizedActivity, seen: number) => r.envelope.hasMore === true || (r.envelope.hasMore === null && r.envelope.totalCount !== null && r.envelope.totalCount > seen);
    if (!cappedAt(first, first.rowCount)) return first;
    const capped = { rows: first.rowCount, totalCount: first.envelope.totalCount };
    log.warn("kore capped an answer", { rows: first.rowCount, totalCount: first.envelope.totalCount, from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    const pages: WindowRead[] = [first];
    let seen = first.rowCount;
    // Once Kore.ai is seen to ignore skip, capped windows go straight to smaller ones.
    let honoured = first.rowCount > 0 && skipHonoured !== false;
    for (let n = 1; honoured && n < MAX_PAGES && cappedAt(pages.at(-1)!, seen); n++) {
      if (options.beforeExtraCall && !(await options.beforeExtraCall())) throw new KoreError("timeout", "Stopped while reading a capped answer.");
      const next = await readPage(from, to, { skip: seen, limit: first.rowCount });
      // Kore.ai ignored skip: the same rows again, or none although it said there were more.
      if (next.rowCount === 0 || (next.samples[0]?.raw ?? null) === (first.samples[0]?.raw ?? undefined)) {
        honoured = false;
        skipHonoured = false;
        log.warn("kore ignores skip/limit on a capped answer: capped windows are read in smaller parts");
      } else {
        skipHonoured = true;
        pages.push(next);
        seen += next.rowCount;
      }
    }
    if (honoured && !cappedAt(pages.at(-1)!, seen)) return { ...merge(pages), window: first.window, capped };
    if (to - from <= 60_000) {
      throw new KoreError("malformed", `Kore.ai capped its answer at ${first.rowCount} rows even for one minute (hasMore${first.envelope.totalCount === null ? "" : `, totalCount ${first.envelope.totalCount}`}) and ignored skip/limit: rows would be lost, so the read fails.`);
    }
    const mid = from + Math.floor((to - from) / 2 / 1000) * 1000;
    const halves: WindowRead[] = [];
    for (const [a, b] of [[from, mid], [mid, to]] as const) {
      if (options.beforeExtraCall && !(await options.beforeExtraCall())) throw new KoreError("timeout", "Stopped while reading a capped answer.");
      halves.push(await readWindow(a, b, options));
    }
    return { ...merge(halves), window: first.window, capped };
  }

  return {
    reading,
    async fetchActivity(from, to, options = {}) {
      const result = await readWindow(from, to, options);
      if (result.skippedTotal > 0) {
        log.warn("kore rows skipped", { skipped: result.skipped, examples: result.skipExamples });
      }
      const fresh = result.envelope.unknownKeys.filter((k) => !seenUnknownKeys.has(k));
      if (fresh.length > 0) {
        for (const k of fresh) seenUnknownKeys.add(k);
        log.info("kore answered with keys Floorview does not read", { keys: fresh });
      }
      return result;
    },
    async fetchRosterPage(offset, limit) {
      const body = await koreGet("agents", `/agentassist/api/public/analytics/account/${account}/agents`, {
        offset: String(offset),
        limit: String(limit),
      });
      return readAnswer(() => normalizeRosterPage(body), body);
    },
  };
}
