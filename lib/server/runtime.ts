import "server-only";
import { CalendarSync } from "./calendars/calendar-sync";
import { collectDefaultMetrics } from "prom-client";
import { randomBytes } from "node:crypto";
import { parseConfig, type Config, type KoreTarget } from "@/lib/config";
import { readingKey } from "@/lib/kore/event-time";
import { memoryLoginThrottles, type LoginThrottles } from "@/lib/auth/session";
import { FailureNotes } from "@/lib/auth/throttle";
import { log } from "@/lib/log";
import type { RunningSimulator } from "@/lib/simulator";
import type { FlagConfig } from "@/lib/states/flag-rules";
import type { Labels } from "@/lib/states/labels";
import type { ThresholdRule } from "@/lib/states/thresholds";
import { Vocabulary } from "@/lib/states/vocabulary";
import { openStore, type StoreTarget } from "@/lib/store/open";
import { clusterKeys } from "./cluster/codec";
import { connectRedis } from "./cluster/redis";
import { RedisBudget } from "./cluster/redis-budget";
import { RedisHistoryChunks } from "./cluster/redis-history";
import { redisLoginThrottles } from "./cluster/redis-throttle";
import { HeavyReads } from "./reports/heavy-reads";
import { RedisShare } from "./cluster/redis-share";
import { HistoryStore } from "./feed/history";
import { Importer } from "./feed/importer";
import { loadLabels } from "./config/labels";
import type { ParsedLabels } from "@/lib/states/labels-file";
import type { EventStore } from "@/lib/store/event-store";
import type { Redis } from "ioredis";
import { ConnectionMonitor } from "./feed/diagnostics";
import { Metrics } from "./feed/metrics";
import { Poller } from "./feed/poller";
import { RequestBudget, type Budget } from "./feed/request-budget";
import { agentsByEmail, SnapshotCache } from "./feed/snapshot";
import { SnapshotPublisher } from "./live/snapshot-publisher";
import { StoreWriter } from "./feed/store-writer";
import { embeddedSimulator, koreClientFor } from "./feed/tenant";
import { AccessStore } from "@/lib/store/access-store";
import { ScheduleStore } from "@/lib/store/schedule-store";
import { adherenceRules } from "./reports/adherence";
import type { AdherenceRules } from "@/lib/activity/adherence";
import { LiveAdherence } from "./live/live-adherence";
import { LiveBreaks } from "./live/live-breaks";
import { LiveFlags } from "./live/live-flags";
import { AlertEngine } from "./alerts/alerts";
import { Understaffing } from "./alerts/understaffing";
import { buildDigest, type DigestSources } from "./alerts/digest";
import { parseAlertsConfig } from "@/lib/alerts/config";
import { AlertStore } from "@/lib/store/alert-store";
import { loadConfigFile } from "./config/config-file";
import { Audit } from "./access/audit";
import { LinkRegistry } from "./access/links";
import { SessionRegistry } from "./access/sessions";
import { ScopedSnapshots } from "./live/scoped-snapshots";
import { loginOn } from "@/lib/auth/access";
import { loadAccess } from "./config/access-config";
import { SingleSignOn } from "./access/sso";

