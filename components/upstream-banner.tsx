import type { UpstreamSnapshot } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { formatLocal } from "@/lib/display/time";

export interface UpstreamMessage {
  tone: "info" | "warn" | "alert";
  title: string;
  detail: string;
}

/**
 * What to tell the viewer about the data's source, or null when all is well. `stale` is the
 * browser's own judgement (the server's clock well past `coveredUntil`), which can be true while
 * the answer itself still says ok.
 */
export function upstreamMessage(upstream: UpstreamSnapshot | undefined, serverUnreachable: boolean, asOfText: string | null, stale = upstream?.stale ?? false): UpstreamMessage | null {
  const kept = asOfText ? ` Showing the last good data, from ${asOfText}.` : "";
  if (serverUnreachable) {
    return { tone: "alert", title: "Lost contact with the Floorview server.", detail: `Retrying every few seconds.${kept}` };
  }
  if (upstream?.timesUnreliable) {
    return { tone: "alert", title: "Kore.ai's times are being read wrongly.", detail: "States are current, but time in state and since may be off by hours until Floorview's administrator sets how Kore.ai writes its times (the Connection page says which setting)." };
  }
  switch (upstream?.status) {
    case undefined:
    case "ok":
      if (upstream?.stale) return { tone: "warn", title: "Catching up with Kore.ai.", detail: `Reading the changes missed while it was unavailable.${kept}` };
      return stale ? { tone: "warn", title: "The data is not up to date.", detail: `No newer reading of Kore.ai has reached this screen.${kept}` } : null;
    case "starting":
      return { tone: "info", title: "Loading agent activity from Kore.ai…", detail: "Reading the recent history; states appear as soon as it is in." };
    case "degraded":
      return { tone: "warn", title: failureTitle(upstream.lastError?.code, "Kore.ai is answering with errors."), detail: `Retrying automatically.${kept}` };
    case "rate_limited":
      return { tone: "warn", title: "Kore.ai is rate-limiting this account.", detail: `Updates resume by themselves when it allows.${kept}` };
    case "unauthorized":
      return { tone: "alert", title: "Kore.ai refused Floorview's credentials.", detail: `Data is not updating: ask your Floorview administrator to check the Kore.ai app (its client id and secret, its WFM Integration scope, the stream id).${kept}` };
    case "down":
      return { tone: "alert", title: failureTitle(upstream.lastError?.code, "Kore.ai cannot be reached."), detail: `${upstream.lastError?.code === "client" ? "Data is not updating: ask your Floorview administrator to check the Kore.ai address and account. " : ""}Retrying automatically.${kept}` };
  }
}

/** What kind of failure it is, in a supervisor's words: a refused request is not an unreachable host. */
function failureTitle(code: string | undefined, otherwise: string): string {
  switch (code) {
    case "client":
      return "Kore.ai rejects Floorview's requests.";
    case "malformed":
      return "Kore.ai answers something Floorview cannot read.";
    case "server":
      return "Kore.ai is answering with server errors.";
    case "network":
    case "timeout":
      return "Kore.ai cannot be reached.";
    default:
      return otherwise;
  }
}

const TONES = {
  info: "border-state-busy bg-state-busy/10",
  warn: "border-warn bg-warn-surface",
  alert: "border-alert bg-alert-surface",
} as const;

/** Said while Floorview's store is down: the screen is live, but the day is not being kept. */
export function StoreBanner({ upstream }: { upstream: UpstreamSnapshot | undefined }) {
  if (upstream?.store?.status !== "unavailable") return null;
  const since = upstream.store.since ? ` since ${formatLocal(upstream.store.since, { hour: "numeric", minute: "2-digit" })}` : "";
  return (
    <div data-store-banner role="status" className={cn("rounded-lg border-l-4 px-4 py-3", TONES.warn)}>
      <p className="font-semibold">History is not being kept: Floorview&apos;s store has been unavailable{since}.</p>
      <p className="text-sm text-ink-muted">The live view goes on. What is missed is written to the store once it is back, or read again from Kore.ai.</p>
    </div>
  );
}

export function UpstreamBanner({ upstream, serverUnreachable, stale }: { upstream: UpstreamSnapshot | undefined; serverUnreachable: boolean; stale?: boolean }) {
  const asOfText = upstream?.coveredUntil ? formatLocal(upstream.coveredUntil, { hour: "numeric", minute: "numeric", second: "numeric" }) : null;
  const message = upstreamMessage(upstream, serverUnreachable, asOfText, stale);
  if (!message) return null;
  return (
    <div data-upstream-banner role={message.tone === "info" ? "status" : "alert"} data-status={serverUnreachable ? "server_unreachable" : upstream?.status} className={cn("rounded-lg border-l-4 px-4 py-3", TONES[message.tone])}>
      <p className="font-semibold">{message.title}</p>
      <p className="text-sm text-ink-muted">{message.detail}</p>
    </div>
  );
}
