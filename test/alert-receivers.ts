import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * Real receivers for the alerts' tests, on free ports: one HTTP server standing in for a webhook,
 * Slack's and Teams' incoming webhooks (by path), recording each request with its headers and raw
 * body, able to fail on demand (an answer code, a Retry-After); and a local SMTP server
 * (smtp-server) recording each message.
 */

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
  at: number;
}

export interface Mail {
  to: string[];
  /** The Subject header, unfolded and decoded (RFC 2047). */
  subject: string;
  raw: string;
  at: number;
}

export interface Receivers {
  url: string;
  smtpUrl: string;
  /** Requests answered 200 (taken: the sender heard so). */
  requests: Received[];
  /** Every request as it arrived, answered or not. */
  arrivals: Received[];
  /** Held requests whose sender went away before the answer. */
  dropped: Received[];
  mails: Mail[];
  /** Holds the next request to `path` for `ms` before answering 200 (a slow receiver). */
  holdNext(path: string, ms: number): void;
  /** The next answers per path (else 200): a status and, for 429, a Retry-After in seconds. */
  failNext(path: string, ...answers: { status: number; retryAfter?: number }[]): void;
  close(): Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
  const requests: Received[] = [];
  const mails: Mail[] = [];
  const failures = new Map<string, { status: number; retryAfter?: number }[]>();
  const holds = new Map<string, number[]>();
  const arrivals: Received[] = [];
  const dropped: Received[] = [];
  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const fail = failures.get(path)?.shift();
      if (fail) {
        res.writeHead(fail.status, fail.retryAfter === undefined ? {} : { "Retry-After": String(fail.retryAfter) }).end("no");
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      const entry = { path, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body, json: JSON.parse(body) as Record<string, unknown>, at: Date.now() };
      arrivals.push(entry);
      const answer = () => {
        requests.push({ ...entry, at: Date.now() });
        res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      };
      const hold = holds.get(path)?.shift();
      if (hold === undefined) return answer();
      // Held: answered later, unless the sender is gone by then (its connection closed).
      const timer = setTimeout(() => !res.destroyed && answer(), hold);
      res.on("close", () => {
        if (res.writableEnded) return;
        clearTimeout(timer);
        dropped.push(entry);
      });
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: subjectOf(raw), raw, at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  const port = (http.address() as AddressInfo).port;
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    requests,
    arrivals,
    dropped,
    mails,
    holdNext(path, ms) {
      holds.set(path, [...(holds.get(path) ?? []), ms]);
    },
    failNext(path, ...answers) {
      failures.set(path, [...(failures.get(path) ?? []), ...answers]);
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}

/** The Subject header of a raw message: unfolded, its encoded words (=?UTF-8?Q?…?= / ?B?) decoded. */
export function subjectOf(raw: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => /^subject:/i.test(l)) ?? "";
  return line
    .replace(/^subject:\s*/i, "")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}

/**
 * Whether a webhook request carries the signature a receiver would compute, written here from
 * docs/alerts.md with node:crypto (never with Floorview's own function): `sha256=` and the hex
 * HMAC-SHA256, keyed with the secret, of the `X-Floorview-Timestamp` value, a dot and the raw body.
 */
export function signedBy(secret: string, r: Pick<Received, "headers" | "body">): boolean {
  const timestamp = r.headers["x-floorview-timestamp"];
  if (!timestamp || !/^\d+$/.test(timestamp)) return false;
  const want = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${r.body}`).digest("hex")}`);
  const got = Buffer.from(r.headers["x-floorview-signature"] ?? "");
  return got.length === want.length && timingSafeEqual(got, want);
}