export interface Runtime {
  config: Config;
  source: "kore" | "simulator";
  poller: Poller;
  /** What Kore.ai answers, judged by the checks: /api/diagnostics and the Connection page. */
  diagnostics: ConnectionMonitor;
  /** Older history for the drill-down: the store first, Kore.ai (cached, then stored) for the rest. */
  history: HistoryStore;
  /** Floorview's own store (embedded SQLite, or Postgres with DATABASE_URL), written through here. */
  store: StoreWriter;
  /** Fills the store with the days before the live window (FLOORVIEW_IMPORT_DAYS). */
  importer: Importer;
  /** What /api/metrics shows. */
  metrics: Metrics;
  budget: Budget;
  /** Several instances on one state (REDIS_URL); null: this instance alone, in memory. */
  cluster: RedisShare | null;
  /** Failed sign-ins, per client and overall: shared by every instance with REDIS_URL. */
  loginThrottles: LoginThrottles;
  /** Sign-in callback failures without an identity behind them, noted once per client per minute. */
  callbackFailures: FailureNotes;
  /** Reports and other reads over a window: one at a time per person, a few in all. */
  heavyReads: HeavyReads;
  /** The agents snapshot, rebuilt and compressed on each change, ready for every request. */
  snapshots: SnapshotPublisher;
  /** The same, cut to a viewer's scope (a team lead, a wallboard link). */
  scopedSnapshots: ScopedSnapshots;
  /** Wallboard links: made, listed, revoked (revocations reach every instance within a second). */
  links: LinkRegistry;
  /** Signed-in sessions: listed, ended one by one or all of a person's (ends reach every instance within a second). */
  sessions: SessionRegistry;
  /** Sign-ins, links, exports: appended to the store. */
  audit: Audit;
  /** How adherence is judged: FLOORVIEW_ADHERENCE_WORK and _GRACE_MINUTES, with the labels config's grace per activity. */
  adherenceRules: AdherenceRules;
  /** Schedules, in the store beside the events (uploads replace; reads by window). */
  schedules: ScheduleStore;
  /** Adherence now, from memory and the schedules around now (the grid's column, the wallboard's marks). */
  liveAdherence: LiveAdherence;
  /** Break budgets and team caps now, from memory (the labels config's budgets and caps). */
  liveBreaks: LiveBreaks;
  /** Behaviour flags now, from memory (the labels config's `flags`, or their defaults). */
  liveFlags: LiveFlags;
  /** The behaviour flags' rules. */
  flagConfig: FlagConfig;
  /** Subscribed calendars, read when due (FLOORVIEW_CALENDAR_HOSTS, _POLL_MINUTES). */
  calendars: CalendarSync;
  /** Alerts to Slack, Teams, webhooks and e-mail (FLOORVIEW_ALERTS_FILE); null without the file. */
  alerts: AlertEngine | null;
  alertStore: AlertStore;
  /** Single sign-on (OIDC_ISSUER); null: none. */
  sso: SingleSignOn | null;
  /** After this long without a good read, data is shown as stale. */
  staleAfterMs: number;
  simulator: RunningSimulator | null;
  /** Names, categories, colours and teams from the labels config. */
  labels: Labels;
  /** Agent id → team, from the labels config. */
  teams: ReadonlyMap<string, string>;
  /** FLOORVIEW_THRESHOLDS, then the labels config's reason thresholds: what every screen applies. */
  thresholds: ThresholdRule[];
  /** What states are called, their families, colours and thresholds: the same as every browser's. */
  vocabulary: Vocabulary;
}

/**
 * One runtime per server process. Next.js loads route handlers and instrumentation as separate
 * bundles, so the instance lives on globalThis rather than in a module variable.
 */
const KEY = Symbol.for("floorview.runtime");
type Holder = { [KEY]?: Promise<Runtime> };

/**
 * Starts everything, in the order each part needs the last: the tenant (or the built-in
 * simulator) and the labels; the feed (Kore.ai's client, the store, the budget, the poller, the
 * live window restored); the instances' sharing; history and the importer; the published
 * snapshot; access; the live views; alerts.
 */
