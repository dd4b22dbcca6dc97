import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import type { AgentsSnapshot } from "@/lib/api-types";

/**
 * The Docker image runs Floorview's launcher (`node floorview-server.mjs`) in a copy of
 * `.next/standalone`; `node server.js` there is Next.js's own server, without the launcher. Both
 * must serve the grid and the same API: the launcher answers `/api/agents` itself, Next.js's route
 * answers it otherwise, from the same module.
 */

function start(entry: string, port: number, simPort: number): ChildProcess {
  return spawn("node", [entry], {
    cwd: ".next/standalone",
    // A floor that holds still after its history, so that the two servers hold the same states.
    env: { ...process.env, FLOORVIEW_DATA_DIR: mkdtempSync(join(tmpdir(), "floorview-standalone-")), PORT: String(port), HOSTNAME: "127.0.0.1", SIM_PORT: String(simPort), SIM_AGENTS: "8", SIM_SEED: "standalone", KORE_BASE_URL: "", NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
}

async function upAt(base: string) {
  await expect
    .poll(async () => {
      try {
        return ((await (await fetch(`${base}/api/health`)).json()) as { upstream: { status: string } }).upstream.status;
      } catch {
        return "down";
      }
    }, { timeout: 20_000 })
    .toBe("ok");
}

/** `/api/agents` as a browser gets it: gzip, then plain, then 304 to the ETag, then a POST. */
async function agentsEndpoint(base: string) {
  const zipped = await fetch(`${base}/api/agents`, { headers: { "Accept-Encoding": "gzip" } });
  const raw = Buffer.from(await zipped.arrayBuffer());
  // fetch decodes gzip itself; a body that is still gzip would start with 1f 8b.
  const snapshot = JSON.parse((raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString("utf8")) as AgentsSnapshot;
  const etag = zipped.headers.get("etag")!;
  const again = await fetch(`${base}/api/agents`, { headers: { "Accept-Encoding": "gzip", "If-None-Match": etag } });
  const post = await fetch(`${base}/api/agents`, { method: "POST", headers: { "Accept-Encoding": "identity" } });
  const head = (name: string) => zipped.headers.get(name);
  return {
    snapshot,
    headers: { encoding: head("content-encoding"), csp: head("content-security-policy"), nosniff: head("x-content-type-options"), referrer: head("referrer-policy"), cache: head("cache-control"), varies: head("vary")?.includes("Accept-Encoding"), type: head("content-type"), asOf: head("x-floorview-as-of") !== null },
    etagForm: /^W\/"[\w-]{22}"$/.test(etag),
    revalidated: again.status === 304 && (await again.arrayBuffer()).byteLength === 0 ? 304 : again.status,
    post: { status: post.status, allow: post.headers.get("allow"), body: await post.json() },
  };
}

test("the stand-alone build serves the grid, and /api/agents the same way through Floorview's launcher and through Next.js alone", async ({ page }) => {
  test.setTimeout(60_000);
  const launcher = start("floorview-server.mjs", 3197, 4197);
  const nextOnly = start("server.js", 3198, 4198);
  try {
    await Promise.all([upAt("http://127.0.0.1:3197"), upAt("http://127.0.0.1:3198")]);
    await page.goto("http://127.0.0.1:3197/?offline=show");
    await expect(page.locator("tr[data-agent-id]")).toHaveCount(8, { timeout: 15_000 });

    const [a, b] = await Promise.all([agentsEndpoint("http://127.0.0.1:3197"), agentsEndpoint("http://127.0.0.1:3198")]);
    // The same floor (one seed), each read by its own server: the same agents, names and teams.
    // (Next.js adds its own router headers to Vary; both name Accept-Encoding.)
    expect(a.snapshot.agents.map((x) => [x.agentId, x.name, x.team])).toEqual(b.snapshot.agents.map((x) => [x.agentId, x.name, x.team]));
    expect(a.snapshot.agents).toHaveLength(8);
    expect(a.headers).toEqual(b.headers);
    expect(a.headers).toMatchObject({ encoding: "gzip", nosniff: "nosniff", referrer: "same-origin", varies: true, asOf: true });
    expect(a.headers.csp).toContain("default-src 'none'");
    expect([a.etagForm, b.etagForm]).toEqual([true, true]);
    expect([a.revalidated, b.revalidated]).toEqual([304, 304]);
    expect(a.post).toEqual(b.post);
    expect(a.post).toEqual({ status: 405, allow: "GET, HEAD", body: { error: { code: "method_not_allowed", message: "GET /api/agents is the only method here." } } });
  } finally {
    for (const p of [launcher, nextOnly]) process.kill(-p.pid!, "SIGTERM");
  }
});
