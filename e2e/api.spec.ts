import { SIM_TEAMS } from "@/lib/simulator/labels";
import type { AgentsSnapshot, AgentTimeline, HealthResponse } from "@/lib/api-types";
import { E2E_AGENTS } from "../playwright.config";
import { expect, test } from "./fixtures";

test.describe("HTTP API", () => {
  test("GET /api/agents gives every agent's state, with an ETag that answers 304 when unchanged", async ({ request }) => {
    const res = await request.get("/api/agents");
    expect(res.status()).toBe(200);
    expect(res.headers()["cache-control"]).toContain("no-store");
    const body = (await res.json()) as AgentsSnapshot;
    expect(Date.parse(body.asOf)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.upstream.status).toBe("ok");
    expect(body.agents).toHaveLength(E2E_AGENTS);
    for (const a of body.agents) {
      expect(a.agentId).toMatch(/^a-/);
      // The simulator's sample labels config deals its agents into teams.
      expect(SIM_TEAMS).toContain(a.team);
      if (a.activity !== null) expect(Date.parse(a.since!)).toBeLessThanOrEqual(Date.parse(a.lastEventAt!));
    }
    const etag = res.headers()["etag"]!;
    const again = await request.get("/api/agents", { headers: { "If-None-Match": etag } });
    // The poller may have read Kore.ai in between; then the snapshot changed and 200 is right.
    if (again.headers()["etag"] === etag) expect(again.status()).toBe(304);
    else expect(again.status()).toBe(200);
  });

  test("GET /api/health reports Floorview and the upstream", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    const body = (await res.json()) as HealthResponse;
    expect(body.status).toBe("ok");
    expect(body.upstream).toMatchObject({ status: "ok", source: "simulator", agents: E2E_AGENTS });
    expect(body.upstream.requestsLastMinute).toBeLessThanOrEqual(body.upstream.requestBudgetPerMinute);
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
    // Unchanged since: 304, gzip or not.
    const again = await request.get("/api/agents", { headers: { "Accept-Encoding": "gzip", "If-None-Match": zipped.headers()["etag"]! } });
    expect([200, 304]).toContain(again.status());

    const post = await request.post("/api/agents", { headers: { "Accept-Encoding": "gzip" } });
    expect(post.status()).toBe(405);
    expect(await post.json()).toEqual({ error: { code: "method_not_allowed", message: "GET /api/agents is the only method here." } });
  });

  test("GET /api/agents/{id}/timeline gives the last 8 hours of segments, the one still going with end null", async ({ request }) => {
    const { agents } = (await (await request.get("/api/agents")).json()) as AgentsSnapshot;
    const agent = agents.find((a) => a.activity)!;
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
});