async function start(): Promise<Runtime> {
  const config = parseConfig(process.env);
  const { target, simulator, labels, grants } = await openTenant(config);
  const metrics = new Metrics();
  // The process's own (heap, resident memory, event-loop delay, CPU), under their standard names.
  collectDefaultMetrics({ register: metrics.registry });
  const feed = await openFeed(config, target, simulator, metrics);
  const { poller, budget, store, eventStore, redis, keys, diagnostics } = feed;
  refuseSplitAccess(config, redis, eventStore);
  const cluster = await startPolling(config, feed);
  const { history, importer } = startHistory(config, feed, cluster);
  const heavyReads = new HeavyReads();
  metrics.watch({ poller, history, budget, writer: store, diagnostics, heavyReads });
  const staleAfterMs = config.staleAfterMs;
  const thresholds = [...config.thresholds, ...labels.thresholds];
  const snapshots = new SnapshotPublisher(new SnapshotCache(poller, staleAfterMs, labels.teams), poller, staleAfterMs);
  snapshots.onBuild = (ms) => metrics.snapshotBuild.observe(ms / 1000);
  snapshots.start();
  const access = await startAccess(config, eventStore, redis, keys);
  const vocabulary = new Vocabulary(labels.labels, thresholds);
  diagnostics.vocabulary = vocabulary;
  const schedules = new ScheduleStore(eventStore.db);
  const rules = adherenceRules(config.adherence, labels.grace, labels);
  const live = await startLiveViews(config, poller, schedules, vocabulary, labels, rules);
  const alertStore = new AlertStore(eventStore.db);
  const alerts = await startAlerts(config, { poller, history, staleAfterMs, schedules, alertStore, vocabulary, labels, live, cluster, sharedStore: eventStore.shared, redis, rules });
  const calendars = startCalendars(config, schedules, poller, live.liveAdherence, access.audit);
  return {
    calendars,
    config,
    source: simulator ? "simulator" : "kore",
    poller,
    diagnostics,
    history,
    store,
    importer,
    metrics,
    budget,
    cluster,
    loginThrottles: redis ? redisLoginThrottles(redis, keys.login) : memoryLoginThrottles(),
    callbackFailures: new FailureNotes(),
    heavyReads,
    snapshots,
    scopedSnapshots: new ScopedSnapshots(),
    ...access,
    schedules,
    ...live,
    flagConfig: labels.flags,
    adherenceRules: rules,
    alerts,
    alertStore,
    sso: config.auth.oidc ? new SingleSignOn(config.auth.oidc, grants) : null,
    staleAfterMs,
    simulator,
    labels: labels.labels,
    teams: labels.teams,
    thresholds,
    vocabulary,
  };
}

/** The tenant (or the built-in simulator without one), the labels config and the access file. A bad labels file stops start-up before anything is started. */
async function openTenant(config: Config) {
  if (config.labelsFile) await loadLabels(config.labelsFile, null);
  let target = config.kore;
  let simulator: RunningSimulator | null = null;
  if (!target) {
    ({ target, simulator } = await embeddedSimulator(config));
    log.info("no KORE_BASE_URL: reading the built-in simulator", { url: simulator.url, agents: config.simulator.agents });
  }
  // The simulator's teams come with it: its sample labels are the fallback.
  const labels = await loadLabels(config.labelsFile, simulator?.sampleLabels() ?? null);
  const grants = await loadAccess(config.auth.accessFile ?? null, labels.labels.teamNames);
  return { target, simulator, labels, grants };
}

type Feed = Awaited<ReturnType<typeof openFeed>>;

