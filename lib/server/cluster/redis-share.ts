import "server-only";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import type { ActivityEvent, RosterEntry } from "@/lib/activity/types";
import { log } from "@/lib/log";
import type { Poller, PollerShare, SharedRead } from "../feed/poller";
import { sleep } from "../feed/sleep";
import {
  compareStreamIds,
  decodeEvents,
  decodeHealth,
  decodeRoster,
  encodeEvents,
  encodeHealth,
  encodeRoster,
  entryFields,
  type ClusterKeys,
} from "./codec";

/**
 * KEYS: lease, stream. ARGV: id, ttl. Takes the lease if free, renews it if ours: 1; else 0. Then
 * the holder, and whether the stream exists (a Redis that lost its data has none).
 */
const ACQUIRE = `local holder = redis.call('GET', KEYS[1])
local held = 0
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) holder = ARGV[1] held = 1
elseif holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) held = 1 end
return {held, holder, redis.call('EXISTS', KEYS[2])}`;

/** KEYS: lease. ARGV: id. Gives the lease up if ours (a clean shutdown: the next leader need not wait). */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The oldest stream id kept: Redis's own clock less the retention (ms in ARGV[2]). Stream ids are
 * made by Redis's clock, so the cut is too: an instance whose clock differs from Redis's cannot
 * trim what it should keep.
 */
const MIN_ID = `local t = redis.call('TIME')
local minid = string.format('%.0f-0', math.max(0, tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[2])))`;

