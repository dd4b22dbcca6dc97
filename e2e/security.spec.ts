import { readdirSync, readFileSync, statSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import type { AgentsSnapshot, HealthResponse, LinkView } from "@/lib/api-types";
import { SECURED, SECURED_LOG } from "../playwright.config";
import { HOSTILE_NEXT, landsOn } from "@/test/hostile-next";
import { freePort } from "@/test/redis";
import { expect, startExpectingExit, test } from "./fixtures";
import { kill, run, waitUntilUp } from "./processes";

const BASE = `http://127.0.0.1:${SECURED.port}`;
const SECRETS = [SECURED.password, SECURED.authSecret, SECURED.clientSecret, SECURED.metricsToken];
const BEARER = { Authorization: `Bearer ${SECURED.metricsToken}` };

async function login(request: APIRequestContext, password: string = SECURED.password, client = "e2e-login") {
  return request.post(`${BASE}/api/auth/login`, { data: { password }, headers: { "X-Forwarded-For": client } });
}

/** Every JWT in a text, with its decoded payload. */
function jwtsIn(text: string): Record<string, unknown>[] {
  return [...text.matchAll(/eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+/g)].map((m) => JSON.parse(Buffer.from(m[1]!, "base64url").toString()) as Record<string, unknown>);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test.describe("access with AUTH_PASSWORD", () => {
  test.beforeAll(async ({ request }) => {
    await expect.poll(async () => (await (await request.get(`${BASE}/api/health`, { headers: BEARER })).json()).upstream?.status, { timeout: 30_000 }).toBe("ok");
  });

  test("pages send a stranger to the login, the API answers 401, health stays open", async ({ request, page }) => {
    const res = await request.get(`${BASE}/agents/someone?window=4h`, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers()["location"]).toBe(`/login?next=${encodeURIComponent("/agents/someone?window=4h")}`);
    for (const path of ["/api/agents", "/api/agents/x/timeline", "/api/nope"]) {
      const api = await request.get(`${BASE}${path}`);
      expect(api.status(), path).toBe(401);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    }
    // Health: 200 for a load balancer, but only { status }: the details need a session or the metrics token.
    const health = await request.get(`${BASE}/api/health`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const detailed = (await (await request.get(`${BASE}/api/health`, { headers: BEARER })).json()) as HealthResponse;
    expect(detailed.upstream.status).toBe("ok");
    expect(detailed.store.engine).toBe("sqlite");
    // Metrics: only with the token, as a bearer; without it, 401 saying what to send.
    const metrics = await request.get(`${BASE}/api/metrics`);
    expect(metrics.status()).toBe(401);
    expect(((await metrics.json()) as { error: { message: string } }).error.message).toContain("FLOORVIEW_METRICS_TOKEN");
    expect((await request.get(`${BASE}/api/metrics`, { headers: { Authorization: "Bearer not-the-token-0123456789" } })).status()).toBe(401);
    // A stranger's polls of /api/agents (each a new "browser") are not counted as screens.
    const polling = async () => Number(/^floorview_browsers_polling (\d+)$/m.exec(await (await request.get(`${BASE}/api/metrics`, { headers: BEARER })).text())?.[1]);
    const screensBefore = await polling();
    for (let i = 0; i < 20; i++) expect((await request.get(`${BASE}/api/agents`, { headers: { "User-Agent": `stranger-${i}` } })).status()).toBe(401);
    expect(await polling()).toBeLessThanOrEqual(screensBefore);
    const scraped = await request.get(`${BASE}/api/metrics`, { headers: BEARER });
    expect(scraped.status()).toBe(200);
    expect(await scraped.text()).toMatch(/^floorview_upstream_requests_total\{endpoint="activity",outcome="ok"\} \d+$/m);

    // Through the login page, in the browser, and on to where the supervisor was going.
    await page.goto(`${BASE}/wallboard?theme=light`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.screenshot({ path: "reports/screenshots/login-1280x720.png" });
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That password is not right.")).toBeVisible();
    await page.getByLabel("Password").fill(SECURED.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${BASE}/wallboard?theme=light`);
    await expect(page.locator("[data-wallboard] a[data-agent-id]").first()).toBeVisible({ timeout: 15_000 });

    // Signed in: the TV-link page makes a link a supervisor can copy.
    await page.goto(`${BASE}/links`);
    await page.getByLabel("Initials instead of names").check();
    await page.getByRole("button", { name: "Create link" }).click();
    await expect(page.getByLabel("Wallboard link", { exact: true })).toHaveValue(/\/wallboard\?privacy=1&key=eyJ/);
    await page.screenshot({ path: "reports/screenshots/links-1280x720.png" });
  });

  test("after sign-in through the form, no hostile next leaves Floorview (dot segments, backslashes, control characters, schemes, userinfo, IDN)", async ({ browser }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext();
    // Where the browser lands is what is checked: a page of Floorview's is answered with a stand-in
    // instead of the app (the grid would load for each of 37 values), other hosts are not reached.
    await context.route((url) => url.origin === BASE && url.pathname !== "/login" && !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/_next/"), (route) => route.fulfill({ contentType: "text/html", body: "<title>landed</title>" }));
    const left: string[] = [];
    // Four tabs at once, each through its share of the table.
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        const page = await context.newPage();
        for (const next of HOSTILE_NEXT.filter((_, i) => i % 4 === lane)) {
          // Unchecked, "/\t/evil.example" lands on //evil.example after the password: browsers drop the tab.
          await page.goto(`${BASE}/login?next=${encodeURIComponent(next)}`);
          await page.getByLabel("Password").fill(SECURED.password);
          await page.getByRole("button", { name: "Sign in" }).click();
          await page.waitForURL((url) => url.pathname !== "/login", { waitUntil: "commit" });
          if (!landsOn(page.url(), BASE)) left.push(`${JSON.stringify(next)} → ${page.url()}`);
        }
      }),
    );
    expect(left).toEqual([]);
    await context.close();
  });

  test("another site's form cannot sign a supervisor out or make a link; Floorview's own page can, and sign-out clears every cookie", async ({ playwright, browser }) => {
    const request = await playwright.request.newContext();
    expect((await login(request, SECURED.password, "e2e-csrf")).status()).toBe(200);
    for (const path of ["/api/auth/logout", "/api/auth/wallboard-link"]) {
      const forged = await request.post(`${BASE}${path}`, { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" }, data: {} });
      expect(forged.status(), path).toBe(403);
      expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("cross_site");
      expect(forged.headers()["set-cookie"]).toBeUndefined();
    }
    // An export writes the audit trail: a link on another site (a top-level navigation carries the
    // cookie) opens none; the address typed in, Floorview's own page or a script does.
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    for (const path of [`/api/reports/time-in-state?from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now).toISOString()}&interval=total&format=csv`, `/api/schedules?from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now).toISOString()}&format=csv`]) {
      for (const site of ["cross-site", "same-site"]) {
        const res = await request.get(`${BASE}${path}`, { headers: { "Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate" } });
        expect(res.status(), `${site} ${path}`).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("cross_site");
      }
      for (const site of ["same-origin", "none", null]) expect((await request.get(`${BASE}${path}`, { headers: site ? { "Sec-Fetch-Site": site } : {} })).status(), `${site} ${path}`).toBe(200);
    }
    // An older browser without Sec-Fetch-Site: the Origin of another host is refused too.
    expect((await request.post(`${BASE}/api/auth/logout`, { headers: { Origin: "https://evil.example" } })).status()).toBe(403);
    expect((await request.get(`${BASE}/api/agents`)).status()).toBe(200);
    await request.dispose();

    // A real browser: a page elsewhere (here, a page with no origin) posting the sign-out form.
    const context = await browser.newContext();
    const page = await context.newPage();
    const answer = page.waitForResponse((r) => r.url() === `${BASE}/api/auth/logout`);
    await page.setContent(`<form method="post" action="${BASE}/api/auth/logout"><button>Win a prize</button></form>`);
    await page.getByRole("button", { name: "Win a prize" }).click();
    expect((await answer).status()).toBe(403);

    // Signed in through the page, a wallboard cookie too: Floorview's own sign-out clears both.
    await page.goto(`${BASE}/login`);
    await page.getByLabel("Password").fill(SECURED.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${BASE}/`);
    await context.addCookies([{ name: "floorview_wallboard", value: "x", url: BASE }]);
    const out = await page.evaluate(async () => (await fetch("/api/auth/logout", { method: "POST" })).status);
    expect(out).toBe(200);
    expect((await context.cookies(BASE)).map((c) => c.name).filter((n) => n.startsWith("floorview_"))).toEqual([]);
    await context.close();
  });

  test("login sets an httpOnly, SameSite=Lax session cookie; logout ends it", async ({ playwright }) => {
    const request = await playwright.request.newContext();
    const bad = await login(request, "not the password", "e2e-cookie");
    expect(bad.status()).toBe(401);
    const good = await login(request, SECURED.password, "e2e-cookie");
    expect(good.status()).toBe(200);
    const cookie = good.headers()["set-cookie"]!;
    expect(cookie).toMatch(/^floorview_session=eyJ/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/Max-Age=43(19[89]|200);/);
    expect(cookie).not.toMatch(/Secure/);
    expect((await request.get(`${BASE}/api/agents`)).status()).toBe(200);
    // A session sees health's details.
    expect(((await (await request.get(`${BASE}/api/health`)).json()) as HealthResponse).upstream.status).toBe("ok");
    // Behind an HTTPS reverse proxy the cookie is Secure, and named __Host- (kept only from this
    // host, for the whole site: a sibling subdomain or a plain-HTTP page cannot plant one).
    const https = await request.post(`${BASE}/api/auth/login`, { data: { password: SECURED.password }, headers: { "X-Forwarded-Proto": "https", "X-Forwarded-For": "e2e-cookie" } });
    const secure = https.headers()["set-cookie"]!;
    expect(secure).toMatch(/^__Host-floorview_session=eyJ/);
    expect(secure).toMatch(/; Secure/i);
    expect(secure).toMatch(/; Path=\/(;|$)/i);
    expect(secure).not.toMatch(/Domain=/i);
    const token = /^__Host-floorview_session=([^;]+)/.exec(secure)![1]!;
    const fresh = await playwright.request.newContext();
    const agentsWith = async (cookie: string, proto?: string) => (await fresh.get(`${BASE}/api/agents`, { headers: { Cookie: cookie, ...(proto && { "X-Forwarded-Proto": proto }) } })).status();
    expect(await agentsWith(`__Host-floorview_session=${token}`, "https")).toBe(200);
    // Under HTTPS only the prefixed name is read: the same token planted under the plain name opens nothing.
    expect(await agentsWith(`floorview_session=${token}`, "https")).toBe(401);
    await fresh.dispose();
    expect((await request.post(`${BASE}/api/auth/logout`)).status()).toBe(200);
    expect((await request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await request.dispose();
  });

  test("repeated wrong passwords from one client get 429 for a while; others still get in", async ({ request }) => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login(request, `guess ${i}`, "e2e-guesser")).status());
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked = await login(request, SECURED.password, "e2e-guesser");
    expect(locked.status()).toBe(429);
    expect(Number(locked.headers()["retry-after"])).toBeGreaterThan(60);
    expect((await login(request, SECURED.password, "e2e-someone-else")).status()).toBe(200);
    const malformed = await request.post(`${BASE}/api/auth/login`, { data: "password=1", headers: { "Content-Type": "text/plain", "X-Forwarded-For": "e2e-bad-body" } });
    expect(malformed.status()).toBe(400);
  });

  test("a sign-in body over 8 KB is refused before it is read, and one without a length too", async () => {
    const { request: raw } = await import("node:http");
    const send = (headers: Record<string, string | number>, body: string) =>
      new Promise<{ status: number; code: string }>((resolve, reject) => {
        const r = raw(`${BASE}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json", ...headers } }, (res) => {
          let text = "";
          res.on("data", (d: Buffer) => (text += d.toString()));
          res.on("end", () => resolve({ status: res.statusCode!, code: (JSON.parse(text) as { error?: { code: string } }).error?.code ?? "" }));
        });
        r.on("error", reject);
        r.end(body);
      });
    // 10 MB announced, none of it sent: the answer comes at once, nothing is buffered.
    const started = Date.now();
    expect(await send({ "Content-Length": 10 * 1024 * 1024 }, "")).toEqual({ status: 413, code: "payload_too_large" });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await send({ "Content-Length": 9 * 1024 }, "x".repeat(9 * 1024))).toEqual({ status: 413, code: "payload_too_large" });
    expect(await send({ "Transfer-Encoding": "chunked" }, JSON.stringify({ password: "x" }))).toEqual({ status: 411, code: "length_required" });
    // An ordinary sign-in still goes through.
    const ok = await send({ "X-Forwarded-For": "e2e-body" }, JSON.stringify({ password: SECURED.password }));
    expect(ok.status).toBe(200);
  });

  test("made-up X-Forwarded-For addresses do not dodge the throttle: behind the proxy, one client is one client", async ({ request }) => {
    const statuses = [];
    // The caller writes the left of the header; the proxy appends the address it saw.
    for (let i = 0; i < 8; i++) statuses.push((await request.post(`${BASE}/api/auth/login`, { data: { password: `guess ${i}` }, headers: { "X-Forwarded-For": `10.9.8.${i}, 203.0.113.50` } })).status());
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  test("failures from everywhere slow sign-ins down, but never refuse the right password from a client that has not failed", async ({ request }) => {
    // Guessing spread over 50 addresses, one guess each: no single client reaches its limit.
    const guesses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request.post(`${BASE}/api/auth/login`, { data: { password: "spray" }, headers: { "X-Forwarded-For": `198.51.100.${i + 1}` } })),
    );
    expect(guesses.every((g) => g.status() === 401 || g.status() === 429)).toBe(true);
    // A supervisor who has not failed gets in, slowed down, not refused.
    const started = Date.now();
    expect((await login(request, SECURED.password, "192.0.2.77")).status()).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // One of the guessers waits, right password or not.
    expect((await login(request, SECURED.password, "198.51.100.1")).status()).toBe(429);
  });

  test("a wallboard link opens the wallboard and its data, nothing else, and a forged one opens nothing", async ({ playwright, browser }) => {
    const supervisor = await playwright.request.newContext();
    expect((await supervisor.post(`${BASE}/api/auth/wallboard-link`, { data: {} })).status()).toBe(401);
    await login(supervisor, SECURED.password, "e2e-links");
    const created = await supervisor.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 30, options: "privacy=1&theme=light" } });
    expect(created.status()).toBe(200);
    const link = (await created.json()) as { path: string; expiresAt: string };
    expect(link.path).toMatch(/^\/wallboard\?privacy=1&theme=light&key=eyJ/);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    expect(jwtsIn(link.path)[0]).toMatchObject({ kind: "wallboard", aud: "floorview" });

    // The TV: a fresh browser with no session.
    const tv = await browser.newContext();
    const page = await tv.newPage();
    await page.goto(`${BASE}${link.path}`);
    await expect(page.locator("[data-wallboard] a[data-agent-id]").first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator("[data-wallboard]")).toHaveAttribute("data-theme", "light");
    // The data the wallboard reads, yes; anything else, no.
    expect((await tv.request.get(`${BASE}/api/agents`)).status()).toBe(200);
    expect((await tv.request.get(`${BASE}/api/agents/x/timeline`)).status()).toBe(401);
    expect((await tv.request.get(`${BASE}/api/auth/wallboard-link`, { maxRedirects: 0 })).status()).not.toBe(200);
    expect((await tv.request.post(`${BASE}/api/auth/wallboard-link`, { data: {} })).status()).toBe(401);
    await page.goto(`${BASE}/`);
    await expect(page).toHaveURL(/\/login\?next=/);
    await tv.close();

    const forged = await browser.newContext();
    const fake = link.path.replace(/key=([\w-]+\.[\w-]+)\.[\w-]+/, "key=$1.AAAA");
    const res = await forged.request.get(`${BASE}${fake}`, { maxRedirects: 0 });
    expect(res.status()).toBe(303);
    await forged.close();
    await supervisor.dispose();
  });

  test("a link for one team with initials: its key opens only that team, as initials, leaves the address bar, is listed, and stops within one poll once revoked", async ({ browser }) => {
    const supervisor = await browser.newContext();
    await login(supervisor.request, SECURED.password, "e2e-scoped-link");
    const whole = (await (await supervisor.request.get(`${BASE}/api/agents`)).json()) as AgentsSnapshot;
    const billing = whole.agents.filter((a) => a.team === "Billing");
    expect(billing.length).toBeGreaterThan(0);
    expect(billing.length).toBeLessThan(whole.agents.length);

    // Lifetime capped by AUTH_LINK_MAX_DAYS (365 by default).
    const tooLong = await supervisor.request.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 400 } });
    expect(tooLong.status()).toBe(403);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toContain("AUTH_LINK_MAX_DAYS");

    const created = await supervisor.request.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 7, options: "teams=Billing&privacy=1&theme=light" } });
    expect(created.status()).toBe(200);
    const link = (await created.json()) as { id: string; path: string; scope: { teams: string[]; privacy: boolean } };
    expect(link.scope).toMatchObject({ teams: ["Billing"], privacy: true });

    // The TV: the key is exchanged for a cookie and leaves the address bar.
    const tv = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await tv.newPage();
    await page.goto(`${BASE}${link.path}`);
    await expect(page).toHaveURL(`${BASE}/wallboard?teams=Billing&privacy=1&theme=light`);
    await expect(page.locator("[data-wallboard] a[data-agent-id]")).toHaveCount(billing.length, { timeout: 15_000 });
    await page.screenshot({ path: "reports/screenshots/wallboard-link-billing-initials-1920x1080.png" });
    // What the link's browser receives: that team only, names as initials, whatever the URL asks.
    for (const path of ["/api/agents", "/api/agents?teams=Sales"]) {
      const seen = (await (await tv.request.get(`${BASE}${path}`)).json()) as AgentsSnapshot;
      expect(seen.agents.map((a) => a.agentId).sort()).toEqual(billing.map((a) => a.agentId).sort());
      for (const a of seen.agents) {
        expect(a.team).toBe("Billing");
        if (a.name !== null) expect(a.name).toMatch(/^(\p{Lu}\.)+$/u);
      }
      expect(seen.scope).toMatchObject({ teams: ["Billing"], privacy: true });
    }
    // Editing the address does not widen it either.
    await page.goto(`${BASE}/wallboard?theme=light`);
    await expect(page.locator("[data-wallboard] a[data-agent-id]")).toHaveCount(billing.length, { timeout: 15_000 });
    const fullName = billing.find((a) => a.name)!.name!;
    await expect(page.getByText(fullName)).toHaveCount(0);

    // Listed at /links with its maker, scope and expiry; revoked there.
    const listed = (await (await supervisor.request.get(`${BASE}/api/links`)).json()) as { links: LinkView[] };
    expect(listed.links.find((l) => l.id === link.id)).toMatchObject({ createdBy: "Supervisor (shared password)", describes: "Teams Billing · initials only", revokedAt: null, revocable: true });
    const admin = await supervisor.newPage();
    await admin.goto(`${BASE}/links`);
    const row = admin.locator(`[data-link-id="${link.id}"]`);
    await expect(row).toContainText("Teams Billing · initials only");
    await expect(row).toContainText("Supervisor (shared password)");
    await admin.screenshot({ path: "reports/screenshots/links-list-1280x720.png" });
    admin.once("dialog", (d) => void d.accept());
    const revokedAt = Date.now();
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("Revoked");

    // Within one poll of the TV (1 s here) and the revocation's spread (1 s): the board goes blank.
    await expect(page.locator("[data-wallboard][data-closed]")).toBeVisible({ timeout: 5_000 });
    expect(Date.now() - revokedAt).toBeLessThan(5_000);
    await page.screenshot({ path: "reports/screenshots/wallboard-link-revoked-1920x1080.png" });
    await expect(page.locator("a[data-agent-id]")).toHaveCount(0);
    expect((await tv.request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await page.reload();
    await expect(page).toHaveURL(/\/login\?next=%2Fwallboard.*&link=invalid/);
    await expect(page.locator("[data-link-invalid]")).toBeVisible();
    await tv.close();
    await supervisor.close();
  });

  test("every response carries the security headers, and pages a nonce-based CSP without unsafe-eval", async ({ request }) => {
    await login(request, SECURED.password, "e2e-headers");
    for (const path of ["/", "/wallboard", "/login", "/api/agents", "/api/health", "/api/nope"]) {
      const res = await request.get(`${BASE}${path}`);
      const h = res.headers();
      expect(h["x-content-type-options"], path).toBe("nosniff");
      expect(h["referrer-policy"], path).toBe("same-origin");
      const csp = h["content-security-policy"]!;
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("unsafe-eval");
      if (!path.startsWith("/api/")) {
        const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
        const html = await res.text();
        // Next.js put the nonce on its scripts, so they run under the policy.
        expect(html).toContain(`nonce="${nonce}"`);
      }
    }
    const asset = await request.get(`${BASE}/icon.svg`);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("the client secret, the JWT, the password and AUTH_SECRET never reach a bundle, a response or a log line", async ({ request }) => {
    for (const file of filesUnder(".next/static")) {
      const text = readFileSync(file, "latin1");
      for (const secret of SECRETS) expect(text.includes(secret), `${file} holds a secret`).toBe(false);
    }
    await login(request, SECURED.password, "e2e-secrets");
    const { agents } = (await (await request.get(`${BASE}/api/agents`)).json()) as { agents: { agentId: string }[] };
    for (const path of ["/", "/wallboard", `/agents/${agents[0]!.agentId}`, "/links", "/api/agents", "/api/health", `/api/agents/${agents[0]!.agentId}/timeline`, "/api/auth/session"]) {
      const body = await (await request.get(`${BASE}${path}`)).text();
      for (const secret of SECRETS) expect(body.includes(secret), `${path} shows a secret`).toBe(false);
      // No Kore.ai token (its payload carries appId), nor any other JWT, in a body.
      expect(jwtsIn(body), path).toEqual([]);
    }
    const logLines = readFileSync(SECURED_LOG, "utf8").split("\n").filter((l) => l.startsWith("{"));
    const calls = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "kore request");
    expect(calls.length).toBeGreaterThan(5);
    for (const c of calls) {
      expect(c).toMatchObject({ method: "GET" });
      expect(typeof c.path).toBe("string");
      expect(typeof c.ms).toBe("number");
      expect("status" in c).toBe(true);
    }
    const log = readFileSync(SECURED_LOG, "utf8");
    for (const secret of SECRETS) expect(log.includes(secret)).toBe(false);
    expect(jwtsIn(log)).toEqual([]);
  });

  test("with a real tenant and no AUTH_PASSWORD, Floorview refuses to start and names the variables", async () => {
    const { code, output } = await startExpectingExit(3199, { KORE_BASE_URL: "http://127.0.0.1:9", KORE_ACCOUNT_ID: "a", KORE_STREAM_ID: "s", KORE_JWT: "t.t.t", AUTH_PASSWORD: "", AUTH_DISABLED: "" });
    expect(code).toBe(1);
    expect(output).toContain("AUTH_PASSWORD and AUTH_SECRET: required with a real tenant");
    expect(output).toContain("AUTH_DISABLED=true");
  });
});

test.describe("where npm start listens", () => {
  test("HOSTNAME=127.0.0.1 keeps it to the loopback address it names; without it, every interface", async () => {
    const reach = (host: string, port: number) => fetch(`http://${host}:${port}/api/health`).then((r) => r.ok, () => false);
    for (const [hostName, otherReachable] of [["127.0.0.1", false], [undefined, true]] as const) {
      const port = await freePort();
      const server = run("node", ["scripts/start.mjs", "-p", String(port)], { KORE_BASE_URL: "", LOG_LEVEL: "warn", FLOORVIEW_IMPORT_DAYS: "0", ...(hostName ? { HOSTNAME: hostName } : {}) });
      try {
        await waitUntilUp(`http://127.0.0.1:${port}/api/health`, server);
        // 127.0.0.2 is this machine too, but not the address 127.0.0.1 names.
        expect(await reach("127.0.0.2", port), `HOSTNAME=${hostName ?? "(unset)"}`).toBe(otherReachable);
      } finally {
        await kill(server);
      }
    }
  });
});

test.describe("bulk guessing of the password", () => {
  test("after a spray from ten addresses, 500 parallel guesses from one fresh address get at most 5 real checks; the rest 429", async () => {
    test.setTimeout(60_000);
    const port = await freePort();
    const server = run("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      KORE_BASE_URL: "",
      SIM_PORT: String(await freePort()),
      SIM_AGENTS: "4",
      AUTH_PASSWORD: SECURED.password,
      AUTH_SECRET: SECURED.authSecret,
      // The test stands where the deployment's reverse proxy would (on the loopback address).
      FLOORVIEW_TRUSTED_PROXIES: "1",
      LOG_LEVEL: "warn",
      FLOORVIEW_IMPORT_DAYS: "0",
    });
    try {
      await waitUntilUp(`http://127.0.0.1:${port}/api/health`, server);
      const guess = (from: string, password = "a wrong guess") =>
        fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": from }, body: JSON.stringify({ password }) }).then((r) => r.status);
      for (let i = 0; i < 50; i++) await guess(`198.51.100.${i % 10}`);
      const burst = await Promise.all(Array.from({ length: 500 }, () => guess("203.0.113.77")));
      const checked = burst.filter((s) => s === 401).length;
      expect(checked).toBeLessThanOrEqual(5);
      expect(burst.filter((s) => s === 429)).toHaveLength(500 - checked);
      // Another address of the same IPv6 /64 is the same client: locked too.
      for (let i = 0; i < 5; i++) await guess(`2001:db8:77:1::${i + 1}`);
      expect(await guess("2001:db8:77:1:ffff::9", SECURED.password)).toBe(429);
      // Someone who has not failed still gets in, in their turn.
      expect(await guess("192.0.2.10", SECURED.password)).toBe(200);
    } finally {
      await kill(server);
    }
  });
});

test.describe("what a stranger's uploads cost", () => {
  const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;

  /**
   * One connection sending a large body slowly, as an attacker would: the head at once, then the
   * body in pieces for as long as the server lets it. Resolves with the status line's code, or 0
   * when the server closed without one.
   */
  function slowUpload(port: number, head: string, chunked: boolean, until: Promise<void>): Promise<{ status: number; ms: number }> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, "127.0.0.1");
      const piece = Buffer.alloc(64 * 1024, "a");
      let text = "";
      let timer: NodeJS.Timeout | undefined;
      const done = (status: number) => {
        clearInterval(timer);
        socket.destroy();
        resolve({ status, ms: Date.now() - started });
      };
      socket.on("connect", () => {
        socket.write(head);
        timer = setInterval(() => {
          if (!socket.writable) return;
          socket.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece);
        }, 100);
      });
      socket.on("data", (d: Buffer) => {
        text += d.toString("latin1");
        const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
        if (m) done(Number(m[1]));
      });
      socket.on("error", () => undefined);
      socket.on("close", () => done(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
      void until.then(() => done(0));
    });
  }

  test("100 strangers sending 32 MB bodies slowly (chunked anywhere, declared to the schedule upload) are each answered within seconds, and the server's memory hardly moves", async () => {
    test.setTimeout(90_000);
    const port = await freePort();
    const server = run("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      KORE_BASE_URL: "",
      SIM_PORT: String(await freePort()),
      SIM_AGENTS: "8",
      AUTH_PASSWORD: SECURED.password,
      AUTH_SECRET: SECURED.authSecret,
      LOG_LEVEL: "warn",
      FLOORVIEW_IMPORT_DAYS: "0",
      FLOORVIEW_UPLOAD_TIMEOUT_SECONDS: "5",
    });
    try {
      await waitUntilUp(`http://127.0.0.1:${port}/api/health`, server);
      // Warm: the routes compiled and their modules loaded, as on a server that has run a while.
      for (const path of ["/api/schedules", "/api/links", "/no/such/path"]) await fetch(`http://127.0.0.1:${port}${path}`, { method: "POST", body: "x" });
      const before = rssOf(server.child.pid!);
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server.child.pid!))), 100);
      let stop!: () => void;
      const stopped = new Promise<void>((r) => (stop = r));
      const giveUp = setTimeout(stop, 10_000);
      const heads = Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? [`POST /some/unknown/path-${i} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n`, true] as const
          : [`POST /api/schedules HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: ${32 * 1024 * 1024}\r\n\r\n`, false] as const,
      );
      const answers = await Promise.all(heads.map(([head, chunked]) => slowUpload(port, head, chunked, stopped)));
      clearTimeout(giveUp);
      await new Promise((r) => setTimeout(r, 500));
      clearInterval(sampler);
      const statuses = answers.map((a, i) => `${i % 2 === 0 ? "chunked" : "declared"} ${a.status}`);
      // Chunked: 411 on every path; declared to the schedule upload: 401, no session (the route
      // asks before it reads a byte; nothing copies the body for the proxy first).
      expect(new Set(statuses)).toEqual(new Set(["chunked 411", "declared 401"]));
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(5_000);
      expect(peak - before).toBeLessThan(100 * 1024 * 1024);
      test.info().annotations.push({ type: "memory", description: `RSS ${Math.round(before / 1048576)} MB before, peak ${Math.round(peak / 1048576)} MB; slowest answer ${Math.max(...answers.map((a) => a.ms))} ms` });

      // Signed in, a schedule sent too slowly to arrive whole within FLOORVIEW_UPLOAD_TIMEOUT_SECONDS
      // (5 s here): cut with 408, not held for Node's five minutes.
      const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ password: SECURED.password }) });
      const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      expect(cookie).toContain("=");
      const slow = await slowUpload(port, `POST /api/schedules HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: text/csv\r\nContent-Length: ${32 * 1024 * 1024}\r\n\r\n`, false, new Promise((r) => setTimeout(r, 20_000)));
      expect(slow.status).toBe(408);
      expect(slow.ms).toBeGreaterThan(4_000);
      expect(slow.ms).toBeLessThan(8_000);
    } finally {
      await kill(server);
    }
  });
});
