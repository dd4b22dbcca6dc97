import "server-only";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { isValidTimeZone } from "@/lib/time/zone";
import { DEFAULT_THRESHOLDS, parseThresholds, type ThresholdRule } from "@/lib/states/thresholds";

/**
 * Every environment variable Floorview reads, parsed once. A bad value stops start-up with a
 * message naming the variable. `.env.example` documents each one.
 */

const number = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `must be a number between ${min} and ${max}` })
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const int = (min: number, max: number, fallback: number) =>
  number(min, max, fallback).pipe(z.number().int("must be a whole number"));

/** An optional URL that `ok` accepts; anything else (or no URL at all) is refused with `message`. */
const url = (ok: (u: URL) => boolean, message: string) =>
  z
    .string()
    .refine((v) => {
      try {
        return ok(new URL(v));
      } catch {
        return false;
      }
    }, message)
    .optional();

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
  .default("false")
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  KORE_BASE_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://platform.kore.ai" }).optional(),
  KORE_ACCOUNT_ID: z.string().optional(),
  KORE_STREAM_ID: z.string().optional(),
  KORE_CLIENT_ID: z.string().optional(),
  KORE_CLIENT_SECRET: z.string().optional(),
  KORE_JWT: z.string().optional(),
  KORE_JWT_JTI: flag,
  KORE_EVENT_TIMEZONE: z
    .string()
    .default("UTC")
    .refine(isValidTimeZone, "must be an IANA time zone such as UTC, America/New_York or Asia/Kolkata"),
  KORE_EVENT_CLOCK: z.enum(["24h", "12h"], { error: "must be 24h or 12h (an hour without AM/PM read as the half of the day inside the window asked for)" }).default("24h"),
  KORE_EVENT_DATE_ORDER: z.enum(["mdy", "dmy"], { error: "must be mdy (month/day/year, as documented) or dmy (day/month/year)" }).default("mdy"),
  KORE_BACKFILL_HOURS: number(1, 168, 12),
  KORE_BACKFILL_CHUNK_MINUTES: int(5, 1440, 60),
  KORE_POLL_INTERVAL_SECONDS: number(0.5, 600, 15),
  KORE_POLL_OVERLAP_SECONDS: int(0, 3600, 90),
  KORE_SWEEP_DELAY_MINUTES: number(0, 1440, 10),
  KORE_MAX_REQUESTS_PER_MINUTE: int(1, 60, 20),
  KORE_REQUEST_TIMEOUT_SECONDS: number(1, 120, 15),
  KORE_UNAUTHORIZED_RETRY_SECONDS: number(1, 3600, 60),
  KORE_ROSTER_REFRESH_MINUTES: number(0.1, 1440, 5),
  KORE_HISTORY_CHUNK_HOURS: z.coerce
    .number()
    .default(6)
    .refine((h) => [1, 2, 3, 4, 6, 8, 12, 24].includes(h), "must divide a day: 1, 2, 3, 4, 6, 8, 12 or 24"),
  FLOORVIEW_HISTORY_CACHE_EVENTS: int(10_000, 50_000_000, 1_000_000),
  KORE_ROSTER_PAGE_SIZE: int(1, 1000, 50),
  FLOORVIEW_REFRESH_SECONDS: number(1, 60, 5),
  FLOORVIEW_LABELS_FILE: z.string().optional(),
  FLOORVIEW_ALERTS_FILE: z.string().optional(),
  FLOORVIEW_THRESHOLDS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined) return [...DEFAULT_THRESHOLDS];
      try {
        return parseThresholds(text);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: err instanceof Error ? err.message : String(err) });
        return z.NEVER;
      }
    }),
  FLOORVIEW_WALLBOARD_PAGE_SECONDS: number(3, 600, 15),
  FLOORVIEW_STALE_AFTER_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .min(1, "must be at least 1")
    .max(3600, "must be at most 3600")
    .optional(),
  AUTH_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  AUTH_DISABLED: flag,
  AUTH_SESSION_HOURS: number(0.1, 720, 12),
  AUTH_LINK_DAYS: int(1, 3650, 90),
  AUTH_LINK_MAX_DAYS: int(1, 3650, 365),
  FLOORVIEW_AUDIT_DAYS: int(1, 3650, 365),
  OIDC_ISSUER: url(
    (u) => u.protocol === "https:" || (u.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)),
    "must be the identity provider's https:// issuer URL (http:// only on this machine, for tests), e.g. https://login.example.com/realms/floor",
  ),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().default("openid profile email"),
  OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  FLOORVIEW_ACCESS_FILE: z.string().optional(),
  FLOORVIEW_PUBLIC_URL: url((u) => /^https?:$/.test(u.protocol), "must be the address people open Floorview at, e.g. https://floorview.example.com"),
  FLOORVIEW_TRUSTED_PROXIES: z
    .string()
    .transform((v, ctx): TrustedProxies => {
      const t = v.trim();
      if (/^\d+$/.test(t)) {
        const count = Number(t);
        if (count >= 1 && count <= 10) return { count };
      } else {
        const addresses = t.split(",").map((a) => a.trim()).filter(Boolean);
        if (addresses.length > 0 && addresses.every((a) => isIP(a) !== 0)) return { addresses };
      }
      ctx.addIssue({ code: "custom", message: "must be how many reverse proxies stand in front of Floorview (1 to 10), or their addresses, comma-separated (e.g. 10.0.0.5,10.0.0.6)" });
      return z.NEVER;
    })
    .optional(),
  FLOORVIEW_FRAME_ANCESTORS: z
    .string()
    .default("'none'")
    .refine((v) => /^[\w\s'.:/*-]+$/.test(v) && !/[;,]/.test(v), "must be a CSP source list such as 'none', 'self' or https://tools.example.com"),
  KORE_MAX_BODY_MB: int(1, 1024, 32),
  /** Read by Floorview's launcher (scripts/floorview-server.mjs): validated here, with the rest. */
  FLOORVIEW_UPLOAD_TIMEOUT_SECONDS: number(5, 3600, 60),
  REDIS_URL: url((u) => /^rediss?:$/.test(u.protocol), "must be a redis:// or rediss:// URL such as redis://redis:6379 (or redis://:password@host:6379/0)"),
  FLOORVIEW_DATA_DIR: z.string().default("./data"),
  DATABASE_URL: url((u) => /^postgres(ql)?:$/.test(u.protocol), "must be a postgres:// URL such as postgres://floorview:password@db:5432/floorview"),
  FLOORVIEW_RETENTION_DAYS: int(1, 3650, 90),
  FLOORVIEW_IMPORT_DAYS: int(0, 3650, 7),
  FLOORVIEW_ADHERENCE_GRACE_MINUTES: number(0, 240, 3),
  /** The hosts a subscribed calendar may be read from (`calendar.example.com`, `*.example.com`), comma-separated; none: no subscription reaches anywhere. */
  FLOORVIEW_CALENDAR_HOSTS: z
    .string()
    .default("")
    .transform((v) => [...new Set(v.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))])
    .refine((hosts) => hosts.every((h) => /^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(h)), "must be host names, comma-separated, such as calendar.example.com,*.example.org (a port after a colon)"),
  FLOORVIEW_CALENDAR_POLL_MINUTES: int(5, 1440, 60),
  FLOORVIEW_TIMEZONE: z
    .string()
    .optional()
    .refine((v) => v === undefined || isValidTimeZone(v), "must be an IANA time zone such as Europe/Berlin"),
  FLOORVIEW_ADHERENCE_WORK: z
    .string()
    .default("ready,busy,acw")
    .transform((v) => [...new Set(v.split(",").map((s) => s.trim().toLowerCase().replace(/[^a-z0-9]/g, "")).filter(Boolean))])
    .refine((l) => l.length > 0, "must list the families or activities that count as working, such as ready,busy,acw"),
  FLOORVIEW_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. openssl rand -base64 24)").optional(),
  SIM_AGENTS: int(1, 20_000, 40),
  SIM_SEED: z.string().default("floorview"),
  SIM_PORT: int(0, 65535, 0),
  SIM_HISTORY_HOURS: number(1, 24 * 31, 24 * 8),
  SIM_TIMEZONE: z.string().refine(isValidTimeZone, "must be an IANA time zone").optional(),
  SIM_DIALECT: z
    .string()
    .optional()
    .refine((v) => v === undefined || /^[a-z0-9=,\s-]*$/.test(v), "a comma-separated list of dialect words (see lib/simulator/dialect.ts)"),
});

