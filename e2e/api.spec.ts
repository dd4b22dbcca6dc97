import type { AgentsSnapshot, HealthResponse } from "@/lib/api-types";
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
});
