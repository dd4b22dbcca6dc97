import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("runs on the built-in simulator with sensible defaults when nothing is set", () => {
    const c = parseConfig({});
    expect(c.kore).toBeNull();
    expect(c).toMatchObject({
      eventTimeZone: "UTC",
      backfillMs: 12 * 3_600_000,
      pollIntervalMs: 15_000,
      overlapMs: 90_000,
      maxRequestsPerMinute: 20,
      clientRefreshMs: 5_000,
      simulator: { agents: 40 },
    });
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ KORE_BASE_URL: "", KORE_POLL_INTERVAL_SECONDS: " " }).kore).toBeNull();
  });

  it("points at a tenant with a client id and secret", () => {
    const c = parseConfig({
      KORE_BASE_URL: "https://platform.kore.ai",
      KORE_ACCOUNT_ID: "acc",
      KORE_STREAM_ID: "st-1",
      KORE_CLIENT_ID: "cs-1",
      KORE_CLIENT_SECRET: "secret",
      KORE_JWT_JTI: "true",
      KORE_EVENT_TIMEZONE: "Asia/Kolkata",
      AUTH_PASSWORD: "correct horse",
      AUTH_SECRET: "s".repeat(32),
    });
    expect(c.kore).toEqual({
      baseUrl: "https://platform.kore.ai",
      accountId: "acc",
      streamId: "st-1",
      jwt: { kind: "signed", clientId: "cs-1", clientSecret: "secret", enforceJti: true },
    });
    expect(c.eventTimeZone).toBe("Asia/Kolkata");
  });

  it("accepts a ready-made KORE_JWT instead of id and secret", () => {
    const c = parseConfig({ KORE_BASE_URL: "https://k.example", KORE_ACCOUNT_ID: "a", KORE_STREAM_ID: "s", KORE_JWT: "t.t.t", AUTH_DISABLED: "true" });
    expect(c.auth.mode).toBe("disabled");
    expect(c.kore?.jwt).toEqual({ kind: "static", token: "t.t.t" });
  });

  it("names every missing variable for a tenant", () => {
    expect(() => parseConfig({ KORE_BASE_URL: "https://k.example" })).toThrow(/KORE_ACCOUNT_ID[\s\S]*KORE_STREAM_ID[\s\S]*KORE_CLIENT_ID and KORE_CLIENT_SECRET/);
  });

  it("runs the simulator demo open, and a tenant only behind a login or an SSO proxy", () => {
    expect(parseConfig({}).auth).toMatchObject({ mode: "open", password: null });
    const tenant = { KORE_BASE_URL: "https://k.example", KORE_ACCOUNT_ID: "a", KORE_STREAM_ID: "s", KORE_JWT: "t.t.t" };
    expect(() => parseConfig(tenant)).toThrow(/AUTH_PASSWORD and AUTH_SECRET: required with a real tenant[\s\S]*AUTH_DISABLED=true/);
    const c = parseConfig({ ...tenant, AUTH_PASSWORD: "correct horse", AUTH_SECRET: "x".repeat(40) });
    expect(c.auth).toMatchObject({ mode: "password", sessionMs: 12 * 3_600_000, linkMs: 90 * 86_400_000 });
    expect(() => parseConfig({ AUTH_PASSWORD: "correct horse" })).toThrow(/AUTH_SECRET: required with AUTH_PASSWORD/);
    expect(() => parseConfig({ AUTH_PASSWORD: "correct horse", AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(() => parseConfig({ AUTH_PASSWORD: "correct horse", AUTH_SECRET: "x".repeat(40), AUTH_DISABLED: "true" })).toThrow(/not both/);
  });

  it("single sign-on: names what it needs, keeps the password only when it is set too, and caps links", () => {
    const tenant = { KORE_BASE_URL: "https://k.example", KORE_ACCOUNT_ID: "a", KORE_STREAM_ID: "s", KORE_JWT: "t.t.t" };
    expect(() => parseConfig({ ...tenant, OIDC_ISSUER: "https://login.example" })).toThrow(/OIDC_CLIENT_ID[\s\S]*OIDC_CLIENT_SECRET[\s\S]*AUTH_SECRET[\s\S]*FLOORVIEW_ACCESS_FILE/);
    expect(() => parseConfig({ OIDC_ISSUER: "http://login.example" })).toThrow(/OIDC_ISSUER: must be the identity provider's https:\/\/ issuer URL/);
    const sso = { ...tenant, OIDC_ISSUER: "https://login.example/realm", OIDC_CLIENT_ID: "fv", OIDC_CLIENT_SECRET: "cs", AUTH_SECRET: "x".repeat(40), FLOORVIEW_ACCESS_FILE: "/etc/access.json" };
    expect(parseConfig(sso).auth).toMatchObject({ mode: "sso", password: null, oidc: { issuer: "https://login.example/realm", scopes: "openid profile email", groupsClaim: "groups" } });
    expect(parseConfig({ ...sso, AUTH_PASSWORD: "correct horse" }).auth).toMatchObject({ mode: "sso", password: "correct horse" });
    expect(parseConfig({}).auth).toMatchObject({ linkMaxMs: 365 * 86_400_000, auditMs: 365 * 86_400_000 });
    expect(() => parseConfig({ AUTH_LINK_DAYS: "400" })).toThrow(/AUTH_LINK_DAYS: must be at most AUTH_LINK_MAX_DAYS \(365\)/);
  });

  it("shares one state through Redis only when REDIS_URL is set", () => {
    expect(parseConfig({}).redisUrl).toBeNull();
    expect(parseConfig({ REDIS_URL: "redis://:pw@redis:6379/1" }).redisUrl).toBe("redis://:pw@redis:6379/1");
    // The password is never part of the message.
    expect(() => parseConfig({ REDIS_URL: "http://:hunter22@redis" })).not.toThrow(/hunter22/);
  });

  it("keeps the store in ./data where Floorview was started, unless told otherwise", () => {
    expect(parseConfig({}, "/srv/floorview").store).toEqual({ dataDir: "/srv/floorview/data", databaseUrl: null, retentionMs: 90 * 86_400_000, importMs: 7 * 86_400_000 });
    // The launcher records where it was started: Next's server changes directory to its own.
    expect(parseConfig({ FLOORVIEW_LAUNCH_DIR: "/home/ops/fv", FLOORVIEW_DATA_DIR: "store" }).store.dataDir).toBe("/home/ops/fv/store");
    expect(parseConfig({ FLOORVIEW_DATA_DIR: "/var/lib/floorview" }, "/srv").store.dataDir).toBe("/var/lib/floorview");
    expect(parseConfig({ DATABASE_URL: "postgres://fv:pw@db:5432/floorview", FLOORVIEW_IMPORT_DAYS: "0" }).store).toMatchObject({ databaseUrl: "postgres://fv:pw@db:5432/floorview", importMs: 0 });
  });

  it("takes trusted reverse proxies as a count or as addresses", () => {
    expect(parseConfig({}).auth.trustedProxies).toBeNull();
    expect(parseConfig({ FLOORVIEW_TRUSTED_PROXIES: "2" }).auth.trustedProxies).toEqual({ count: 2 });
    expect(parseConfig({ FLOORVIEW_TRUSTED_PROXIES: "10.0.0.5, ::1" }).auth.trustedProxies).toEqual({ addresses: ["10.0.0.5", "::1"] });
  });

  it("names the variable with a bad value", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ KORE_POLL_INTERVAL_SECONDS: "soon" }, /KORE_POLL_INTERVAL_SECONDS/],
      [{ KORE_MAX_REQUESTS_PER_MINUTE: "100" }, /KORE_MAX_REQUESTS_PER_MINUTE: must be at most 60/],
      [{ KORE_EVENT_TIMEZONE: "Mars/Base" }, /KORE_EVENT_TIMEZONE: must be an IANA time zone/],
      [{ KORE_BASE_URL: "platform.kore.ai" }, /KORE_BASE_URL/],
      [{ KORE_JWT_JTI: "maybe" }, /KORE_JWT_JTI: must be true or false/],
      [{ KORE_HISTORY_CHUNK_HOURS: "5" }, /KORE_HISTORY_CHUNK_HOURS: must divide a day/],
      [{ FLOORVIEW_THRESHOLDS: "notready=10/20" }, /FLOORVIEW_THRESHOLDS: "notready=10\/20": durations/],
      [{ FLOORVIEW_WALLBOARD_PAGE_SECONDS: "1" }, /FLOORVIEW_WALLBOARD_PAGE_SECONDS: must be at least 3/],
      [{ FLOORVIEW_FRAME_ANCESTORS: "'self'; script-src *" }, /FLOORVIEW_FRAME_ANCESTORS: must be a CSP source list/],
      [{ REDIS_URL: "redis.internal:6379" }, /REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/],
      [{ DATABASE_URL: "mysql://db/floorview" }, /DATABASE_URL: must be a postgres:\/\/ URL/],
      [{ FLOORVIEW_RETENTION_DAYS: "0" }, /FLOORVIEW_RETENTION_DAYS: must be at least 1/],
      [{ FLOORVIEW_IMPORT_DAYS: "30", FLOORVIEW_RETENTION_DAYS: "14" }, /FLOORVIEW_IMPORT_DAYS: must be at most FLOORVIEW_RETENTION_DAYS \(14\)/],
      [{ FLOORVIEW_METRICS_TOKEN: "short" }, /FLOORVIEW_METRICS_TOKEN: must be at least 16 characters/],
      [{ FLOORVIEW_TRUSTED_PROXIES: "0" }, /FLOORVIEW_TRUSTED_PROXIES: must be how many reverse proxies/],
      [{ FLOORVIEW_TRUSTED_PROXIES: "10.0.0.5,proxy.internal" }, /FLOORVIEW_TRUSTED_PROXIES: must be how many reverse proxies/],
    ];
    for (const [env, message] of cases) {
      expect(() => parseConfig(env)).toThrow(ConfigError);
      expect(() => parseConfig(env)).toThrow(message);
    }
  });
});