/** Kore.ai's client (watched by the checks), Floorview's store, Redis, the request budget and the poller, with the live window the store holds. */
async function openFeed(config: Config, target: KoreTarget, simulator: RunningSimulator | null, metrics: Metrics) {
  const diagnostics = new ConnectionMonitor(config.eventReading, { overlapMs: config.overlapMs, pollIntervalMs: config.pollIntervalMs, source: simulator ? "simulator" : "kore" });
  const client = metrics.countCalls(koreClientFor(config, target, diagnostics.onExchange));
  // The embedded simulator makes up a new floor on each start: its store starts afresh. A real
  // tenant's store is refused for any other tenant.
  const tenant = simulator ? `simulator:${randomBytes(6).toString("hex")}` : `kore:${target.accountId}`;
  const storeTarget: StoreTarget = config.store.databaseUrl ? { engine: "postgres", url: config.store.databaseUrl } : { engine: "sqlite", dataDir: config.store.dataDir };
  const eventStore = await openStore(storeTarget, { tenant, onForeignTenant: simulator ? "reset" : "refuse" });
  eventStore.startReadThread();
  const store = new StoreWriter(eventStore, { retentionMs: config.store.retentionMs, onWrite: (ms) => metrics.storeWrite.observe(ms / 1000) });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, "floorview") : null;
  const keys = clusterKeys(target.accountId);
  const budget: Budget = redis ? new RedisBudget(redis, keys, config.maxRequestsPerMinute) : new RequestBudget(config.maxRequestsPerMinute);
  const poller = new Poller(client, budget, {
    pollIntervalMs: config.pollIntervalMs,
    overlapMs: config.overlapMs,
    sweepDelayMs: config.sweepDelayMs,
    backfillMs: config.backfillMs,
    chunkMs: config.chunkMs,
    rosterRefreshMs: config.rosterRefreshMs,
    rosterPageSize: config.rosterPageSize,
    unauthorizedRetryMs: config.unauthorizedRetryMs,
  });
  poller.store = store;
  poller.monitor = diagnostics;
  diagnostics.floor = { feedIds: () => poller.events.agentIds(), roster: () => poller.roster, rosterLoadedAt: () => poller.rosterLoadedAt };
  store.onChange(() => poller.touch());
  await restoreLive(config, eventStore, poller);
  return { client, diagnostics, eventStore, store, redis, keys, budget, poller };
}

/**
 * The live window as the store holds it: polling resumes from the stored watermark. The store
 * remembers how EventTime was read (zone, clock, date order, parser): what was read otherwise is
 * read again (the importer, first), and meanwhile never restored into memory.
 */
async function restoreLive(config: Config, eventStore: EventStore, poller: Poller): Promise<void> {
  const r = config.eventReading;
  await eventStore.useReading(readingKey(r), r.clock === "24h" && r.dateOrder === "mdy");
  const stale = await eventStore.staleCoverage();
  if (stale.length > 0) log.warn("the store holds history read with other EventTime settings: it is read again from Kore.ai, and the live window read afresh", { ranges: stale.length, from: new Date(stale[0]!.start).toISOString(), reading: readingKey(r) });
  const restoreStarted = performance.now();
  const stored = await eventStore.loadLive(Date.now() - config.backfillMs);
  const live = stale.length > 0 ? { ...stored, events: [], anchors: [], watermark: null } : stored;
  poller.restore(live);
  log.info("store opened", {
    engine: eventStore.engine,
    ...(eventStore.engine === "sqlite" && { dataDir: config.store.dataDir }),
    liveEvents: live.events.length,
    agents: live.anchors.length + new Set(live.events.map((e) => e.agentId)).size,
    resumesFrom: live.watermark === null ? null : new Date(live.watermark).toISOString(),
    ms: Math.round(performance.now() - restoreStarted),
  });
}

/**
 * Links, their revocations and the audit trail would live in one instance's store: a revoked
 * link would open the floor again on another instance once Redis lost what it spread.
 */
function refuseSplitAccess(config: Config, redis: Redis | null, eventStore: EventStore): void {
  if (!redis || eventStore.shared || (config.auth.mode !== "password" && config.auth.mode !== "sso")) return;
  throw new Error(
    `${config.auth.mode === "sso" ? "OIDC_ISSUER" : "AUTH_PASSWORD"} with REDIS_URL (several instances) needs one store for all of them: set DATABASE_URL to a Postgres. With each instance's own embedded store, wallboard links, their revocations and the audit trail would each live on one instance, and a revoked link could open the floor again on another.`,
  );
}

