import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import type { AgentsSnapshot } from "@/lib/api-types";
import { freePort } from "@/test/redis";

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

/** Resolves with the exit's time once the process has exited. */
const exitOf = (p: ChildProcess) => new Promise<number>((resolve) => (p.exitCode !== null || p.signalCode !== null ? resolve(Date.now()) : p.once("exit", () => resolve(Date.now()))));

/** One keep-alive connection, as a browser's: requests written by hand, answers' heads read back. */
function rawClient(port: number) {
  const socket = connect(port, "127.0.0.1");
  let buffer = "";
  let waiting: ((head: string) => void) | null = null;
  socket.setEncoding("latin1");
  socket.on("data", (d: string) => {
    buffer += d;
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0 || !waiting) return;
    const head = buffer.slice(0, end);
    let bodyEnd = end + 4 + Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (/transfer-encoding: *chunked/i.test(head)) {
      const last = buffer.indexOf("\r\n0\r\n\r\n", end);
      if (last < 0) return;
      bodyEnd = last + 7;
    }
    if (buffer.length < bodyEnd) return;
    buffer = buffer.slice(bodyEnd);
    const w = waiting;
    waiting = null;
    w(head);
  });
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    /** The request's head without its last blank line: the server has begun reading it. */
    begin: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n`),
    finish: () =>
      new Promise<string>((resolve) => {
        waiting = resolve;
        socket.write("\r\n");
      }),
    closed,
    isOpen: () => !socket.destroyed && socket.writable,
    destroy: () => socket.destroy(),
  };
}

test("a clean shutdown ends: SIGTERM while a screen polls on a kept-alive connection, and while a request never finishes", async () => {
  test.setTimeout(60_000);
  // A screen polling every 200 ms on one connection, busy when SIGTERM comes (Node's close() ends
  // only the connections idle then; the browser would go on reusing this one for ever).
  const [port, simPort, stuckPort, stuckSimPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const polled = start("floorview-server.mjs", port, simPort);
  const stuck = start("floorview-server.mjs", stuckPort, stuckSimPort);
  const clients: ReturnType<typeof rawClient>[] = [];
  try {
    await Promise.all([upAt(`http://127.0.0.1:${port}`), upAt(`http://127.0.0.1:${stuckPort}`)]);
    const screen = rawClient(port);
    clients.push(screen);
    screen.begin("/api/health");
    await new Promise((r) => setTimeout(r, 200));
    const exited = exitOf(polled);
    process.kill(-polled.pid!, "SIGTERM");
    const termAt = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    const heads = [await screen.finish()];
    for (let i = 0; i < 50 && screen.isOpen() && polled.exitCode === null && polled.signalCode === null; i++) {
      await new Promise((r) => setTimeout(r, 200));
      screen.begin("/api/health");
      heads.push(await Promise.race([screen.finish(), screen.closed.then(() => "closed")]));
    }
    // The answer it was waiting for still comes, saying the connection ends with it.
    expect(heads[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(heads[0]).toMatch(/\r\nconnection: close/i);
    await screen.closed;
    expect((await exited) - termAt).toBeLessThan(4_000);

    // A request whose head never ends (a stalled client): cut after the grace period, not held
    // until Node's own 60-second header timeout.
    const stalled = rawClient(stuckPort);
    clients.push(stalled);
    stalled.begin("/api/health");
    await new Promise((r) => setTimeout(r, 200));
    const stuckExit = exitOf(stuck);
    process.kill(-stuck.pid!, "SIGTERM");
    const stuckTermAt = Date.now();
    await stalled.closed;
    expect((await stuckExit) - stuckTermAt).toBeLessThan(12_000);
  } finally {
    for (const c of clients) c.destroy();
    for (const p of [polled, stuck]) if (p.exitCode === null && p.signalCode === null) process.kill(-p.pid!, "SIGKILL");
  }
});
