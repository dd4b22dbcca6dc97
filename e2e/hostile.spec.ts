import type { APIRequestContext } from "@playwright/test";
import { SECURED } from "../playwright.config";
import { expect, test } from "./fixtures";

/**
 * Hostile input, surface by surface, on a deployment like a real tenant's (a login, a stand-alone
 * simulator as Kore.ai): what an attacker or a broken script sends to sign-in, wallboard links,
 * reports and schedule uploads. Each answer is the clear error of the API's shape (never a 500,
 * never an echo of a secret), and nothing is written: no session, no link, no schedule row.
 * (The alerts config and the messages sent out have their own: lib/alerts/*.test.ts; the
 * `next` of a sign-in: test/hostile-next.ts through e2e/security.spec.ts and e2e/sso.spec.ts.)
 */

const BASE = `http://127.0.0.1:${SECURED.port}`;
const SECRETS = [SECURED.password, SECURED.authSecret, SECURED.clientSecret, SECURED.metricsToken];

/** The answer's status and error, checked for the API's error shape and for anything secret. */
async function refused(res: Awaited<ReturnType<APIRequestContext["get"]>>, what: string) {
  const text = await res.text();
  expect(res.status(), `${what}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status(), what).toBeLessThan(500);
  for (const secret of SECRETS) expect(text.includes(secret), `${what} echoes a secret`).toBe(false);
  const body = JSON.parse(text) as { error?: { code: string; message: string } };
  expect(body.error?.message.length, what).toBeGreaterThan(10);
  return { status: res.status(), code: body.error!.code, message: body.error!.message };
}

test.describe("hostile input", () => {
  let signedIn: APIRequestContext;
  test.beforeAll(async ({ playwright }) => {
    signedIn = await playwright.request.newContext();
    expect((await signedIn.post(`${BASE}/api/auth/login`, { data: { password: SECURED.password }, headers: { "X-Forwarded-For": "e2e-hostile" } })).status()).toBe(200);
  });
  test.afterAll(async () => {
    await signedIn.dispose();
  });

  test("sign-in: bodies of every wrong shape get 400 or 401, no cookie, nothing else", async ({ playwright }) => {
    const stranger = await playwright.request.newContext();
    const bodies: [string, string, string][] = [
      ["not JSON", "text/plain", "password=x"],
      ["JSON null", "application/json", "null"],
      ["an array", "application/json", JSON.stringify([SECURED.password])],
      ["a number", "application/json", JSON.stringify({ password: 12345678 })],
      ["an object for the password", "application/json", JSON.stringify({ password: { toString: SECURED.password } })],
      ["an empty password", "application/json", JSON.stringify({ password: "" })],
      ["a password over 1,024 characters", "application/json", JSON.stringify({ password: "x".repeat(1025) })],
      ["a prototype to pollute", "application/json", '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}},"password":"wrong"}'],
      ["truncated JSON", "application/json", '{"password":"'],
      ["NUL bytes", "application/json", JSON.stringify({ password: "\u0000\u0000" })],
    ];
    for (const [i, [what, type, data]] of bodies.entries()) {
      const res = await stranger.post(`${BASE}/api/auth/login`, { headers: { "Content-Type": type, "X-Forwarded-For": `e2e-hostile-body-${i}` }, data });
      const r = await refused(res, what);
      expect(["bad_request", "wrong_password"], what).toContain(r.code);
      expect(res.headers()["set-cookie"], what).toBeUndefined();
    }
    expect((await stranger.get(`${BASE}/api/agents`)).status()).toBe(401);
    await stranger.dispose();
  });

  test("wallboard links: hostile options, lifetimes and bodies are refused and make no link", async () => {
    const count = async () => ((await (await signedIn.get(`${BASE}/api/links`)).json()) as { links: unknown[] }).links.length;
    const before = await count();
    const cases: [string, unknown][] = [
      ["days: -1", { days: -1 }],
      ["days: 0", { days: 0 }],
      ["days: 1e9", { days: 1e9 }],
      ["days as text", { days: "7" }],
      ["days over AUTH_LINK_MAX_DAYS", { days: 3650 }],
      ["options over 2,000 characters", { options: `teams=${"x".repeat(2100)}` }],
      ["options not text", { options: { teams: "Billing" } }],
      ["an array", [{ days: 1 }]],
      ["null", null],
    ];
    for (const [what, data] of cases) await refused(await signedIn.post(`${BASE}/api/auth/wallboard-link`, { data: data as object }), what);
    for (const [what, data] of [["not JSON", "days=1"], ["truncated JSON", '{"days":']] as const) {
      await refused(await signedIn.post(`${BASE}/api/auth/wallboard-link`, { headers: { "Content-Type": "application/json" }, data }), what);
    }
    // A link's options are signed as given and shown escaped: markup in them is text, never a tag.
    const odd = await signedIn.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 1, options: 'prefix=<img src=x onerror=alert(1)>&theme="dark' } });
    expect(odd.status()).toBe(200);
    const listed = await (await signedIn.get(`${BASE}/links`)).text();
    expect(listed).not.toContain("<img src=x");
    const { id } = (await odd.json()) as { id: string };
    expect((await signedIn.delete(`${BASE}/api/links/${id}`)).status()).toBe(200);
    // Revoking what is not there, or not a link id at all.
    for (const bad of ["no-such-link", "..%2F..%2Fetc%2Fpasswd", "%00", "x".repeat(500)]) await refused(await signedIn.delete(`${BASE}/api/links/${bad}`), `revoke ${bad.slice(0, 20)}`);
    expect(await count()).toBe(before + 1); // the odd one, listed as revoked
  });

  test("reports: hostile windows, intervals, zones, teams and agents get 400 or 404 with a message", async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const ok = { from: iso(now - 3_600_000), to: iso(now) };
    const cases: Record<string, string>[] = [
      {},
      { from: "yesterday", to: ok.to },
      { from: ok.from, to: "2026-13-45T99:00:00Z" },
      { from: ok.to, to: ok.from },
      { from: "2026-12-01T00:00:00", to: ok.to },
      { from: iso(now - 40 * 86_400_000), to: ok.to },
      { ...ok, interval: "7m" },
      { ...ok, interval: "15m'; DROP TABLE events;--" },
      { ...ok, tz: "Mars/Olympus_Mons" },
      { ...ok, tz: "../../etc/passwd" },
      { ...ok, format: "xlsx" },
      { ...ok, agent: "\u0000" },
      { ...ok, agent: "no-such-agent' OR '1'='1" },
    ];
    for (const c of cases) {
      const query = new URLSearchParams(c).toString();
      const r = await refused(await signedIn.get(`${BASE}/api/reports/time-in-state?${query}`), query);
      expect(["bad_request", "not_found"], query).toContain(r.code);
    }
    // A team nobody is in (whether it exists or not, as for a team outside one's scope): a report of nobody, in JSON, never markup.
    const team = await signedIn.get(`${BASE}/api/reports/time-in-state?${new URLSearchParams({ ...ok, team: "<script>alert(1)</script>" })}`);
    expect(team.status()).toBe(200);
    expect(team.headers()["content-type"]).toContain("application/json");
    expect(((await team.json()) as { rows: unknown[] }).rows).toEqual([]);
  });

  test("schedule uploads: hostile CSV is refused by line and column and saves nothing", async () => {
    const now = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const window = `from=${iso(now - 86_400_000)}&to=${iso(now + 7 * 86_400_000)}`;
    const rows = async () => ((await (await signedIn.get(`${BASE}/api/schedules?${window}`)).json()) as { rows: unknown[] }).rows.length;
    const before = await rows();
    const header = "agent_id,start,end,activity";
    const line = (agent: string, activity = "work") => `${agent},${iso(now)},${iso(now + 3_600_000)},${activity}`;
    const files: [string, string][] = [
      ["no header", line("a-1")],
      ["a header of another shape", `id,from,to,what\n${line("a-1")}`],
      ["a formula for an activity", `${header}\n${line("a-1", "=1+1")}`],
      ["a control character in an id", `${header}\n${line("a-\u0000-1")}`],
      ["an id of 300 characters", `${header}\n${line("a".repeat(300))}`],
      ["a row of 40 fields", `${header}\n${line("a-1")}${",x".repeat(36)}`],
      ["a quote never closed", `${header}\n"a-1,${iso(now)},${iso(now + 3_600_000)},work`],
      ["a time without an offset", `${header}\na-1,2026-12-07T09:00:00,2026-12-07T17:00:00,work`],
      ["a good row beside a bad one (all or nothing)", `${header}\n${line("a-ok")}\n${line("a-bad", "lunchtime")}`],
    ];
    for (const [what, csv] of files) {
      const res = await signedIn.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: csv });
      const r = await refused(res, what);
      expect(r.code, what).toBe("bad_request");
      if (what !== "no header" && what !== "a header of another shape") {
        const problems = ((JSON.parse(await res.text()) as { error: { problems?: { line: number }[] } }).error.problems ?? []);
        expect(problems.length, what).toBeGreaterThan(0);
        expect(problems.every((p) => p.line >= 1), what).toBe(true);
      }
    }
    // Not CSV at all.
    for (const [what, type, data] of [["JSON", "application/json", JSON.stringify({ rows: [] })], ["a form", "application/x-www-form-urlencoded", "a=1"]] as const) {
      await refused(await signedIn.post(`${BASE}/api/schedules`, { headers: { "Content-Type": type }, data }), what);
    }
    expect(await rows()).toBe(before);

    // An agent id that a spreadsheet would run (an id Floorview has never seen: a warning, and
    // kept, since schedules may come before the agent's first event): exported, it is text.
    const formula = '=HYPERLINK("https://evil.example","Open")';
    const kept = await signedIn.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: `${header}\n"${formula.replaceAll('"', '""')}",${iso(now + 2 * 86_400_000)},${iso(now + 2 * 86_400_000 + 3_600_000)},work` });
    expect(kept.status()).toBe(200);
    expect(((await kept.json()) as { warnings: { column: string }[] }).warnings.map((w) => w.column)).toEqual(["agent_id"]);
    const csv = await (await signedIn.get(`${BASE}/api/schedules?${window}&format=csv`)).text();
    expect(csv).toContain(`"'${formula.replaceAll('"', '""')}"`);
    expect(csv.split("\r\n").some((l) => l.startsWith("="))).toBe(false);
  });
});