/** This instance polls alone, or shares one poller through Redis (only the leader polls; this instance follows the shared state until it leads). */
async function startPolling(config: Config, { poller, redis, eventStore, keys }: Feed): Promise<RedisShare | null> {
  // With Redis and an embedded store each instance keeps its own: followers write what the leader shares.
  poller.storeSharedReads = redis !== null && !eventStore.shared;
  if (!redis) {
    poller.start();
    return null;
  }
  const cluster = new RedisShare(redis, redis.duplicate(), poller, keys, { pollIntervalMs: config.pollIntervalMs, retentionMs: config.backfillMs });
  await cluster.start();
  log.info("sharing one poller and one state through Redis", { instance: cluster.instanceId });
  releaseLeaseOnShutdown(cluster);
  return cluster;
}

/** Older history (the store first, Kore.ai cached for the rest), the importer of the days before the live window, and the store's daily retention. */
function startHistory(config: Config, { client, budget, redis, keys, store, poller, diagnostics }: Feed, cluster: RedisShare | null) {
  const history = new HistoryStore(
    client,
    budget,
    // A quarter of the budget always stays free for the live feed and the roster.
    { chunkMs: config.historyChunkMs, maxEvents: config.historyCacheEvents, reserve: Math.floor(config.maxRequestsPerMinute / 4) },
    Date.now,
    redis && new RedisHistoryChunks(redis, keys),
  );
  history.store = store;
  history.monitor = diagnostics;
  const importer = new Importer(history, store, poller, {
    importMs: config.store.importMs,
    backfillMs: config.backfillMs,
    // Half the budget stays free for the live feed, the roster and the drill-down.
    reserve: Math.floor(config.maxRequestsPerMinute / 2),
    mayRun: () => cluster === null || cluster.status().role === "leader",
  });
  importer.start();
  scheduleDaily(() => store.prune().then(() => undefined));
  return { history, importer };
}

/** The audit trail, wallboard links and sessions in the store; links and sessions read their ends every second only behind a login. */
async function startAccess(config: Config, eventStore: EventStore, redis: Redis | null, keys: ReturnType<typeof clusterKeys>) {
  const accessStore = new AccessStore(eventStore.db);
  const audit = new Audit(accessStore, config.auth.auditMs);
  const links = new LinkRegistry(accessStore, config.auth, redis && { client: redis, key: keys.revokedLinks });
  const sessions = new SessionRegistry(accessStore);
  if (loginOn(config.auth)) await Promise.all([links.start(), sessions.start()]);
  scheduleDaily(() => audit.prune().then(() => undefined));
  return { audit, links, sessions };
}

/** Adherence, break budgets and behaviour flags now, from memory and the schedules around now. */
async function startLiveViews(config: Config, poller: Poller, schedules: ScheduleStore, vocabulary: Vocabulary, labels: ParsedLabels, rules: AdherenceRules) {
  const liveAdherence = new LiveAdherence(schedules, poller, vocabulary, rules);
  liveAdherence.teams = labels.teams;
  await liveAdherence.refresh(true);
  const liveBreaks = new LiveBreaks(poller, vocabulary, labels.labels, labels.teams, config.floorZone, liveAdherence);
  const liveFlags = new LiveFlags(poller, vocabulary, labels.flags, labels.teams, config.floorZone, liveAdherence);
  return { liveAdherence, liveBreaks, liveFlags };
}

interface AlertParts {
  poller: Poller;
  history: HistoryStore;
  staleAfterMs: number;
  schedules: ScheduleStore;
  alertStore: AlertStore;
  vocabulary: Vocabulary;
  labels: ParsedLabels;
  live: Awaited<ReturnType<typeof startLiveViews>>;
  cluster: RedisShare | null;
  redis: Redis | null;
  sharedStore: boolean;
  rules: AdherenceRules;
}