type Env = z.infer<typeof schema>;

export interface KoreTarget {
  baseUrl: string;
  accountId: string;
  streamId: string;
  jwt: { kind: "static"; token: string } | { kind: "signed"; clientId: string; clientSecret: string; enforceJti: boolean };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  groupsClaim: string;
}

export interface AuthConfig {
  /** open: the demo on the simulator; password: a login; disabled: behind an SSO proxy. */
  mode: "open" | "password" | "sso" | "disabled";
  password: string | null;
  /** Signs sessions and wallboard links; rotating it revokes them all. */
  secret: string | null;
  sessionMs: number;
  /** Default lifetime of a wallboard link. */
  linkMs: number;
  /** AUTH_LINK_MAX_DAYS: no link lives longer. */
  linkMaxMs: number;
  /** FLOORVIEW_AUDIT_DAYS: how long the audit trail is kept. */
  auditMs: number;
  /** Single sign-on (OpenID Connect); null: none. */
  oidc?: OidcConfig | null;
  /** FLOORVIEW_ACCESS_FILE: identity-provider groups → role and teams. */
  accessFile?: string | null;
  /** FLOORVIEW_PUBLIC_URL: where people open Floorview (the sign-in's return address); null: as each request says. */
  publicUrl?: string | null;
  /** FLOORVIEW_METRICS_TOKEN: the bearer token /api/metrics asks for; null: open without a login, closed with one. */
  metricsToken: string | null;
  /** FLOORVIEW_TRUSTED_PROXIES: whose X-Forwarded-For names the client; null: the socket's address does. */
  trustedProxies: TrustedProxies | null;
}

