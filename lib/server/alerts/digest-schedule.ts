import "server-only";
import type { AlertsConfig, DigestConfig } from "@/lib/alerts/config";
import { digestDetail, digestSlot, type DigestBody } from "@/lib/alerts/digest";
import { digestTitle, type Occurrence } from "@/lib/alerts/messages";
import { log } from "@/lib/log";
import { sameTeam, teamIn } from "@/lib/states/collate";
import type { AlertStore } from "@/lib/store/alert-store";
import { toChannels, type Outbox } from "./delivery-queue";

/** A digest waits a minute past its time (the feed stacks changes for up to 30 s), and is sent up to an hour late (a restart, a takeover), not later. */
const DIGEST_SETTLE_MS = 60_000;
const DIGEST_LATE_MS = 3_600_000;
const DIGEST_RETRY_MS = 30_000;

export interface DigestOptions extends Outbox {
  /** A team's digest over [from, to) (`digest.ts`); without it no digest is sent. */
  digest?: (d: DigestConfig, team: string | null, from: number, to: number, now: number) => Promise<DigestBody>;
  /** The labels config's teams: a digest without `teams` goes to each (to the whole floor when there are none). */
  teamNames?: readonly string[];
  /** True on the instance that leads (the only one that sends). */
  mayRun: () => boolean;
}

/**
 * The digests' schedule: each (digest, team, time) made once, when due, and queued to the
 * digest's channels; and a digest sent now for a team (the alerts page's "Send now").
 */
export class DigestSchedule {
  /** Per digest, its latest time and the teams known to be recorded for it (here or by an earlier leader): not asked of the store again. */
  private done = new Map<string, { to: number; teams: Set<string | null> }>();
  /** After a digest could not be made (the store, Kore.ai): not tried again before this. */
  private retryAt = -Infinity;

  constructor(
    private readonly config: AlertsConfig,
    private readonly store: AlertStore,
    private readonly opts: DigestOptions,
    private readonly now: () => number,
  ) {}

  /**
   * The digests due: each (digest, team, time) once. Its deliveries are recorded first (their keys
   * are the digest's, so a second leader's are the same and add nothing), then the digest itself:
   * a leader stopped between the two leaves the next one to record it, without a second message.
   */
  async due(): Promise<void> {
    const build = this.opts.digest;
    if (!build || this.now() < this.retryAt) return;
    try {
      for (const d of this.config.digests) {
        const now = this.now();
        const slot = digestSlot(d, now);
        if (now < slot.to + DIGEST_SETTLE_MS || now - slot.to > DIGEST_LATE_MS) continue;
        let done = this.done.get(d.name);
        if (done?.to !== slot.to) this.done.set(d.name, (done = { to: slot.to, teams: new Set() }));
        const keyOf = (team: string | null) => `digest|${d.name}|${team ?? "*"}|${new Date(slot.to).toISOString()}`;
        const todo = this.teams(d).filter((t) => !done.teams.has(t));
        if (todo.length === 0) continue;
        const recorded = await this.store.has(todo.map(keyOf));
        for (const team of todo) {
          const key = keyOf(team);
          if (!recorded.has(key)) {
            if (!this.opts.mayRun()) return;
            const body = await build(d, team, slot.from, slot.to, this.now());
            const at = this.now();
            const o: Occurrence = { key, kind: "digest", type: d.name, agentId: null, name: null, team, title: digestTitle(body), detail: digestDetail(body), since: slot.from, path: body.path };
            await this.store.enqueue(toChannels(this.opts, { channels: d.channels, id: (channel) => `${key}|${channel}`, key, rule: d.name, phase: "digest", occurrence: o, at, digest: body }));
            await this.store.openMany([{ key, rule: d.name, subject: team ?? "*", raisedAt: at, resolvedAt: at, status: "digest", payload: JSON.stringify(o) }]);
          }
          done.teams.add(team);
        }
      }
    } catch (err) {
      this.retryAt = this.now() + DIGEST_RETRY_MS;
      log.warn("alerts: a digest could not be made (tried again in 30 s)", { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * A digest now, to its channels, for a team (the span it would cover if sent now: the one up to
   * its latest time), through the same queue; marked a test, so the scheduled one still goes.
   */
  async sendNow(name: string, team: string | null, by: string): Promise<string> {
    const d = this.config.digests.find((x) => x.name === name);
    if (!d || !this.opts.digest) throw new Error(`no digest ${name}`);
    const now = this.now();
    const slot = digestSlot(d, now);
    const body = await this.opts.digest(d, team, slot.from, slot.to, now);
    const at = this.now();
    const key = `test|digest|${d.name}|${team ?? "*"}|${at}|${Math.random().toString(36).slice(2, 8)}`;
    const o: Occurrence = { key, kind: "digest", type: d.name, agentId: null, name: null, team, title: `${digestTitle(body)} (sent now)`, detail: `Sent now from the alerts page by ${by}. ${digestDetail(body)}`, since: slot.from, path: body.path };
    await this.store.enqueue(toChannels(this.opts, { channels: d.channels, id: (channel) => `${key}|${channel}`, key, rule: d.name, phase: "test", occurrence: o, at, digest: body }));
    return key;
  }

  /** The teams a digest goes to: its own, or every team in the labels config (none: the whole floor). */
  teams(d: DigestConfig): (string | null)[] {
    return d.teams ?? (this.opts.teamNames?.length ? [...this.opts.teamNames] : [null]);
  }

  /**
   * The team a digest is sent now for ("Send now" on the alerts page): the one asked for among the
   * digest's teams (none asked: its only one), and one of the sender's own when they have teams.
   */
  teamFor(d: DigestConfig, asked: string | null, mine: readonly string[] | null): { ok: true; team: string | null } | { ok: false; code: "bad_request" | "forbidden"; message: string } {
    const teams = this.teams(d);
    const chosen = asked === null ? (teams.length === 1 ? teams[0]! : undefined) : teams.find((t) => t !== null && sameTeam(t, asked));
    if (chosen === undefined) return { ok: false, code: "bad_request", message: `Name one of the digest's teams: ${teams.join(", ")}.` };
    if (chosen !== null && mine && !teamIn(mine, chosen)) return { ok: false, code: "forbidden", message: `Team ${chosen} is not one of yours.` };
    return { ok: true, team: chosen };
  }
}
