import type { APIRequestContext } from "@playwright/test";
import { SIM_TEAMS } from "@/lib/simulator/labels";
import type { AdherenceReport, AgentNow, AgentsSnapshot, AgentTimeline, HealthResponse, ScheduleUpload, SchedulesAnswer, TimeInStateReport } from "@/lib/api-types";
import { request as httpRequest } from "node:http";
import { E2E_AGENTS } from "../playwright.config";
import { expect, KEPT_MS, test } from "./fixtures";

/**
 * Asks again at once with the ETag just received: that must be a 304 with no body. The floor's
 * poll (every 2 s) moves the snapshot on; if one falls between the two requests the second is a
 * 200, which must then be a new snapshot (a new ETag, read further). A server that never answers
 * 304 fails.
 */
async function expectRevalidates(request: APIRequestContext, headers: Record<string, string>) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const first = await request.get("/api/agents", { headers });
    const etag = first.headers()["etag"]!;
    expect(etag).toMatch(/^W\/"[\w-]{22}"$/);
    const again = await request.get("/api/agents", { headers: { ...headers, "If-None-Match": etag } });
    if (again.status() === 304) {
      expect(again.headers()["etag"]).toBe(etag);
      expect((await again.body()).length).toBe(0);
      return;
    }
    expect(again.status()).toBe(200);
    expect(again.headers()["etag"]).not.toBe(etag);
    const [a, b] = [(await first.json()) as AgentsSnapshot, (await again.json()) as AgentsSnapshot];
    expect(Date.parse(b.upstream.coveredUntil!)).toBeGreaterThan(Date.parse(a.upstream.coveredUntil!));
  }
  throw new Error("five times in a row, the ETag just sent did not answer 304");
}

