import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { secretValue, type AlertsConfig, type ChannelConfig } from "@/lib/alerts/config";
import { emailMessage, signature, slackBody, teamsBody, webhookBody, type Message } from "@/lib/alerts/messages";

/**
 * How a message reaches each kind of channel: a webhook (signed), Slack, Teams (their incoming
 * webhooks) and e-mail (SMTP). A failure is a `SendError` that says what happened, never where
 * (a channel's URL and the SMTP address are secrets), with a 429's Retry-After when there is one.
 */

const SEND_TIMEOUT_MS = 10_000;
/** How many times a delivery is tried before it is kept as `dead`. */
export const MAX_ATTEMPTS = 10;
/** Back-off after the nth failure: 2, 4, 8 … s, at most 5 min. */
const backoffMs = (attempts: number) => Math.min(300_000, 1_000 * 2 ** attempts);

export class SendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** A failure as a `SendError` (what anything thrown while sending says). */
export const sendErrorOf = (err: unknown) => (err instanceof SendError ? err : new SendError(err instanceof Error ? err.message : String(err)));

/** When a delivery that failed for the nth time is tried again: its back-off, or later when the receiver asked (Retry-After). */
export const retryAt = (e: SendError, attempts: number, now: number) => now + Math.max(backoffMs(attempts), e.retryAfterMs ?? 0);

/** Environment variables the config names (`env:NAME`) that are not set: names only, never values. */
export function missingSecrets(config: AlertsConfig, env: Readonly<Record<string, string | undefined>>): string[] {
  const names = new Set<string>();
  const check = (s: { env: string } | { value: string }) => {
    if ("env" in s && !env[s.env]) names.add(s.env);
  };
  for (const c of Object.values(config.channels)) {
    if (c.type !== "email") check(c.url);
    if (c.type === "webhook") check(c.secret);
  }
  if (config.smtp) check(config.smtp.url);
  return [...names];
}

export class Transports {
  private mailer: Transporter | null = null;

  constructor(
    private readonly config: AlertsConfig,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly now: () => number,
  ) {}

  /** Sends one message to one channel; throws a `SendError` when it did not arrive. */
  async send(channel: ChannelConfig, m: Message): Promise<void> {
    if (channel.type === "email") return this.mail(channel.to, m);
    const url = secretValue(channel.url, this.env);
    if (!url) throw new SendError("the channel's URL is not set (its environment variable is empty)");
    const body = JSON.stringify(channel.type === "webhook" ? webhookBody(m) : channel.type === "slack" ? slackBody(m) : teamsBody(m));
    const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "Floorview-Alerts", "X-Floorview-Delivery": m.id };
    if (channel.type === "webhook") {
      const secret = secretValue(channel.secret, this.env);
      if (!secret) throw new SendError("the webhook's secret is not set (its environment variable is empty)");
      const timestamp = Math.floor(this.now() / 1000);
      headers["X-Floorview-Timestamp"] = String(timestamp);
      headers["X-Floorview-Signature"] = signature(secret, timestamp, body);
    }
    let res: Response;
    try {
      res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS), redirect: "error" });
    } catch (err) {
      // The URL is a secret: the error says what happened, not where.
      // Its code or message ("ECONNREFUSED", "bad port": a host and port at most, never the path).
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message?.replace(/https?:\/\/\S+/g, "the address").slice(0, 120) ?? (err instanceof Error ? err.message : "error");
      throw new SendError(err instanceof Error && err.name === "TimeoutError" ? "no answer within 10 s" : `could not connect (${why})`);
    }
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return;
    const retryAfter = res.headers.get("retry-after");
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    const retryAfterMs = Number.isFinite(seconds) ? seconds * 1000 : retryAfter && !Number.isNaN(Date.parse(retryAfter)) ? Date.parse(retryAfter) - this.now() : null;
    throw new SendError(`answered ${res.status}${res.status === 429 ? " (rate limited)" : ""}`, retryAfterMs);
  }

  private async mail(to: string[], m: Message): Promise<void> {
    const smtp = this.config.smtp!;
    if (!this.mailer) {
      const url = secretValue(smtp.url, this.env);
      if (!url) throw new SendError("the SMTP address is not set (its environment variable is empty)");
      this.mailer = nodemailer.createTransport({ url, connectionTimeout: SEND_TIMEOUT_MS, greetingTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
    }
    const mail = emailMessage(m);
    try {
      await this.mailer.sendMail({ from: smtp.from, to, subject: mail.subject, text: mail.text, html: mail.html, headers: { "X-Floorview-Delivery": m.id } });
    } catch (err) {
      // The SMTP server's answer, never its address (it may hold the password).
      throw new SendError(`SMTP: ${(err as { response?: string; code?: string }).response ?? (err as { code?: string }).code ?? "failed"}`);
    }
  }
}