/** The reverse proxies in front of Floorview: how many, or which addresses. */
export type TrustedProxies = { count: number } | { addresses: string[] };

export interface StoreConfig {
  /** The embedded store lives here (FLOORVIEW_DATA_DIR), as an absolute path; unused with Postgres. */
  dataDir: string;
  /** DATABASE_URL: every instance on one Postgres; null: the embedded store. */
  databaseUrl: string | null;
  /** Events older than this are pruned, once a day. */
  retentionMs: number;
  /** The days before the live window read into the store in the background after start-up. */
  importMs: number;
}

export interface Config {
  /** null: no tenant configured, so the built-in simulator is started and read over HTTP. */
  kore: KoreTarget | null;
  eventTimeZone: string;
  /** How zone-less EventTimes are read: KORE_EVENT_TIMEZONE, KORE_EVENT_CLOCK, KORE_EVENT_DATE_ORDER. */
  eventReading: { zone: string; clock: "24h" | "12h"; dateOrder: "mdy" | "dmy" };
  backfillMs: number;
  chunkMs: number;
  pollIntervalMs: number;
  overlapMs: number;
  /** KORE_SWEEP_DELAY_MINUTES: a settled stretch is read once more this long after its end (0: never). */
  sweepDelayMs: number;
  maxRequestsPerMinute: number;
  requestTimeoutMs: number;
  unauthorizedRetryMs: number;
  rosterRefreshMs: number;
  rosterPageSize: number;
  /** Older history (the drill-down) is read in chunks this long, aligned to UTC. */
  historyChunkMs: number;
  historyCacheEvents: number;
  clientRefreshMs: number;
  /** Path of the labels config (reason codes, activities, teams); null: none (the simulator's sample on the simulator). */
  labelsFile: string | null;
  /** Path of the alerts config (rules and channels); null: no alerts are sent. */
  alertsFile: string | null;
  /** Time-in-state thresholds from FLOORVIEW_THRESHOLDS, for the wallboard and the grid. */
  thresholds: ThresholdRule[];
  /** Data not read up to within this of now is shown as stale. */
  staleAfterMs: number;
  auth: AuthConfig;
  /** The CSP frame-ancestors source list: who may embed Floorview (a wallboard in another tool). */
  frameAncestors: string;
  /** A Kore.ai answer larger than this is refused, not buffered. */
  maxBodyBytes: number;
  /** Set: several instances share one poller (a leader lease) and one state in this Redis. null: one instance, in memory. */
  redisUrl: string | null;
  /** How long the wallboard shows a page when the floor does not fit on one. */
  wallboardPageMs: number;
  /** Floorview's own store of events, roster and coverage. */
  store: StoreConfig;
  /** Subscribed calendars: the hosts they may be read from (FLOORVIEW_CALENDAR_HOSTS), and how often (FLOORVIEW_CALENDAR_POLL_MINUTES). */
  calendars: { hosts: string[]; pollMs: number };
  /** Schedule adherence: what counts as working (families or activity keys), and how long a stretch out may last before it is an exception. */
  adherence: { work: string[]; graceMs: number };
  /** FLOORVIEW_TIMEZONE (default KORE_EVENT_TIMEZONE): the floor's zone, where its day begins (break budgets without a schedule). */
  floorZone: string;
  /** The built-in simulator (no KORE_BASE_URL): SIM_TIMEZONE (default KORE_EVENT_TIMEZONE) is the zone it writes in; SIM_DIALECT how it differs from Kore.ai's page. */
  simulator: { agents: number; seed: string; port: number; historyHours: number; timeZone: string; dialect: string | null };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Floorview configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function tenant(env: Env): KoreTarget | null {
  if (!env.KORE_BASE_URL) return null;
  const problems: string[] = [];
  if (!env.KORE_ACCOUNT_ID) problems.push("KORE_ACCOUNT_ID: required when KORE_BASE_URL is set");
  if (!env.KORE_STREAM_ID) problems.push("KORE_STREAM_ID: required when KORE_BASE_URL is set (the app's stream id, st-…)");
  const signed = env.KORE_CLIENT_ID && env.KORE_CLIENT_SECRET;
  if (!env.KORE_JWT && !signed) {
    problems.push("KORE_CLIENT_ID and KORE_CLIENT_SECRET (or KORE_JWT): required when KORE_BASE_URL is set");
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    baseUrl: env.KORE_BASE_URL,
    accountId: env.KORE_ACCOUNT_ID!,
    streamId: env.KORE_STREAM_ID!,
    jwt: signed
      ? { kind: "signed", clientId: env.KORE_CLIENT_ID!, clientSecret: env.KORE_CLIENT_SECRET!, enforceJti: env.KORE_JWT_JTI }
      : { kind: "static", token: env.KORE_JWT! },
  };
}

function auth(env: Env): AuthConfig {
  const problems: string[] = [];
  if (env.AUTH_PASSWORD && !env.AUTH_SECRET) problems.push("AUTH_SECRET: required with AUTH_PASSWORD, at least 32 characters (e.g. openssl rand -base64 32)");
  if (env.AUTH_PASSWORD && env.AUTH_DISABLED) problems.push("AUTH_DISABLED: set either AUTH_PASSWORD (a login) or AUTH_DISABLED=true (behind an SSO proxy), not both");
  if (env.KORE_BASE_URL && !env.AUTH_PASSWORD && !env.AUTH_DISABLED && !env.OIDC_ISSUER) {
    problems.push(
      "AUTH_PASSWORD and AUTH_SECRET: required with a real tenant (KORE_BASE_URL), so that agent activity is not open to whoever finds the URL; or AUTH_DISABLED=true when an SSO proxy in front of Floorview does the login",
    );
  }
  if (env.OIDC_ISSUER) {
    if (!env.OIDC_CLIENT_ID) problems.push("OIDC_CLIENT_ID: required with OIDC_ISSUER (Floorview's client id at the identity provider)");
    if (!env.OIDC_CLIENT_SECRET) problems.push("OIDC_CLIENT_SECRET: required with OIDC_ISSUER (Floorview's client secret at the identity provider)");
    if (!env.AUTH_SECRET) problems.push("AUTH_SECRET: required with OIDC_ISSUER, at least 32 characters (it signs the sessions)");
    if (!env.FLOORVIEW_ACCESS_FILE) problems.push("FLOORVIEW_ACCESS_FILE: required with OIDC_ISSUER: it says which identity-provider groups get which role and teams");
    if (env.AUTH_DISABLED) problems.push("AUTH_DISABLED: set either OIDC_ISSUER (Floorview's own single sign-on) or AUTH_DISABLED=true (a proxy in front does it), not both");
  }
  if (env.AUTH_LINK_DAYS > env.AUTH_LINK_MAX_DAYS) problems.push(`AUTH_LINK_DAYS: must be at most AUTH_LINK_MAX_DAYS (${env.AUTH_LINK_MAX_DAYS})`);
  if (problems.length) throw new ConfigError(problems);
  return {
    mode: env.OIDC_ISSUER ? "sso" : env.AUTH_PASSWORD ? "password" : env.AUTH_DISABLED ? "disabled" : "open",
    password: env.AUTH_PASSWORD ?? null,
    secret: env.AUTH_SECRET ?? null,
    sessionMs: env.AUTH_SESSION_HOURS * 3_600_000,
    linkMs: env.AUTH_LINK_DAYS * 86_400_000,
    linkMaxMs: env.AUTH_LINK_MAX_DAYS * 86_400_000,
    auditMs: env.FLOORVIEW_AUDIT_DAYS * 86_400_000,
    oidc: env.OIDC_ISSUER
      ? { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, scopes: env.OIDC_SCOPES, groupsClaim: env.OIDC_GROUPS_CLAIM }
      : null,
    accessFile: env.FLOORVIEW_ACCESS_FILE ?? null,
    publicUrl: env.FLOORVIEW_PUBLIC_URL?.replace(/\/+$/, "") ?? null,
    metricsToken: env.FLOORVIEW_METRICS_TOKEN ?? null,
    trustedProxies: env.FLOORVIEW_TRUSTED_PROXIES ?? null,
  };
}

function store(env: Env, cwd: string): StoreConfig {
  if (env.FLOORVIEW_IMPORT_DAYS > env.FLOORVIEW_RETENTION_DAYS) {
    throw new ConfigError([`FLOORVIEW_IMPORT_DAYS: must be at most FLOORVIEW_RETENTION_DAYS (${env.FLOORVIEW_RETENTION_DAYS}): older days would be pruned as soon as they are read`]);
  }
  return {
    dataDir: resolve(cwd, env.FLOORVIEW_DATA_DIR),
    databaseUrl: env.DATABASE_URL ?? null,
    retentionMs: env.FLOORVIEW_RETENTION_DAYS * 86_400_000,
    importMs: env.FLOORVIEW_IMPORT_DAYS * 86_400_000,
  };
}

/**
 * `cwd`: what a relative FLOORVIEW_DATA_DIR is relative to. The launcher records the directory
 * it was started in (FLOORVIEW_LAUNCH_DIR), since Next's stand-alone server changes directory.
 */
export function parseConfig(source: Record<string, string | undefined>, cwd = source.FLOORVIEW_LAUNCH_DIR ?? process.cwd()): Config {
  // An empty value (`KORE_BASE_URL=` in a .env file) means "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const env = parsed.data;
  return {
    kore: tenant(env),
    auth: auth(env),
    frameAncestors: env.FLOORVIEW_FRAME_ANCESTORS,
    maxBodyBytes: env.KORE_MAX_BODY_MB * 1024 * 1024,
    redisUrl: env.REDIS_URL ?? null,
    eventTimeZone: env.KORE_EVENT_TIMEZONE,
    eventReading: { zone: env.KORE_EVENT_TIMEZONE, clock: env.KORE_EVENT_CLOCK, dateOrder: env.KORE_EVENT_DATE_ORDER },
    backfillMs: env.KORE_BACKFILL_HOURS * 3_600_000,
    chunkMs: env.KORE_BACKFILL_CHUNK_MINUTES * 60_000,
    pollIntervalMs: env.KORE_POLL_INTERVAL_SECONDS * 1000,
    overlapMs: env.KORE_POLL_OVERLAP_SECONDS * 1000,
    sweepDelayMs: env.KORE_SWEEP_DELAY_MINUTES * 60_000,
    maxRequestsPerMinute: env.KORE_MAX_REQUESTS_PER_MINUTE,
    requestTimeoutMs: env.KORE_REQUEST_TIMEOUT_SECONDS * 1000,
    unauthorizedRetryMs: env.KORE_UNAUTHORIZED_RETRY_SECONDS * 1000,
    rosterRefreshMs: env.KORE_ROSTER_REFRESH_MINUTES * 60_000,
    rosterPageSize: env.KORE_ROSTER_PAGE_SIZE,
    historyChunkMs: env.KORE_HISTORY_CHUNK_HOURS * 3_600_000,
    historyCacheEvents: env.FLOORVIEW_HISTORY_CACHE_EVENTS,
    clientRefreshMs: env.FLOORVIEW_REFRESH_SECONDS * 1000,
    thresholds: env.FLOORVIEW_THRESHOLDS,
    labelsFile: env.FLOORVIEW_LABELS_FILE ?? null,
    alertsFile: env.FLOORVIEW_ALERTS_FILE ?? null,
    wallboardPageMs: env.FLOORVIEW_WALLBOARD_PAGE_SECONDS * 1000,
    store: store(env, cwd),
    adherence: { work: env.FLOORVIEW_ADHERENCE_WORK, graceMs: env.FLOORVIEW_ADHERENCE_GRACE_MINUTES * 60_000 },
    calendars: { hosts: env.FLOORVIEW_CALENDAR_HOSTS, pollMs: env.FLOORVIEW_CALENDAR_POLL_MINUTES * 60_000 },
    floorZone: env.FLOORVIEW_TIMEZONE ?? env.KORE_EVENT_TIMEZONE,
    // By default three poll intervals, and at least 45 s.
    staleAfterMs: (env.FLOORVIEW_STALE_AFTER_SECONDS ?? Math.max(3 * env.KORE_POLL_INTERVAL_SECONDS, 45)) * 1000,
    simulator: { agents: env.SIM_AGENTS, seed: env.SIM_SEED, port: env.SIM_PORT, historyHours: env.SIM_HISTORY_HOURS, timeZone: env.SIM_TIMEZONE ?? env.KORE_EVENT_TIMEZONE, dialect: env.SIM_DIALECT ?? null },
  };
}
