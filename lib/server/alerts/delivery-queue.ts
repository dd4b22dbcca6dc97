import "server-only";
import type { AlertsConfig } from "@/lib/alerts/config";
import type { DigestBody } from "@/lib/alerts/digest";
import type { Message, Occurrence, Phase } from "@/lib/alerts/messages";
import { log } from "@/lib/log";
import type { AlertStore, NewDelivery, StoredDelivery } from "@/lib/store/alert-store";
import { MAX_ATTEMPTS, retryAt, sendErrorOf, type Transports } from "./transports";

/** Where a message's links lead and the zone its times of day are in. */
export interface Outbox {
  publicUrl: string | null;
  zone: string;
}

/** A message to each channel, recorded under `key` (the occurrence), each with its own idempotency key (`id`). */
export function toChannels(out: Outbox, m: { channels: readonly string[]; id: (channel: string) => string; key: string; rule: string; phase: Phase; occurrence: Occurrence; at: number; digest?: DigestBody }): NewDelivery[] {
  return m.channels.map((channel) => {
    const id = m.id(channel);
    const message: Message = { id, rule: m.rule, phase: m.phase, occurrence: m.occurrence, at: m.at, publicUrl: out.publicUrl, zone: out.zone, ...(m.digest && { digest: m.digest }), ...(m.phase === "raised" && { occurrenceKey: m.key }) };
    return { key: id, occurrence: m.key, rule: m.rule, channel, phase: m.phase, message: JSON.stringify(message), at: m.at };
  });
}

/**
 * The store's queue of deliveries, sent each channel on its own: a worker per channel drains its
 * due deliveries, oldest first, so a slow or dead channel holds up only itself (and a burst goes
 * out at the channel's pace, not a batch a round). A failure waits for its back-off (a 429's
 * Retry-After honoured) until it gives up and is kept as `dead`.
 */
export class DeliveryQueue {
  private busy = new Set<string>();
  private inflight = new Set<Promise<void>>();

  constructor(
    private readonly store: AlertStore,
    private readonly channels: AlertsConfig["channels"],
    private readonly transports: Transports,
    private readonly now: () => number,
  ) {}

  /** Starts a worker for each channel with something due and none running; does not wait for them. */
  async sendDue(): Promise<void> {
    for (const channel of await this.store.dueChannels(this.now())) {
      if (this.busy.has(channel)) continue;
      this.busy.add(channel);
      const run = (async () => {
        try {
          for (;;) {
            const list = await this.store.due(this.now(), 100, channel);
            if (list.length === 0) return;
            for (const d of list) {
              // A failure waits for its back-off; the channel's others go on at the next round.
              if (!(await this.deliver(d))) return;
            }
          }
        } finally {
          this.busy.delete(channel);
        }
      })();
      // Not awaited by the round: a channel in flight is skipped until it is done.
      this.inflight.add(run);
      void run.finally(() => this.inflight.delete(run));
    }
  }

  /** True while a worker is sending. */
  get sending(): boolean {
    return this.inflight.size > 0;
  }

  /** Resolves when every worker running now has ended (sent or failed). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private async deliver(d: StoredDelivery): Promise<boolean> {
    const channel = this.channels[d.channel];
    const attempts = d.attempts + 1;
    if (!channel) {
      await this.store.failed(d.id, attempts, `no channel ${d.channel} in FLOORVIEW_ALERTS_FILE`, null);
      return true;
    }
    try {
      await this.transports.send(channel, JSON.parse(d.message) as Message);
      await this.store.sent(d.id, this.now(), attempts);
      return true;
    } catch (err) {
      const e = sendErrorOf(err);
      const next = attempts >= MAX_ATTEMPTS ? null : retryAt(e, attempts, this.now());
      await this.store.failed(d.id, attempts, e.message, next);
      log.warn("alerts: a delivery failed", { channel: d.channel, type: channel.type, attempts, error: e.message, ...(next === null ? { gaveUp: true } : { retryAt: new Date(next).toISOString() }) });
      return false;
    }
  }
}