/** The status of a POST whose headers are sent and whose body never is: what the server says from the headers alone. */
function statusOfPost(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const port = Number(new URL(test.info().project.use.baseURL!).port);
    const req = httpRequest({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

test.describe("HTTP API", () => {
  test("GET /api/agents gives every agent of the simulated floor in the state the simulator says it is in", async ({ request, sim }) => {
    const res = await request.get("/api/agents");
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("no-store");
    const body = (await res.json()) as AgentsSnapshot;
    expect(Date.parse(body.asOf)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.upstream.status).toBe("ok");
    expect(body.agents.length).toBeGreaterThanOrEqual(E2E_AGENTS);
    for (const a of body.agents) {
      // The simulator's sample labels config deals its agents into teams.
      if (a.agentId.startsWith("a-")) expect(SIM_TEAMS).toContain(a.team);
      if (a.activity !== null) expect(Date.parse(a.since!)).toBeLessThanOrEqual(Date.parse(a.lastEventAt!));
    }
    // Against the simulator's own account, not Floorview's: the floor is live, so the two must
    // agree within a few polls.
    await expect(async () => {
      const truth = await sim.truth();
      const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
      const byId = new Map(agents.map((a) => [a.agentId, a]));
      for (const r of truth.roster) expect(byId.get(r.agentId)?.name, r.agentId).toBe(r.name);
      for (const t of truth.agents) {
        expect(byId.get(t.agentId), t.agentId).toMatchObject({ activity: t.activity, reasonCode: t.reasonCode, since: new Date(t.since).toISOString() });
      }
      const known = new Set(truth.agents.map((t) => t.agentId));
      for (const a of agents) if (!known.has(a.agentId)) expect(a.activity, `${a.agentId} has no event in the 12 hours kept`).toBeNull();
    }).toPass({ timeout: 15_000 });
  });

  test("GET /api/agents?at= gives the floor as it was at 50 random past instants: every agent's activity, reason and since as the simulator had them; a bad or future instant named", async ({ request, sim }) => {
    const now = Date.now();
    // The server keeps 12 hours (KEPT_MS) from its start; the truth is asked of the same 12 hours
    // from now, a little later: a state begun between the two is one only the server can know.
    const truthFrom = now - KEPT_MS;
    let seed = 20261206;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
    for (let n = 0; n < 50; n++) {
      // Any whole second of the last six hours, up to three minutes ago (what the feed has surely released).
      const at = Math.floor((now - 6 * 3_600_000 + random() * (6 * 3_600_000 - 180_000)) / 1000) * 1000;
      const iso = new Date(at).toISOString();
      const res = await request.get(`/api/agents?at=${iso}`);
      expect(res.status(), iso).toBe(200);
      const body = (await res.json()) as AgentsSnapshot;
      expect(body, iso).toMatchObject({ asOf: iso, historical: true, complete: true });
      const truth = await sim.truth(KEPT_MS, at, truthFrom);
      const byId = new Map(body.agents.map((a) => [a.agentId, a]));
      // Every difference from the truth, gathered (one expectation an instant: thousands would cost seconds).
      const wrong: string[] = [];
      for (const r of truth.roster) if (byId.get(r.agentId)?.name !== r.name) wrong.push(`${r.agentId}: name ${byId.get(r.agentId)?.name}, not ${r.name}`);
      for (const t of truth.agents) {
        const a = byId.get(t.agentId)!;
        const since = Date.parse(a.since ?? "");
        if (a.activity !== t.activity || a.reasonCode !== t.reasonCode) wrong.push(`${t.agentId}: ${a.activity}/${a.reasonCode}, not ${t.activity}/${t.reasonCode}`);
        // A run that began before the truth's 12 hours: the server may know its earlier start.
        else if (t.since - truthFrom > 60_000 ? since !== t.since : !(since <= t.since)) wrong.push(`${t.agentId}: since ${a.since}, not ${new Date(t.since).toISOString()}`);
        else if (!(since <= Date.parse(a.lastEventAt!) && Date.parse(a.lastEventAt!) <= at)) wrong.push(`${t.agentId}: last event ${a.lastEventAt} outside ${a.since}–${iso}`);
      }
      const known = new Set(truth.agents.map((t) => t.agentId));
      for (const a of body.agents) if (!known.has(a.agentId) && a.activity !== null && !(Date.parse(a.since!) < truthFrom + 60_000)) wrong.push(`${a.agentId}: ${a.activity} since ${a.since}, a state nobody knew then`);
      expect(wrong, `the floor at ${iso}`).toEqual([]);
    }
    const bad = [["at=yesterday", "ISO-8601"], [`at=${new Date(now + 3_600_000).toISOString()}`, "in the future"], ["at=", "ISO-8601"]] as const;
    for (const [q, message] of bad) {
      const res = await request.get(`/api/agents?${q}`);
      expect(res.status(), q).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message, q).toContain(message);
    }
  });

  test("GET /api/agents answers 304 to the ETag it just sent, gzip or not", async ({ request }) => {
    await expectRevalidates(request, { "Accept-Encoding": "identity" });
    await expectRevalidates(request, { "Accept-Encoding": "gzip" });
  });

  test("after a quiet spell with nobody asking, the first gzip answer is as current as a plain one", async ({ request }) => {
    await request.get("/api/agents", { headers: { "Accept-Encoding": "gzip" } });
    // Three poll intervals of the test server, and no client.
    await new Promise((r) => setTimeout(r, 6_000));
    const plain = (await (await request.get("/api/agents", { headers: { "Accept-Encoding": "identity" } })).json()) as AgentsSnapshot;
    const res = await request.get("/api/agents", { headers: { "Accept-Encoding": "gzip" } });
    expect(res.headers()["content-encoding"]).toBe("gzip");
    const zipped = (await res.json()) as AgentsSnapshot;
    expect(zipped.upstream.stale).toBe(false);
    expect(Date.parse(zipped.upstream.coveredUntil!)).toBeGreaterThanOrEqual(Date.parse(plain.upstream.coveredUntil!));
    // Read at most a poll interval (2 s) and a build before it answered.
    expect(Date.parse(zipped.asOf) - Date.parse(zipped.upstream.coveredUntil!)).toBeLessThan(3_000);
  });

  test("GET /api/health reports Floorview and the upstream", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    const body = (await res.json()) as HealthResponse;
    expect(body.status).toBe("ok");
    expect(body.upstream).toMatchObject({ status: "ok", source: "simulator", agents: E2E_AGENTS });
    expect(body.upstream.requestsLastMinute).toBeLessThanOrEqual(body.upstream.requestBudgetPerMinute);
    // The store: embedded, taking writes, holding what the poller has read.
    expect(body.store).toMatchObject({ engine: "sqlite", status: "ok", queuedReads: 0, droppedReads: 0 });
    expect(body.store.eventsHeld).toBeGreaterThanOrEqual(body.upstream.eventsHeld - 2 * E2E_AGENTS);
    expect(body.store.sizeBytes).toBeGreaterThan(0);
    expect(body.store.import.status).toBe("off");
  });

  test("GET /api/metrics answers Prometheus text: upstream calls by outcome, poll lag, events stored", async ({ request }) => {
    await request.get("/api/agents");
    const res = await request.get("/api/metrics");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}"=]/g, "\\$&")} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
    const health = (await (await request.get("/api/health")).json()) as HealthResponse;
    expect(value('floorview_upstream_requests_total{endpoint="activity",outcome="ok"}')).toBeGreaterThanOrEqual(health.upstream.counters.activityRequests - 1);
    expect(value("floorview_poll_lag_seconds")).toBeLessThan(10);
    expect(value("floorview_events_stored")).toBeGreaterThan(0);
    expect(value("floorview_store_up")).toBe(1);
    expect(value("floorview_browsers_polling")).toBeGreaterThanOrEqual(1);
    expect(value("floorview_snapshot_build_seconds_count")).toBeGreaterThan(0);
    expect(value("floorview_store_write_seconds_count")).toBeGreaterThan(0);
    expect(value("floorview_request_budget_limit")).toBe(health.upstream.requestBudgetPerMinute);
  });

  test("an unknown API path answers 404 in the error shape, with no stack trace", async ({ request }) => {
    const res = await request.get("/api/nope/%3Cscript%3E");
    expect(res.status()).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).not.toContain("<script>");
  });

  test("GET /api/agents is gzipped once per change, decodes to the same snapshot, and answers other methods with 405", async ({ request }) => {
    const zipped = await request.get("/api/agents", { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(zipped.headers()["content-encoding"]).toBe("gzip");
    expect(zipped.headers()["vary"]).toContain("Accept-Encoding");
    const a = (await zipped.json()) as AgentsSnapshot;
    const plain = await request.get("/api/agents", { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers()["content-encoding"]).toBeUndefined();
    const b = (await plain.json()) as AgentsSnapshot;
    expect(a.agents.map((x) => x.agentId)).toEqual(b.agents.map((x) => x.agentId));

    const post = await request.post("/api/agents", { headers: { "Accept-Encoding": "gzip" } });
    expect(post.status()).toBe(405);
    expect(await post.json()).toEqual({ error: { code: "method_not_allowed", message: "GET /api/agents is the only method here." } });
  });

  test("GET /api/agents/{id}/timeline gives the last 8 hours of segments, the one still going with end null", async ({ request }) => {
    const { agents, asOf } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    // An agent in the same state for a while: one whose change is stamped in the second after the
    // window's end (the feed's times are whole seconds) ends its stretch there, rightly not null.
    const agent = agents.find((a) => a.activity && a.since && Date.parse(a.since) < Date.parse(asOf) - 10_000)!;
    const res = await request.get(`/api/agents/${agent.agentId}/timeline`);
    expect(res.status()).toBe(200);
    const t = (await res.json()) as AgentTimeline;
    expect(t.agentId).toBe(agent.agentId);
    expect(Date.parse(t.to) - Date.parse(t.from)).toBe(8 * 3_600_000);
    expect(t.segments.length).toBeGreaterThan(0);
    const last = t.segments.at(-1)!;
    expect(last.end).toBeNull();
    expect(last.activity).toBe(t.agent.activity);
    for (const s of t.segments) {
      expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.parse(t.from));
      if (s.end !== null) expect(Date.parse(s.end)).toBeLessThanOrEqual(Date.parse(t.to));
    }
  });

  test("GET /api/reports/time-in-state: every row adds up to its length, and an agent's totals agree with the drill-down's timeline to the second", async ({ request }) => {
    // Two hours that ended an hour ago: inside what the server holds, so no call to Kore.ai.
    const hour = 3_600_000;
    const to = Math.floor(Date.now() / hour) * hour - hour;
    const from = to - 2 * hour;
    const window = `from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    const res = await request.get(`/api/reports/time-in-state?${window}&interval=15m&tz=America/New_York`);
    expect(res.status()).toBe(200);
    const report = (await res.json()) as TimeInStateReport;
    expect(report).toMatchObject({ interval: "15m", tz: "America/New_York", complete: true });
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    expect(new Set(report.rows.map((r) => r.agentId)).size).toBe(agents.length);
    expect(report.rows).toHaveLength(agents.length * 8);
    for (const r of report.rows) {
      expect(Object.values(r.seconds).reduce((a, b) => a + b, 0) + r.unknownSeconds).toBe((Date.parse(r.end) - Date.parse(r.start)) / 1000);
    }
    // One agent, the whole window: the same seconds as the timeline's segments.
    const busy = report.rows.find((r) => r.changes > 0)!.agentId;
    const total = (await (await request.get(`/api/reports/time-in-state?${window}&interval=total&agent=${encodeURIComponent(busy)}`)).json()) as TimeInStateReport;
    expect(total.rows).toHaveLength(1);
    const timeline = (await (await request.get(`/api/agents/${encodeURIComponent(busy)}/timeline?${window}`)).json()) as AgentTimeline;
    const fromTimeline: Record<string, number> = {};
    for (const s of timeline.segments) fromTimeline[s.activity] = (fromTimeline[s.activity] ?? 0) + (Date.parse(s.end!) - Date.parse(s.start)) / 1000;
    expect(total.rows[0]!.seconds).toEqual(fromTimeline);
    expect(total.rows[0]!.changes).toBe(timeline.segments.filter((s) => Date.parse(s.start) > from).length);

    // The same rows as CSV, for a spreadsheet.
    const csv = await request.get(`/api/reports/time-in-state?${window}&interval=total&format=csv`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).trim().split("\r\n")).toHaveLength(1 + agents.length);

    // Bad input: a 400 that says what to send; an unknown agent: 404.
    for (const [query, message] of [
      [`${window}&interval=5m`, /one of 15m, 30m, 1h, 1d, total/],
      [`${window}&tz=Nowhere/Town`, /IANA time zone/],
      [`from=2026-09-01T00:00:00Z&to=2026-10-15T00:00:00Z`, /at most 31 days/],
    ] as const) {
      const bad = await request.get(`/api/reports/time-in-state?${query}`);
      expect(bad.status(), query).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect((await request.get(`/api/reports/time-in-state?${window}&agent=nobody-at-all`)).status()).toBe(404);
  });

  test("POST /api/schedules checks a schedule whole (preview, problems by line and column, nothing saved), saves it, and GET gives it back; /api/adherence agrees with the timeline to the second", async ({ request }) => {
    const hour = 3_600_000;
    const to = Math.floor(Date.now() / hour) * hour - hour;
    const from = to - 2 * hour;
    const iso = (ms: number) => new Date(ms).toISOString();
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const three = agents.slice(0, 3).map((a) => a.agentId);
    // Work for the two hours, one agent's written with an offset of -05:00 (the same instants, another wall clock).
    const ny = (ms: number) => new Date(ms - 5 * hour).toISOString().replace(".000Z", "-05:00");
    const good = ["agent_id,start,end,activity", `${three[0]},${ny(from)},${ny(to)},work`, ...three.slice(1).map((id) => `${id},${iso(from)},${iso(to)},work`)].join("\n");
    const csv = { "Content-Type": "text/csv" };

    const bad = await request.post("/api/schedules", { headers: csv, data: `${good}\n${three[0]},${iso(from)},tomorrow,work\n${three[1]},${iso(to)},${iso(to + hour)},nap\n` });
    expect(bad.status()).toBe(400);
    const refused = (await bad.json()) as { error: { code: string; message: string; problems: { line: number; column: string }[] } };
    expect(refused.error.code).toBe("bad_request");
    expect(refused.error.message).toBe("2 problems in the schedule; nothing was saved.");
    expect(refused.error.problems.map((p) => [p.line, p.column])).toEqual([[5, "end"], [6, "activity"]]);
    const window = `from=${iso(from)}&to=${iso(to)}`;
    const mine = async () => ((await (await request.get(`/api/schedules?${window}`)).json()) as SchedulesAnswer).rows.filter((r) => three.includes(r.agentId));
    expect(await mine()).toEqual([]);

    const preview = (await (await request.post("/api/schedules?preview=1", { headers: csv, data: good })).json()) as ScheduleUpload;
    expect(preview).toMatchObject({ saved: false, rows: 3, agents: 3, from: iso(from), to: iso(to), problems: [], byActivity: { work: 3 * 7200 } });
    expect(await mine()).toEqual([]);

    const saved = (await (await request.post("/api/schedules", { headers: csv, data: good })).json()) as ScheduleUpload;
    expect(saved).toMatchObject({ saved: true, rows: 3 });
    // By agent id, then start.
    expect(await mine()).toEqual([...three].sort().map((agentId) => ({ agentId, start: iso(from), end: iso(to), activity: "work" })));
    // The CSV download is an upload's file again, in UTC.
    const download = await (await request.get(`/api/schedules?${window}&format=csv`)).text();
    for (const id of three) expect(download).toContain(`${id},${iso(from)},${iso(to)},work`);
    // With the byte-order mark every export carries (an upload takes it back).
    expect(download.startsWith("\uFEFFagent_id,start,end,activity\r\n")).toBe(true);

    // Adherent seconds are the seconds the timeline shows ready, on a call or in after-call work.
    const report = (await (await request.get(`/api/adherence?${window}`)).json()) as AdherenceReport;
    expect(report.complete).toBe(true);
    for (const id of three) {
      const a = report.agents.find((x) => x.agentId === id)!;
      const timeline = (await (await request.get(`/api/agents/${encodeURIComponent(id)}/timeline?${window}`)).json()) as AgentTimeline;
      let working = 0;
      let known = 0;
      for (const seg of timeline.segments) {
        const ms = Date.parse(seg.end!) - Date.parse(seg.start);
        known += ms;
        if (["ready", "busy", "acw"].includes(seg.activity)) working += ms;
      }
      expect({ id, scheduled: a.scheduledSeconds, adherent: a.adherentSeconds, unknown: a.unknownSeconds }).toEqual({ id, scheduled: 7200, adherent: working / 1000, unknown: 7200 - known / 1000 });
      expect(a.percent).toBe(Math.round((10_000 * working) / known) / 100);
      // Every stretch out of adherence of 3 minutes or more is an exception, typed.
      for (const e of a.exceptions) expect(["late", "early_leave", "wrong_activity"]).toContain(e.type);
    }
    expect((await request.get(`/api/adherence?from=${iso(from)}`)).status()).toBe(400);
  });

  test("a schedule of several megabytes is saved whole (every row back), and one larger than 32 MB or of unknown length is refused before it is read", async ({ request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    // 40 agents × 1,000 one-minute rows, three weeks ago: about 3.4 MB, past the 1 MB most routes take.
    const start = Math.floor((Date.now() - 21 * 86_400_000) / 3_600_000) * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const lines = ["agent_id,start,end,activity"];
    for (const a of agents) for (let i = 0; i < 1_000; i++) lines.push(`${a.agentId},${iso(start + i * 60_000)},${iso(start + (i + 1) * 60_000)},${i % 10 === 9 ? "break" : "work"}`);
    const body = lines.join("\n");
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const res = await request.post("/api/schedules", { headers: { "Content-Type": "text/csv" }, data: body });
    expect(res.status()).toBe(200);
    expect((await res.json()) as ScheduleUpload).toMatchObject({ saved: true, rows: agents.length * 1_000, agents: agents.length });
    const back = (await (await request.get(`/api/schedules?from=${iso(start)}&to=${iso(start + 1_000 * 60_000)}`)).json()) as SchedulesAnswer;
    expect(back.rows).toHaveLength(agents.length * 1_000);
    expect(back.rows.filter((r) => r.activity === "break")).toHaveLength(agents.length * 100);

    // Refused by the headers alone: 33 MB announced (nothing sent after them), and a chunked body.
    expect(await statusOfPost("/api/schedules", { "Content-Type": "text/csv", "Content-Length": String(33 * 1024 * 1024) })).toBe(413);
    expect(await statusOfPost("/api/schedules", { "Content-Type": "text/csv", "Transfer-Encoding": "chunked" })).toBe(411);
  });

  test("the timeline refuses a window older than the history kept, saying so", async ({ request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const res = await request.get(`/api/agents/${encodeURIComponent(agents[0]!.agentId)}/timeline?from=1999-01-01T00:00:00Z&to=1999-01-02T00:00:00Z`);
    expect(res.status()).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("FLOORVIEW_RETENTION_DAYS");
  });

  test("GET /api/agents/{id} gives one agent as /api/agents has it, and 404 for an agent nobody knows", async ({ request, sim }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const agent = agents.find((a) => a.activity !== null && a.name)!;
    // The floor is live: a state change made now reaches both within a poll, and they agree.
    await sim.event(agent.agentId, "notready", "1");
    await expect(async () => {
      const res = await request.get(`/api/agents/${encodeURIComponent(agent.agentId)}`);
      expect(res.status()).toBe(200);
      expect(res.headers()["cache-control"]).toContain("no-store");
      const one = (await res.json()) as AgentNow;
      expect(one.agent).toMatchObject({ agentId: agent.agentId, name: agent.name, team: agent.team, activity: "notready", reasonCode: "1" });
      expect(one.upstream.status).toBe("ok");
      expect(Date.parse(one.asOf)).toBeGreaterThan(Date.now() - 60_000);
      const floor = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
      expect(floor.agents.find((a) => a.agentId === agent.agentId)).toEqual(one.agent);
    }).toPass({ timeout: 15_000 });
    const missing = await request.get("/api/agents/nobody-here");
    expect(missing.status()).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  test("the timeline refuses a bad window with 400 and an unknown agent with 404, in the error shape", async ({ request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const id = agents[0]!.agentId;
    for (const [query, message] of [
      ["from=<script>", /from must be an ISO-8601/],
      ["from=2026-11-27T10:00:00Z&to=2026-11-27T09:00:00Z", /from must be before to/],
      ["from=2026-11-01T00:00:00Z&to=2026-11-09T00:00:00Z", /at most 7 days/],
    ] as const) {
      const res = await request.get(`/api/agents/${id}/timeline?${query}`);
      expect(res.status(), query).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toMatch(message);
      expect(body.error.message).not.toContain("<script>");
    }
    const missing = await request.get("/api/agents/nobody-here/timeline");
    expect(missing.status()).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
  test("GET /api/intraday: a day's intervals, planned and actual, the one holding now live, those after it planned only; a bad day or interval named", async ({ request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as { agents: { agentId: string; activity: string | null }[] };
    // Ten agents scheduled to work over the next two hours (from the last whole quarter hour): the
    // floor's last ten, whom no other test of this server's lane schedules today (schedules.spec
    // takes agents 5 to 7 as unscheduled today).
    const now = Date.now();
    const from = Math.floor(now / 900_000) * 900_000;
    const picked = agents.slice(-10);
    const csv = ["agent_id,start,end,activity", ...picked.map((a) => `${a.agentId},${new Date(from).toISOString()},${new Date(from + 7_200_000).toISOString()},work`)].join("\n");
    expect((await request.post("/api/schedules", { headers: { "Content-Type": "text/csv" }, data: csv })).status()).toBe(200);
    const date = new Date(from).toISOString().slice(0, 10);
    const res = await request.get(`/api/intraday?date=${date}&tz=UTC&interval=15m`);
    expect(res.status(), await res.text()).toBe(200);
    type Row = { start: string; end: string; scheduledOpen: number; actualOpen: number | null; diff: number | null; required: number | null; conformance: number | null; live: boolean; plannedShrinkage: Record<string, number> };
    const body = (await res.json()) as { date: string; tz: string; interval: string; rows: Row[] };
    expect(body).toMatchObject({ date, tz: "UTC", interval: "15m" });
    expect(body.rows).toHaveLength(96);
    const live = body.rows.filter((r) => r.live);
    expect(live).toHaveLength(1);
    // At least the ten just scheduled are planned open in each quarter hour of the next two (more when other tests scheduled some).
    const ahead = body.rows.filter((r) => Date.parse(r.start) > now && Date.parse(r.start) < from + 7_200_000);
    for (const r of ahead) {
      expect(r.scheduledOpen).toBeGreaterThanOrEqual(10);
      expect(r.actualOpen).toBeNull();
      expect(r.diff).toBeNull();
    }
    // Before now: what the floor did, never more heads than agents.
    for (const r of body.rows.filter((x) => Date.parse(x.end) <= now)) {
      expect(r.actualOpen).not.toBeNull();
      expect(r.actualOpen!).toBeLessThanOrEqual(agents.length);
      expect(r.diff).toBeCloseTo(r.actualOpen! - r.scheduledOpen, 1);
    }
    // Required staff for the whole floor: 3 from the last whole quarter hour before now, an hour long.
    const lastQuarter = from - 900_000;
    const sheet = ["interval_start,team,required", `${new Date(lastQuarter).toISOString()},,3`].join("\n");
    const refused = await request.post("/api/staffing", { headers: { "Content-Type": "text/csv" }, data: `${sheet}\nsoon,Nowhere,-2` });
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { problems: { line: number; column: string }[] } }).error.problems.map((p) => [p.line, p.column])).toEqual([[3, "interval_start"], [3, "team"], [3, "required"]]);
    expect((await request.post("/api/staffing", { headers: { "Content-Type": "text/csv" }, data: sheet })).status()).toBe(200);
    // Its day (just after midnight UTC, the quarter hour before is yesterday's).
    const staffDate = new Date(lastQuarter).toISOString().slice(0, 10);
    const staffed = ((await (await request.get(`/api/intraday?date=${staffDate}&tz=UTC&interval=15m`)).json()) as { rows: Row[] }).rows;
    const quarter = staffed.find((r) => Date.parse(r.start) === lastQuarter)!;
    expect(quarter.required).toBe(3);
    expect(quarter.diff).toBeCloseTo(quarter.actualOpen! - 3, 1);
    expect(staffed.find((r) => Date.parse(r.start) === lastQuarter + 3_600_000)?.required ?? null).toBeNull();
    const hourly = (await (await request.get(`/api/intraday?date=${date}&tz=UTC&interval=1h`)).json()) as { rows: Row[] };
    expect(hourly.rows).toHaveLength(24);
    for (const [q, message] of [["date=2026-13-01", "date=2026-13-01"], ["date=tomorrow", "YYYY-MM-DD"], [`date=${date}&interval=5m`, "interval=5m"], [`date=${date}&tz=Mars/Base`, "tz=Mars/Base"], ["", "Send date"]] as const) {
      const bad = await request.get(`/api/intraday?${q}`);
      expect(bad.status(), q).toBe(400);
      expect(((await bad.json()) as { error: { message: string } }).error.message, q).toContain(message);
    }
  });
});