/** KEYS: lease, stream. ARGV: id, retention (ms), fields… Appends a read only while the lease is ours. */
const PUBLISH = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
${MIN_ID}
return redis.call('XADD', KEYS[2], 'MINID', '~', minid, '*', unpack(ARGV, 3))`;

/** KEYS: lease, roster, stream. ARGV: id, retention (ms), roster JSON. */
const PUBLISH_ROSTER = `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return false end
${MIN_ID}
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
redis.call('HSET', KEYS[2], 'json', ARGV[3])
return redis.call('XADD', KEYS[3], 'MINID', '~', minid, '*', 'r', seq)`;

type StreamEntry = [id: string, fields: string[]];

export interface RedisShareOptions {
  pollIntervalMs: number;
  /** How long events are kept (the backfill window): older stream entries are trimmed. */
  retentionMs: number;
}

export interface ClusterStatus {
  instance: string;
  role: "leader" | "follower";
  /** The instance holding the lease, as last seen; null while nobody holds it, or while this instance has just taken it and is still catching up to lead. */
  leader: string | null;
  redis: "ok" | "unreachable";
}

const ERROR_LOG_EVERY_MS = 30_000;
const RESEED_BATCH = 20_000;

/**
 * Several Floorview instances on one account share one poller and one state through Redis.
 *
 * - A lease (`SET … PX`, renewed by a script every quarter poll interval, lasting 1.25 intervals)
 *   picks the one instance that reads Kore.ai; when it dies, another takes the lease once it
 *   runs out and starts polling: within two poll intervals.
 * - The leader appends every read (its new events, the watermark, the upstream health) to a
 *   Redis stream before it counts the read itself, and only while it holds the lease (a script
 *   checks): a read by an instance that lost the lease is dropped, never half-shared.
 * - Every other instance tails the stream into its own poller, so its snapshot, drill-down and
 *   wallboard are the leader's. A new leader first reads the stream to its end, then resumes from
 *   the shared watermark minus the overlap: a read its predecessor did not finish is read again,
 *   and nothing is lost.
 * - The stream is trimmed to the retention window, so an instance that starts later (or after
 *   a restart of all of them) rebuilds the same picture from Redis without a backfill.
 */
export class RedisShare implements PollerShare {
  readonly instanceId = randomBytes(6).toString("hex");
  private role: "leader" | "follower" = "follower";
  private leader: string | null = null;
  private redisOk = true;
  private lastId = "0-0";
  private rosterSeq = 0;
  private readonly leaseMs: number;
  private readonly tryEveryMs: number;
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];
  /** A poller stopping after a lost lease: it must have stopped before it starts again. */
  private pollerStopped: Promise<void> = Promise.resolve();
  /** Applying entries one batch at a time, in stream order. */
  private applying: Promise<void> = Promise.resolve();
  private lastErrorLog = 0;
  /** Until when the lease is surely ours: the last renewal's send time plus its length. */
  private leaseValidUntil = 0;

  constructor(
    private readonly redis: Redis,
    /** A second connection: XREAD BLOCK holds its connection while it waits. */
    private readonly reader: Redis,
    private readonly poller: Poller,
    private readonly keys: ClusterKeys,
    private readonly opts: RedisShareOptions,
  ) {
    this.leaseMs = Math.max(1_000, Math.round(1.25 * opts.pollIntervalMs));
    this.tryEveryMs = Math.max(100, Math.round(opts.pollIntervalMs / 4));
    // Its failures surface as failed reads (logged, at most every 30 s, by the tail loop).
    reader.on("error", () => undefined);
    poller.share = this;
  }

  status(): ClusterStatus {
    return { instance: this.instanceId, role: this.role, leader: this.leader, redis: this.redisOk ? "ok" : "unreachable" };
  }

  /** Reads what is shared so far (throws when Redis cannot be read), then follows or leads. */
  async start(): Promise<void> {
    await this.catchUp();
    this.loops = [this.leaseLoop(), this.tailLoop()];
  }

  /**
   * Stops sharing. `release`: give the lease up so another instance leads at once (a clean
   * shutdown); without it the lease runs out as if this instance had died.
   */
  async stop({ release = true } = {}): Promise<void> {
    this.abort.abort();
    this.reader.disconnect();
    await Promise.all(this.loops);
    // Given up before the poller stops: a read in flight may hold the poller for seconds, and
    // Next.js's own handler may end the process meanwhile (the next leader would then wait for
    // the lease to run out). A read made after this is refused by the stream, never half-shared.
    if (release && this.role === "leader") await this.redis.eval(RELEASE, 1, this.keys.lease, this.instanceId).catch(() => undefined);
    await this.poller.stop();
    this.role = "follower";
    this.redis.disconnect();
  }

  private get stopped() {
    return this.abort.signal.aborted;
  }

  async publishRead(read: SharedRead): Promise<boolean> {
    if (this.role !== "leader") return false;
    const fields = ["e", encodeEvents(read.events), "to", String(read.coveredUntil), "h", encodeHealth(read.health)];
    // The settled range: followers with a store of their own mark it covered there.
    if (read.settled) fields.push("cf", String(read.settled.from), "cu", String(read.settled.until));
    // Held back by the leader's checks of EventTime: nobody writes it to a store.
    if (read.kept === false) fields.push("k", "0");
    const id = (await this.redis.eval(PUBLISH, 2, this.keys.lease, this.keys.events, this.instanceId, String(this.opts.retentionMs), ...fields)) as string | null;
    return this.published(id);
  }

  async publishRoster(roster: ReadonlyMap<string, RosterEntry>, loadedAt: number | null): Promise<boolean> {
    if (this.role !== "leader") return false;
    const args = [this.instanceId, String(this.opts.retentionMs), encodeRoster(roster, loadedAt)];
    const id = (await this.redis.eval(PUBLISH_ROSTER, 3, this.keys.lease, this.keys.roster, this.keys.events, ...args)) as string | null;
    return this.published(id);
  }

  private published(id: string | null): boolean {
    if (id === null) {
      this.demote("another instance holds the lease");
      return false;
    }
    if (compareStreamIds(id, this.lastId) > 0) this.lastId = id;
    return true;
  }

  private async leaseLoop(): Promise<void> {
    while (!this.stopped) {
      const asked = Date.now();
      // Held before asking: events added after the answer were shared into the stream it saw.
      const heldEvents = this.poller.events.size;
      try {
        const [held, holder, streamExists] = (await this.redis.eval(ACQUIRE, 2, this.keys.lease, this.keys.events, this.instanceId, this.leaseMs)) as [number, string, number];
        this.redisOk = true;
        // The lease just taken while following: nobody leads until this instance has caught up and
        // promoted itself (a promotion that finds the lease run out leaves it to the next holder).
        this.leader = held === 1 && this.role === "follower" ? null : holder;
        this.leaseValidUntil = asked + this.leaseMs;
        if (held === 1 && this.role === "follower" && !this.stopped) await this.promote();
        if (held === 1 && this.role === "leader" && streamExists === 0 && heldEvents > 0) await this.reseed();
        if (held === 0) this.demote(`instance ${holder} holds the lease`);
      } catch (err) {
        this.redisProblem(err);
        // Without Redis the lease cannot be renewed: once it may have run out, stop reading.
        if (this.role === "leader" && Date.now() >= this.leaseValidUntil) this.demote("Redis unreachable and the lease ran out");
      }
      await sleep(this.tryEveryMs, this.abort.signal);
    }
  }

  private async promote(): Promise<void> {
    await this.pollerStopped;
    // Everything the previous leader shared, so polling resumes from its watermark.
    await this.catchUp();
    if (this.stopped || Date.now() >= this.leaseValidUntil) return;
    this.role = "leader";
    this.leader = this.instanceId;
    log.info("leading: this instance reads Kore.ai for every instance", { instance: this.instanceId });
    this.poller.start();
  }

  /**
   * Redis lost its data (a restart without persistence): the leader shares everything it holds
   * again, so an instance that starts afterwards still sees whole days, not just what came since.
   */
  private async reseed(): Promise<void> {
    log.warn("the shared state is gone from Redis (restarted without its data?): sharing this instance's again", { events: this.poller.events.size });
    const health = this.poller.health.state();
    const coveredUntil = this.poller.coveredUntil;
    let batch: ActivityEvent[] = [];
    const flush = async () => {
      if (!(await this.publishRead({ events: batch, coveredUntil, health }))) throw new Error("the lease was lost while sharing the state again");
      batch = [];
    };
    for (const agentId of [...this.poller.events.agentIds()]) {
      for (const e of this.poller.events.eventsOf(agentId)) {
        batch.push(e);
        if (batch.length >= RESEED_BATCH) await flush();
      }
    }
    await flush();
    if (this.poller.roster.size > 0) await this.publishRoster(this.poller.roster, this.poller.rosterLoadedAt);
  }

  private demote(reason: string): void {
    if (this.role !== "leader") return;
    this.role = "follower";
    log.warn("no longer leading: following the shared state", { instance: this.instanceId, reason });
    // Not awaited: this may run inside the poller's own loop (a refused publish).
    this.pollerStopped = this.poller.stop();
  }

  private redisProblem(err: unknown): void {
    this.redisOk = false;
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_EVERY_MS) return;
    this.lastErrorLog = now;
    log.warn("Redis unreachable: the shared state is not moving", { error: err instanceof Error ? err.message : String(err) });
  }

  /** Followers: apply each new entry as the leader appends it. */
  private async tailLoop(): Promise<void> {
    while (!this.stopped) {
      if (this.role === "leader") {
        await sleep(this.tryEveryMs, this.abort.signal);
        continue;
      }
      try {
        const res = (await this.reader.xread("COUNT", 20, "BLOCK", 1_000, "STREAMS", this.keys.events, this.lastId)) as [string, StreamEntry[]][] | null;
        this.redisOk = true;
        const entries = res?.[0]?.[1];
        if (entries?.length) await this.exclusive(() => this.applyEntries(entries));
      } catch (err) {
        if (this.stopped) return;
        this.redisProblem(err);
        await sleep(1_000, this.abort.signal);
      }
    }
  }

  /** Reads the stream from the last entry applied to its end, and the roster. */
  private catchUp(): Promise<void> {
    return this.exclusive(async () => {
      await this.loadRoster();
      for (;;) {
        const start = this.lastId === "0-0" ? "-" : `(${this.lastId}`;
        const entries = (await this.redis.xrange(this.keys.events, start, "+", "COUNT", 20)) as StreamEntry[];
        if (entries.length === 0) return;
        await this.applyEntries(entries);
      }
    });
  }

  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.applying.then(work);
    this.applying = run.catch(() => undefined);
    return run;
  }

  private async applyEntries(entries: readonly StreamEntry[]): Promise<void> {
    for (const [id, flat] of entries) {
      // Entries already applied (a catch-up and the tail can see the same ones) change nothing.
      if (compareStreamIds(id, this.lastId) <= 0) continue;
      const f = entryFields(flat);
      if (f.r !== undefined) {
        await this.loadRoster();
      } else {
        const { events, skipped } = decodeEvents(f.e);
        const health = decodeHealth(f.h);
        const coveredUntil = Number(f.to);
        if (skipped > 0 || !health || !Number.isFinite(coveredUntil)) {
          log.warn("skipped a shared read that could not be decoded", { id, skippedEvents: skipped });
          this.poller.stats.skippedRows += skipped;
        }
        const settled = f.cf !== undefined && f.cu !== undefined ? { from: Number(f.cf), until: Number(f.cu) } : undefined;
        const valid = settled && Number.isFinite(settled.from) && Number.isFinite(settled.until) ? settled : undefined;
        if (health && Number.isFinite(coveredUntil)) this.poller.applyShared({ events, coveredUntil, health, settled: valid, ...(f.k === "0" && { kept: false }) });
      }
      this.lastId = id;
    }
  }

  private async loadRoster(): Promise<void> {
    const [json, seq] = await this.redis.hmget(this.keys.roster, "json", "seq");
    const n = Number(seq ?? 0);
    // Unchanged since the last load. Not "not newer": a Redis that lost its data counts from 1 again
    // (loads run one at a time, so the hash always holds the latest roster).
    if (!json || n === this.rosterSeq) return;
    const decoded = decodeRoster(json);
    this.rosterSeq = n;
    if (decoded) this.poller.applySharedRoster(decoded.roster, decoded.loadedAt);
  }
}