/** Alerts (FLOORVIEW_ALERTS_FILE), on the leader only; null without the file. */
async function startAlerts(config: Config, p: AlertParts): Promise<AlertEngine | null> {
  if (!config.alertsFile) return null;
  if (p.redis && !p.sharedStore) {
    // Each instance's own embedded store: a new leader would not know what the last one sent.
    throw new Error("FLOORVIEW_ALERTS_FILE with REDIS_URL (several instances) needs one store for all of them: set DATABASE_URL to a Postgres. With each instance's own embedded store, a new leader would not know which alerts the last one sent, and would send them again.");
  }
  const { poller, labels, vocabulary, cluster } = p;
  const alertsConfig = await loadConfigFile("FLOORVIEW_ALERTS_FILE", config.alertsFile, (text) => parseAlertsConfig(text, labels.labels.teamNames));
  const { rules } = p;
  const digestSources: DigestSources = { poller, history: p.history, staleAfterMs: p.staleAfterMs, teams: labels.teams, schedules: p.schedules, alertStore: p.alertStore, vocabulary, labels: labels.labels, flagConfig: labels.flags, adherenceRules: rules, floorZone: config.floorZone };
  const understaffing = alertsConfig.rules.some((r) => r.when.kind === "understaffed")
    ? new Understaffing({ poller, history: p.history, staleAfterMs: p.staleAfterMs, teams: labels.teams, schedules: p.schedules, vocabulary, teamNames: labels.labels.teamNames, zone: config.floorZone })
    : undefined;
  const alerts = new AlertEngine(alertsConfig, p.alertStore, { poller, teams: labels.teams, vocabulary, ...p.live, zone: config.floorZone, understaffing }, {
    publicUrl: config.auth.publicUrl ?? null,
    zone: config.floorZone,
    env: process.env,
    // Only the leader alerts; a takeover reads what it raised from the store.
    mayRun: () => cluster === null || cluster.status().role === "leader",
    ready: () => poller.health.backfilled,
    digest: (d, team, from, to, now) => buildDigest(digestSources, d.name, d.zone, team, from, to, now),
    teamNames: labels.labels.teamNames,
  });
  for (const name of alerts.missingSecrets()) log.warn("alerts: an environment variable the alerts config names is not set; its channel fails until it is", { variable: name });
  alerts.start();
  log.info("alerts on", { rules: alertsConfig.rules.length, digests: alertsConfig.digests.length, channels: Object.keys(alertsConfig.channels).length });
  return alerts;
}

/** Subscribed calendars, each read when due (claimed in the store: one instance reads it), its rows put in place as an upload's, audited. */
function startCalendars(config: Config, schedules: ScheduleStore, poller: Poller, liveAdherence: LiveAdherence, audit: Audit): CalendarSync {
  const sync = new CalendarSync(schedules, {
    hosts: config.calendars.hosts,
    pollMs: config.calendars.pollMs,
    zone: config.floorZone,
    agentByEmail: agentsByEmail(poller),
    onSaved: async (sub, saved) => {
      await liveAdherence.refresh(true);
      await audit.record(`calendar: ${sub.name}`, "schedule_uploaded", { ...saved, subscription: sub.id, profile: sub.profile });
    },
  });
  sync.start();
  return sync;
}

/** Once a day (the first a minute after start): retention of the store and of the audit trail. */
function scheduleDaily(work: () => Promise<void>) {

  const run = () => void work().catch((err: unknown) => log.warn("daily retention failed (tried again tomorrow)", { error: err instanceof Error ? err.message : String(err) }));
  setTimeout(run, 60_000).unref();
  setInterval(run, 86_400_000).unref();
}

/**
 * A clean shutdown gives the lease up, so another instance leads at once instead of when the
 * lease runs out. Next.js's own handler closes the server meanwhile and exits; without it
 * (NEXT_MANUAL_SIG_HANDLE), this one exits.
 */
function releaseLeaseOnShutdown(cluster: RedisShare) {
  for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
    process.once(signal, () => {
      void cluster.stop().finally(() => {
        if (process.listenerCount(signal) === 0) process.exit(code);
      });
    });
  }
}

export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  holder[KEY] ??= start();
  return holder[KEY];
}

/** Boot-time start: a bad environment variable stops the server, naming the variable. */
export async function bootOrExit(): Promise<void> {
  try {
    await getRuntime();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
