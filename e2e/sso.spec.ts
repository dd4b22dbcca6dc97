import AxeBuilder from "@axe-core/playwright";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import sample from "@/lib/simulator/sample-labels.json";
import { simEmail } from "@/lib/simulator/floor";
import { startReceivers, type Receivers } from "@/test/alert-receivers";
import { HOSTILE_NEXT, landsOn } from "@/test/hostile-next";
import { TEST_CLIENT, TEST_USERS } from "@/test/oidc-users";
import { freePort } from "@/test/redis";
import { FEED_ZONE, SERVER_TZ } from "../playwright.config";
import { expect, SimulatorControl, test } from "./fixtures";
import { kill, run, waitUntilUp, type Proc } from "./processes";

/**
 * Single sign-on through a real OpenID Provider (oidc-provider) and roles with team scope, on a
 * Floorview this file starts with the labels and access files it writes itself: what each role
 * may see comes from those files (the test's own account of the teams), never from the app.
 * Flags, adherence exceptions and schedules are on the floor in every team, and each role tries
 * every route as an attacker would: another team's `?team=` and `?agent=`, CSV and JSON of every
 * export, the POST routes, the links. Nothing of another team may leave the server.
 */

const SECRET = "e2e-sso-kore-secret-0123456789abcdef";
const AUTH_SECRET = "e2e-sso-auth-secret-0123456789-abcdefghijklmn";
const TEAMS = ["Billing", "Tech support", "Sales", "Retention"] as const;
const AGENTS_PER_TEAM = 4;

/** The access config this test writes: a group → a role and teams. */
const ACCESS: { groups: Record<string, { role: "admin" | "supervisor" | "teamlead" | "viewer"; teams?: string[] }> } = {
  groups: {
    "floorview-admins": { role: "admin" },
    supervisors: { role: "supervisor" },
    "billing-leads": { role: "teamlead", teams: ["Billing"] },
    "sales-viewers": { role: "viewer", teams: ["Sales"] },
  },
};

/** What each role may do, as the deployment guide's table says (docs/deploy.md), written here. */
const MAY = {
  admin: { export: true, links: true, allLinks: true, alerts: true, audit: true, schedules: true, details: true },
  supervisor: { export: true, links: true, allLinks: true, alerts: true, audit: false, schedules: true, details: true },
  teamlead: { export: true, links: true, allLinks: false, alerts: false, audit: false, schedules: true, details: false },
  viewer: { export: false, links: false, allLinks: false, alerts: false, audit: false, schedules: false, details: false },
} as const;

interface Agent {
  agentId: string;
  name: string | null;
  team: string;
}

let BASE = "";
let ISSUER = "";
let agents: Agent[] = [];
const procs: Proc[] = [];
let receivers: Receivers | null = null;

/** The role and teams a test user gets: their group's, by the access file above. */
function grantOf(login: string): { role: keyof typeof MAY; teams: string[] | null } {
  const grant = ACCESS.groups[TEST_USERS[login]!.groups[0]!]!;
  return { role: grant.role, teams: grant.teams ?? null };
}
const teamOf = (team: string) => agents.filter((a) => a.team === team);

/** Through the login page and the provider's own sign-in form, as a person would. */
async function signIn(page: Page, login: string, next = "/") {
  await page.goto(`${BASE}${next}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
}

async function signedIn(ctx: BrowserContext, login: string): Promise<Page> {
  const page = await ctx.newPage();
  await signIn(page, login);
  await expect(page).toHaveURL(`${BASE}/`);
  return page;
}

const iso = (ms: number) => new Date(ms).toISOString();
const whole = (ms: number) => Math.floor(ms / 1000) * 1000;

test.describe("single sign-on with OpenID Connect", () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    // A Kore.ai stand-in of 16 agents, dealt into four teams by this test.
    const simPort = await freePort();
    const sim = run("node", ["--conditions=react-server", "--import", "tsx", "lib/simulator/cli.ts"], { SIM_PORT: String(simPort), SIM_AGENTS: String(TEAMS.length * AGENTS_PER_TEAM), SIM_CLIENT_SECRET: SECRET, SIM_HISTORY_HOURS: "14", SIM_TIMEZONE: FEED_ZONE, TZ: SERVER_TZ });
    procs.push(sim);
    await waitUntilUp(`http://127.0.0.1:${simPort}/__sim/health`, sim);
    const { roster } = (await (await fetch(`http://127.0.0.1:${simPort}/__sim/truth`)).json()) as { roster: { agentId: string; name: string | null }[] };
    agents = roster.map((a, i) => ({ ...a, team: TEAMS[Math.floor(i / AGENTS_PER_TEAM)]! }));

    const dir = mkdtempSync(join(tmpdir(), "floorview-e2e-sso-"));
    const labelsFile = join(dir, "labels.json");
    const accessFile = join(dir, "access.json");
    const alertsFile = join(dir, "alerts.json");
    writeFileSync(labelsFile, JSON.stringify({ ...sample, teams: Object.fromEntries(TEAMS.map((t) => [t, teamOf(t).map((a) => a.agentId)])) }));
    writeFileSync(accessFile, JSON.stringify(ACCESS));
    receivers = await startReceivers();
    writeFileSync(alertsFile, JSON.stringify({ channels: { hook: { type: "webhook", url: `${receivers.url}/hook`, secret: "e2e-sso-hook-secret-0123" } }, rules: [{ name: "Past alert", when: { threshold: "alert" }, channels: ["hook"] }] }));

    const port = await freePort();
    BASE = `http://127.0.0.1:${port}`;
    // The test OpenID Provider (oidc-provider, a certified implementation), as a process of its own.
    const providerPort = await freePort();
    const oidc = run("node", ["--import", "tsx", "test/oidc-cli.ts"], { OIDC_PORT: String(providerPort), OIDC_CLIENT_ORIGIN: BASE });
    procs.push(oidc);
    ISSUER = `http://127.0.0.1:${providerPort}`;
    await waitUntilUp(`${ISSUER}/.well-known/openid-configuration`, oidc);
    const server = run("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
      NEXT_TELEMETRY_DISABLED: "1",
      TZ: SERVER_TZ,
      LOG_LEVEL: "warn",
      KORE_BASE_URL: `http://127.0.0.1:${simPort}`,
      KORE_ACCOUNT_ID: "sim-account",
      KORE_STREAM_ID: "st-simulator",
      KORE_CLIENT_ID: "cs-simulator",
      KORE_CLIENT_SECRET: SECRET,
      KORE_EVENT_TIMEZONE: FEED_ZONE,
      KORE_POLL_INTERVAL_SECONDS: "2",
      KORE_MAX_REQUESTS_PER_MINUTE: "60",
      FLOORVIEW_REFRESH_SECONDS: "1",
      FLOORVIEW_IMPORT_DAYS: "0",
      FLOORVIEW_ADHERENCE_GRACE_MINUTES: "0",
      OIDC_ISSUER: ISSUER,
      OIDC_CLIENT_ID: TEST_CLIENT.clientId,
      OIDC_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      OIDC_SCOPES: "openid profile email groups",
      AUTH_SECRET,
      FLOORVIEW_ACCESS_FILE: accessFile,
      FLOORVIEW_LABELS_FILE: labelsFile,
      FLOORVIEW_ALERTS_FILE: alertsFile,
      FLOORVIEW_PUBLIC_URL: BASE,
    });
    procs.push(server);
    await waitUntilUp(`${BASE}/api/health`, server);

    // On the floor, in every team: one agent toggling (a behaviour flag), one logging out during a
    // scheduled shift (an adherence exception: no grace on this server), both held still and
    // moved by events a second apart in the next seconds (released as their time comes).
    const control = new SimulatorControl(simPort);
    const toggler = (t: string) => teamOf(t)[0]!.agentId;
    const absent = (t: string) => teamOf(t)[1]!.agentId;
    await control.hold(...TEAMS.flatMap((t) => [toggler(t), absent(t)]));
    for (const t of TEAMS) {
      await control.event(absent(t), "offline", "", -1);
      await control.event(toggler(t), "ready", "", -1);
      for (let i = 0; i < 6; i++) await control.event(toggler(t), i % 2 === 0 ? "notready" : "ready", i % 2 === 0 ? "1" : "", -2 - i);
    }
    const admin = await browser.newContext();
    await signedIn(admin, "admin");
    const now = whole(Date.now());
    const csv = ["agent_id,start,end,activity", ...TEAMS.flatMap((t) => [absent(t), teamOf(t)[2]!.agentId].map((id) => `${id},${iso(now - 30 * 60_000)},${iso(now + 4 * 3_600_000)},work`))].join("\n");
    expect((await admin.request.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: csv })).status()).toBe(200);
    // Every team's flag and exception are there before anyone looks (what the admin sees is the whole floor).
    await expect
      .poll(async () => {
        const flags = (await (await admin.request.get(`${BASE}/api/flags/live`)).json()) as { agents: Record<string, unknown[]> };
        const live = (await (await admin.request.get(`${BASE}/api/adherence/live`)).json()) as { agents: Record<string, { exception: string | null }> };
        const toggling = (t: string) => ((flags.agents[toggler(t)] ?? []) as { rule: string }[]).some((f) => f.rule === "rapid_toggle");
        return TEAMS.filter((t) => !toggling(t) || !live.agents[absent(t)]?.exception);
      }, { timeout: 30_000 })
      .toEqual([]);
    await admin.close();
  });

  test.afterAll(async () => {
    await Promise.all(procs.splice(0).map(kill));
    await receivers?.close();
  });

  test("a team lead signs in through the provider and sees who they are, their team, and nothing else", async ({ browser }) => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, "lead", "/agents/x?window=4h");
    // Back where they were going.
    await expect(page).toHaveURL(`${BASE}/agents/x?window=4h`);
    await page.goto(`${BASE}/?offline=show`);
    const who = page.locator('[data-field="signed-in"]');
    await expect(who).toContainText(TEST_USERS.lead!.name);
    await expect(who).toContainText("Team lead");
    await expect(who.locator('[data-field="scope"]')).toHaveText("· Billing");
    await expect(page.locator("tr[data-agent-id]")).toHaveCount(teamOf("Billing").length, { timeout: 15_000 });
    // Not in the page either: no other team's name reached this browser.
    const html = await page.content();
    for (const a of agents.filter((x) => x.team !== "Billing" && x.name)) expect(html).not.toContain(a.name!);
    await page.screenshot({ path: "reports/screenshots/sso-team-lead-1440x900.png" });
    await ctx.close();
  });

  test("role × route × team: each role's teams and nothing else, on every route, however asked; each role's controls there or absent", async ({ browser }) => {
    test.setTimeout(120_000);
    // A link for Retention, made by the admin: whose lists it shows in, who may revoke it.
    const adminCtx = await browser.newContext();
    await signedIn(adminCtx, "admin");
    const retentionLink = (await (await adminCtx.request.post(`${BASE}/api/auth/wallboard-link`, { data: { options: "teams=Retention" } })).json()) as { id: string };
    expect(retentionLink.id).toBeTruthy();

    for (const login of ["admin", "sup", "lead", "viewer"]) {
      const { role, teams } = grantOf(login);
      const may = MAY[role];
      const mine = (a: Agent) => teams === null || teams.includes(a.team);
      const expected = agents.filter(mine).map((a) => a.agentId).sort();
      const outsiders = agents.filter((a) => !mine(a));
      const otherTeam = TEAMS.find((t) => teams !== null && !teams.includes(t)) ?? null;
      const ctx = await browser.newContext();
      const page = await signedIn(ctx, login);
      const api = ctx.request;

      /** Nothing of another team in what the server sent: no id, no name (but the id the request itself named). */
      const nothingOutside = async (what: string, res: Awaited<ReturnType<APIRequestContext["get"]>>, asked?: string) => {
        const text = await res.text();
        for (const a of outsiders) {
          if (a.agentId !== asked) expect(text.includes(a.agentId), `${login}: ${what} holds ${a.agentId} of ${a.team}`).toBe(false);
          if (a.name) expect(text.includes(a.name), `${login}: ${what} holds ${a.name} of ${a.team}`).toBe(false);
        }
        return text;
      };
      const json = async <T>(what: string, path: string, status = 200): Promise<T> => {
        const res = await api.get(`${BASE}${path}`);
        expect(res.status(), `${login}: ${what}`).toBe(status);
        return JSON.parse(await nothingOutside(what, res)) as T;
      };
      const ids = (list: { agentId: string }[]) => [...new Set(list.map((x) => x.agentId))].sort();

      // The live picture and each agent.
      expect(ids((await json<{ agents: Agent[] }>("/api/agents", "/api/agents")).agents), login).toEqual(expected);
      const own = agents.find(mine)!;
      for (const path of [`/api/agents/${own.agentId}`, `/api/agents/${own.agentId}/timeline?window=1h`]) expect((await api.get(`${BASE}${path}`)).status(), `${login} ${path}`).toBe(200);
      for (const a of outsiders.filter((_, i) => i % AGENTS_PER_TEAM === 0)) {
        for (const [path, unknown] of [[`/api/agents/${a.agentId}`, "/api/agents/nobody-has-this-id"], [`/api/agents/${a.agentId}/timeline?window=1h`, "/api/agents/nobody-has-this-id/timeline?window=1h"]] as const) {
          const res = await api.get(`${BASE}${path}`);
          expect(res.status(), `${login} ${path}: as if it did not exist`).toBe(404);
          await nothingOutside(path, res, a.agentId);
          // Word for word what an id nobody has gets: the answer does not tell that the agent exists.
          expect(await res.text(), `${login} ${path}`).toBe(await (await api.get(`${BASE}${unknown}`)).text());
        }
      }

      // Windows: reports, adherence, flags, schedules; as asked plainly, for another team, for another team's agent.
      const now = whole(Date.now());
      const window = `from=${iso(now - 3_600_000)}&to=${iso(now + 3_600_000)}`;
      const past = `from=${iso(now - 3_600_000)}&to=${iso(now)}`;
      const routes: [string, string, (body: never) => { agentId: string }[]][] = [
        ["report", `/api/reports/time-in-state?${past}&interval=total`, (b: { rows: { agentId: string }[] }) => b.rows],
        ["adherence", `/api/adherence?${window}`, (b: { agents: { agentId: string }[] }) => b.agents],
        ["flags", `/api/flags?${past}`, (b: { agents: { agentId: string }[] }) => b.agents],
        ["schedules", `/api/schedules?${window}`, (b: { rows: { agentId: string }[] }) => b.rows],
      ];
      for (const [what, path, list] of routes) {
        const plain = ids(list((await json(what, path)) as never));
        expect(plain.length, `${login}: ${what} has something`).toBeGreaterThan(0);
        expect(plain.every((id) => expected.includes(id)), `${login}: ${what} in scope`).toBe(true);
        if (what === "report") expect(plain, `${login}: the report covers their teams`).toEqual(expected);
        if (otherTeam) {
          // Another team by name: nothing of it comes back, whatever the status.
          const res = await api.get(`${BASE}${path}&team=${encodeURIComponent(otherTeam)}`);
          const text = await nothingOutside(`${what}?team=${otherTeam}`, res);
          if (res.ok()) expect(ids(list(JSON.parse(text) as never)), `${login}: ${what}?team=${otherTeam}`).toEqual([]);
          // Another team's agent by id: as if it did not exist.
          const outsider = outsiders[0]!;
          const byAgent = await api.get(`${BASE}${path}&agent=${encodeURIComponent(outsider.agentId)}`);
          await nothingOutside(`${what}?agent=`, byAgent, outsider.agentId);
          if (byAgent.ok()) expect(ids(list((await byAgent.json()) as never)), `${login}: ${what}?agent=`).toEqual([]);
          else expect(byAgent.status(), `${login}: ${what}?agent=`).toBe(404);
        }
      }
      // Now: adherence, breaks, flags.
      const liveIds = (m: Record<string, unknown>) => Object.keys(m).sort();
      const adherenceNow = liveIds((await json<{ agents: Record<string, unknown> }>("adherence now", "/api/adherence/live")).agents);
      const flagsNow = liveIds((await json<{ agents: Record<string, unknown> }>("flags now", "/api/flags/live")).agents);
      const breaksNow = await json<{ agents: Record<string, unknown>; caps: { team: string; agents: string[] }[] }>("breaks now", "/api/breaks/live");
      // Every team of theirs has a flag and an exception on the floor; they see exactly those of their teams.
      const theirTeams = teams ?? [...TEAMS];
      for (const t of TEAMS) expect(flagsNow.includes(teamOf(t)[0]!.agentId), `${login}: ${t}'s toggling flagged`).toBe(theirTeams.includes(t));
      for (const id of flagsNow) expect(expected, `${login}: ${id} in flags now`).toContain(id);
      expect(adherenceNow, `${login}: adherence now`).toEqual(theirTeams.flatMap((t) => [teamOf(t)[1]!.agentId, teamOf(t)[2]!.agentId]).sort());
      expect(breaksNow.caps.map((c) => c.team).sort(), `${login}: caps`).toEqual([...theirTeams].sort());
      for (const id of [...Object.keys(breaksNow.agents), ...breaksNow.caps.flatMap((c) => c.agents)]) expect(expected, `${login}: ${id} in breaks`).toContain(id);

      // Exports as CSV: the report's and the schedules' for those who may export, each in scope; the audit trail's for admins.
      for (const [what, path] of [["report CSV", `/api/reports/time-in-state?${past}&format=csv`], ["schedules CSV", `/api/schedules?${window}&format=csv`]] as const) {
        const res = await api.get(`${BASE}${path}`);
        const text = await nothingOutside(what, res);
        expect(res.status(), `${login}: ${what}`).toBe(may.export ? 200 : 403);
        if (may.export) expect(text.split("\r\n").filter((l) => expected.some((id) => l.includes(id))).length, `${login}: ${what} has their agents`).toBeGreaterThan(0);
        if (otherTeam && may.export) await nothingOutside(`${what}?team=`, await api.get(`${BASE}${path}&team=${encodeURIComponent(otherTeam)}`));
      }
      const auditCsv = await api.get(`${BASE}/api/audit?format=csv`);
      expect(auditCsv.status(), `${login}: audit CSV`).toBe(may.audit ? 200 : 403);
      expect((await api.get(`${BASE}/api/audit`)).status(), `${login}: audit`).toBe(may.audit ? 200 : 403);

      // The POST routes.
      const s0 = now - 3_600_000;
      const s1 = now + 3_600_000;
      const upload = await api.post(`${BASE}/api/schedules?preview=1`, { headers: { "Content-Type": "text/csv" }, data: ["agent_id,start,end,activity", `${own.agentId},${iso(s0)},${iso(s1)},work`, ...(outsiders[0] ? [`${outsiders[0].agentId},${iso(s0)},${iso(s1)},work`] : [])].join("\n") });
      await nothingOutside("schedule upload", upload, outsiders[0]?.agentId);
      expect(upload.status(), `${login}: schedule upload`).toBe(!may.schedules ? 403 : outsiders.length > 0 ? 400 : 200);
      if (may.schedules && outsiders.length > 0) {
        const { error } = (await upload.json()) as { error: { problems: { line: number; column: string; message: string }[] } };
        expect(error.problems.map((p) => [p.line, p.column]), login).toEqual([[3, "agent_id"]]);
        expect(error.problems[0]!.message).toContain("not in your teams");
      }
      expect((await api.post(`${BASE}/api/exports`, { data: { what: "grid", rows: expected.length } })).status(), `${login}: export`).toBe(may.export ? 200 : 403);
      const otherLink = await api.post(`${BASE}/api/auth/wallboard-link`, { data: { options: "teams=Retention" } });
      expect(otherLink.status(), `${login}: a link for Retention`).toBe(may.links && (teams === null || teams.includes("Retention")) ? 200 : 403);
      const ownLink = await api.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 1 } });
      expect(ownLink.status(), `${login}: a link of their own`).toBe(may.links ? 200 : 403);
      if (may.links && teams) {
        // The TV that opens a team lead's link sees their teams, nothing else.
        const { path } = (await ownLink.json()) as { path: string };
        const tv = await browser.newContext();
        const tvPage = await tv.newPage();
        await tvPage.goto(`${BASE}${path}`);
        const seen = await tv.request.get(`${BASE}/api/agents`);
        expect(ids(((await seen.json()) as { agents: Agent[] }).agents), `${login}'s link`).toEqual(expected);
        await tv.close();
      }
      const test = await api.post(`${BASE}/api/alerts/test`, { data: { channel: "hook" } });
      expect(test.status(), `${login}: send a test alert`).toBe(may.alerts ? 202 : 403);
      expect((await api.get(`${BASE}/api/alerts`)).status(), `${login}: alerts`).toBe(may.alerts ? 200 : 403);

      // Links: who sees the admin's Retention link, and who may revoke it (it is revoked by the last who may).
      const links = (await json<{ links: { id: string }[] }>("links", "/api/links")).links.map((l) => l.id);
      expect(links.includes(retentionLink.id), `${login}: sees the Retention link`).toBe(may.allLinks);
      const linksPage = await api.get(`${BASE}/links`);
      expect(linksPage.status(), `${login}: /links`).toBe(200);
      const linksHtml = await nothingOutside("/links", linksPage);
      expect(linksHtml.includes(retentionLink.id), `${login}: /links shows the Retention link`).toBe(may.allLinks);
      if (!may.allLinks) expect((await api.delete(`${BASE}/api/links/${retentionLink.id}`)).status(), `${login}: revoke the Retention link`).toBeGreaterThanOrEqual(403);
      // Health's details: not for a team lead or a viewer.
      expect("upstream" in (await json<Record<string, unknown>>("health", "/api/health")), login).toBe(may.details);

      // The page: controls a role cannot use are absent, not disabled; every agent in scope (those logged out shown).
      await page.goto(`${BASE}/?offline=show`);
      await expect(page.locator("tr[data-agent-id]")).toHaveCount(expected.length, { timeout: 15_000 });
      await expect(page.locator('[data-field="export"]'), login).toHaveCount(may.export ? 1 : 0);
      await expect(page.getByRole("link", { name: "TV links" }), login).toHaveCount(may.links ? 1 : 0);
      await expect(page.getByRole("link", { name: "Audit" }), login).toHaveCount(may.audit ? 1 : 0);
      if (login === "viewer") await page.screenshot({ path: "reports/screenshots/sso-viewer-1440x900.png" });
      await ctx.close();
    }
    // A link of one agent, and one of a name prefix: break caps of that agent's team only, never
    // another team's count (the scope names no team, but its agents have one).
    const billing = teamOf("Billing")[0]!;
    for (const options of [`agents=${encodeURIComponent(billing.agentId)}`, `prefix=${encodeURIComponent((billing.name ?? billing.agentId).slice(0, 6))}`]) {
      const made = await adminCtx.request.post(`${BASE}/api/auth/wallboard-link`, { data: { options, days: 1 } });
      expect(made.status(), options).toBe(200);
      const tv = await browser.newContext();
      await (await tv.newPage()).goto(`${BASE}${((await made.json()) as { path: string }).path}`);
      const seen = ((await (await tv.request.get(`${BASE}/api/agents`)).json()) as { agents: Agent[] }).agents;
      const seenTeams = [...new Set(seen.map((a) => agents.find((x) => x.agentId === a.agentId)!.team))].sort();
      expect(seenTeams.length, options).toBeGreaterThan(0);
      const caps = ((await (await tv.request.get(`${BASE}/api/breaks/live`)).json()) as { caps: { team: string }[] }).caps;
      expect(caps.map((c) => c.team).sort(), `${options}: caps`).toEqual(seenTeams);
      await tv.close();
    }
    // The admin may revoke it.
    expect((await adminCtx.request.delete(`${BASE}/api/links/${retentionLink.id}`)).status()).toBe(200);
    await adminCtx.close();
  });

  test("no hostile next leaves Floorview through the single sign-on callback, after a real (silent) sign-in at the provider", async ({ browser }) => {
    const ctx = await browser.newContext();
    await signedIn(ctx, "sup");
    // Signed in at the provider: each start comes back silently, as an attacker's link would.
    const left: string[] = [];
    for (const next of HOSTILE_NEXT) {
      let url = `${BASE}/api/auth/oidc/start?next=${encodeURIComponent(next)}`;
      let landing: string | null = null;
      for (let hop = 0; hop < 12 && landing === null; hop++) {
        const res = await ctx.request.get(url, { maxRedirects: 0 });
        const location = res.headers()["location"];
        expect(location, `${JSON.stringify(next)}: ${url} answered ${res.status()} without a Location`).toBeTruthy();
        if (url.startsWith(`${BASE}/api/auth/oidc/callback`)) {
          expect(res.status()).toBe(303);
          landing = new URL(location!, url).href;
        } else url = new URL(location!, url).href;
      }
      expect(landing, JSON.stringify(next)).not.toBeNull();
      // A successful sign-in, not a refusal that happens to land at home.
      expect(landing, JSON.stringify(next)).not.toContain("sso_error");
      if (!landsOn(landing!, BASE)) left.push(`${JSON.stringify(next)} → ${landing}`);
    }
    expect(left).toEqual([]);
    await ctx.close();
  });

  test("a user with no mapped group is refused with a clear page; a forged return is refused; both are in the audit trail", async ({ browser }) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await signIn(page, "nobody");
    await expect(page).toHaveURL(/\/login\?sso_error=no_group/);
    await expect(page.locator('[data-sso-error="no_group"]')).toContainText("none of your groups has access to Floorview");
    expect((await ctx.request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await page.screenshot({ path: "reports/screenshots/sso-no-group-1280x720.png" });
    await ctx.close();

    // A return whose state is not the one this browser sent (a fresh browser, signed in nowhere).
    const forged = await browser.newContext();
    const forgedPage = await forged.newPage();
    await forgedPage.goto(`${BASE}/api/auth/oidc/start?next=/`);
    await expect(forgedPage).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
    await forgedPage.goto(`${BASE}/api/auth/oidc/callback?code=forged-code&state=forged-state`);
    await expect(forgedPage).toHaveURL(/\/login\?sso_error=state/);
    await expect(forgedPage.locator('[data-sso-error="state"]')).toBeVisible();
    expect((await forged.request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await forged.close();

    const admin = await browser.newContext();
    const adminPage = await signedIn(admin, "admin");
    const { entries } = (await (await admin.request.get(`${BASE}/api/audit?action=sign_in_failed`)).json()) as { entries: { actor: string; details: { failure: string }; address: string | null }[] };
    expect(entries.some((e) => e.actor === `${TEST_USERS.nobody!.name} (nobody)` && e.details.failure === "no_group")).toBe(true);
    expect(entries.some((e) => e.details.failure === "state")).toBe(true);
    // The audit page, with its filters and CSV.
    await adminPage.goto(`${BASE}/audit`);
    await expect(adminPage.locator('tr[data-audit-action="sign_in"]').first()).toBeVisible();
    await expect(adminPage.locator('tr[data-audit-action="schedule_uploaded"]').first()).toBeVisible();
    await adminPage.screenshot({ path: "reports/screenshots/audit-1280x720.png" });
    // Its time filter is UTC's, whatever the server's zone (Chatham here): a From an hour ahead hides every entry so far.
    const ahead = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    await adminPage.getByLabel("From (UTC)").fill(ahead);
    await adminPage.getByRole("button", { name: "Filter" }).click();
    await expect(adminPage).toHaveURL(/tz=UTC/);
    await expect(adminPage.locator("tr[data-audit-action]")).toHaveCount(0);
    // No filter refused (Next's route announcer, role=alert too, is not the page's).
    await expect(adminPage.locator('main [role="alert"]')).toHaveCount(0);
    const csv = await admin.request.get(`${BASE}/api/audit?format=csv&action=sign_in`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    // With the byte-order mark every export carries: names with accents read right in a spreadsheet.
    expect((await csv.text()).split("\r\n")[0]).toBe("\uFEFFTime (UTC),Actor,Action,Address,Details");
    // Never a token, a cookie or a secret in what is kept.
    const all = await (await admin.request.get(`${BASE}/api/audit?limit=100000`)).text();
    expect(all).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(all).not.toContain(TEST_CLIENT.clientSecret);

    // Signing out ends the session here and at the provider, and comes back to the login page.
    await adminPage.goto(`${BASE}/`);
    await adminPage.getByRole("button", { name: "Sign out" }).click();
    await expect(adminPage).toHaveURL(new RegExp(`^${ISSUER}/session/end`));
    await adminPage.getByRole("button", { name: /yes/i }).click();
    await expect(adminPage).toHaveURL(/\/login/);
    expect((await admin.request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await admin.close();
  });

  test("sessions can be ended: an admin sees who is signed in and ends one of a team lead's two; the lead signs out everywhere; each stops within seconds, on the record", async ({ browser }) => {
    const leadLaptop = await browser.newContext();
    const leadPhone = await browser.newContext();
    await signedIn(leadLaptop, "lead");
    const phonePage = await signedIn(leadPhone, "lead");
    const agentsStatus = async (ctx: BrowserContext) => (await ctx.request.get(`${BASE}/api/agents`)).status();
    expect([await agentsStatus(leadLaptop), await agentsStatus(leadPhone)]).toEqual([200, 200]);

    // The admin's page: every session in force, the lead's two among them.
    const admin = await browser.newContext();
    const adminPage = await signedIn(admin, "admin");
    await adminPage.goto(`${BASE}/sessions`);
    const leadRows = adminPage.locator('tr[data-sub="lead"]');
    // The lead's sessions: these two, and any an earlier test left signed in.
    const own = async (ctx: BrowserContext) => ((await (await ctx.request.get(`${BASE}/api/sessions`)).json()) as { sessions: { id: string; current: boolean }[] }).sessions;
    const leads = (await own(leadPhone)).length;
    expect(leads).toBeGreaterThanOrEqual(2);
    await expect(leadRows).toHaveCount(leads);
    await expect(adminPage.locator("tr[data-session-id]").filter({ hasText: "this browser" })).toHaveCount(1);
    expect((await new AxeBuilder({ page: adminPage }).withTags(["wcag2a", "wcag2aa"]).analyze()).violations).toEqual([]);
    await adminPage.screenshot({ path: "reports/screenshots/sessions-1440x900.png", fullPage: true });
    // The laptop's row: the one the laptop lists as its own.
    const laptopSid = (await own(leadLaptop)).find((x) => x.current)!.id;
    adminPage.once("dialog", (d) => void d.accept());
    await adminPage.locator(`tr[data-session-id="${laptopSid}"] [data-field="end-session"]`).click();
    await expect(leadRows).toHaveCount(leads - 1);
    await expect.poll(() => agentsStatus(leadLaptop), { timeout: 3_000 }).toBe(401);
    expect(await agentsStatus(leadPhone)).toBe(200);

    // The lead, on the phone: sign out everywhere.
    await phonePage.goto(`${BASE}/sessions`);
    phonePage.once("dialog", (d) => void d.accept());
    await phonePage.locator('[data-field="sign-out-everywhere"]').click();
    await expect(phonePage).toHaveURL(/\/login/);
    await expect.poll(() => agentsStatus(leadPhone), { timeout: 3_000 }).toBe(401);

    // On the record, and a lead cannot end another person's sessions.
    const { entries } = (await (await admin.request.get(`${BASE}/api/audit?limit=200`)).json()) as { entries: { action: string; details: Record<string, unknown> }[] };
    expect(entries.some((e) => e.action === "session_ended" && e.details.session === laptopSid)).toBe(true);
    expect(entries.some((e) => e.action === "sessions_ended" && e.details.of === "lead")).toBe(true);
    const leadAgain = await browser.newContext();
    await signedIn(leadAgain, "lead");
    expect((await leadAgain.request.delete(`${BASE}/api/sessions?sub=admin`)).status()).toBe(404);
    for (const c of [leadLaptop, leadPhone, admin, leadAgain]) await c.close();
  });

  test("a stranger calling the callback over and over (no sign-in behind it, or error=) leaves one line a minute in the audit trail, and is refused past ten", async ({ browser, playwright }) => {
    const stranger = await playwright.request.newContext();
    const marker = `flood-${Date.now()}`;
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const path = i % 2 === 0 ? `error=access_denied&error_description=${marker}${"x".repeat(380)}` : `code=made-up-${i}&state=${marker}`;
      statuses.push((await stranger.get(`${BASE}/api/auth/oidc/callback?${path}`, { maxRedirects: 0 })).status());
    }
    // Ten a minute go to the login page saying what happened; the rest get 429 (twenty at most,
    // should a minute of this client's end while the fifty are sent).
    expect(statuses.filter((s) => s === 303).length, statuses.join(" ")).toBeLessThanOrEqual(20);
    expect(statuses.filter((s) => s === 429).length, statuses.join(" ")).toBeGreaterThanOrEqual(30);
    await stranger.dispose();

    const admin = await browser.newContext();
    await signedIn(admin, "admin");
    const { entries } = (await (await admin.request.get(`${BASE}/api/audit?action=sign_in_failed&limit=1000`)).json()) as { entries: { details: { failure: string; detail: string } }[] };
    // At most the first of the minute (none, when another failure from here was recorded within it).
    expect(entries.filter((e) => e.details.detail.includes(marker)).length).toBeLessThanOrEqual(1);
    // A failure the provider vouched for is still there (the earlier test's user with no group).
    expect(entries.some((e) => e.details.failure === "no_group")).toBe(true);
    await admin.close();
  });

  test("adherence adjustments: an exception excused counts as adherent everywhere and says so; a team lead adjusts only in their team, a viewer not at all; revoked, it counts as before; each on the record", async ({ browser }) => {
    test.setTimeout(90_000);
    const admin = await browser.newContext();
    await signedIn(admin, "admin");
    const billing = teamOf("Billing")[1]!.agentId;
    const sales = teamOf("Sales")[1]!.agentId;
    type Adh = { agents: { agentId: string; scheduledSeconds: number; adherentSeconds: number; unknownSeconds: number; excusedSeconds: number; neutralSeconds: number; percent: number | null; exceptions: { start: string; end: string | null; review: string; adjustment: string | null }[] }[] };
    const adherenceOf = async (agentId: string) => {
      const now = whole(Date.now());
      const res = await admin.request.get(`${BASE}/api/adherence?from=${encodeURIComponent(iso(now - 3_600_000))}&to=${encodeURIComponent(iso(now + 60_000))}&agent=${agentId}`);
      expect(res.status()).toBe(200);
      return ((await res.json()) as Adh).agents[0]!;
    };
    // Billing's agent logged out during their scheduled shift: an exception still open, out of adherence now.
    const before = await adherenceOf(billing);
    const open = before.exceptions.at(-1)!;
    expect(open).toMatchObject({ end: null, review: "open", adjustment: null });
    expect(before.excusedSeconds).toBe(0);

    // The admin excuses it ("approved early leave") from its start to the end of the shift.
    const made = await admin.request.post(`${BASE}/api/adherence/adjustments`, { data: { kind: "excused", agents: [billing], from: open.start, to: iso(whole(Date.now()) + 4 * 3_600_000), category: "approved_leave", note: "Approved early leave" } });
    expect(made.status(), await made.text()).toBe(200);
    const excused = (await made.json()) as { id: string; kind: string; agents: string[]; createdBy: string; revokedAt: string | null };
    expect(excused).toMatchObject({ kind: "excused", agents: [billing], createdBy: TEST_USERS.admin!.name, revokedAt: null });
    const after = await adherenceOf(billing);
    expect(after.exceptions.at(-1)).toMatchObject({ start: open.start, end: null, review: "excused", adjustment: excused.id });
    expect(after.excusedSeconds).toBeGreaterThan(0);
    // The one formula, from the answer's own seconds: (adherent + excused) ÷ (scheduled − unknown − neutral).
    const judged = after.scheduledSeconds - after.unknownSeconds - after.neutralSeconds;
    expect(after.percent).toBe(Math.round((10_000 * (after.adherentSeconds + after.excusedSeconds)) / judged) / 100);
    expect(after.percent!).toBeGreaterThan(before.percent!);
    // Now, on the grid's live answer: in adherence, excused, and no exception to show.
    type Live = { agents: Record<string, { inAdherence: boolean | null; exception: string | null; adjustment: { id: string; kind: string } | null }> };
    await expect.poll(async () => ((await (await admin.request.get(`${BASE}/api/adherence/live`)).json()) as Live).agents[billing]).toMatchObject({ inAdherence: true, exception: null, adjustment: { id: excused.id, kind: "excused" } });

    // Sales' agent made neutral by the admin; the Billing lead may not touch Sales, nor the whole floor.
    const salesAdj = (await (await admin.request.post(`${BASE}/api/adherence/adjustments`, { data: { kind: "neutral", teams: ["sales"], from: iso(whole(Date.now()) - 600_000), to: iso(whole(Date.now()) + 600_000), note: "Phones down in Sales" } })).json()) as { id: string; teams: string[] };
    expect(salesAdj.teams).toEqual(["sales"]);
    const lead = await browser.newContext();
    await signedIn(lead, "lead");
    const span = { from: iso(whole(Date.now()) - 600_000), to: iso(whole(Date.now()) + 600_000), note: "System outage" };
    for (const body of [{ kind: "neutral", agents: [sales] }, { kind: "neutral", teams: ["Sales"] }, { kind: "neutral", all: true }]) {
      const res = await lead.request.post(`${BASE}/api/adherence/adjustments`, { data: { ...body, ...span } });
      expect(res.status(), JSON.stringify(body)).toBe(403);
      expect(await res.text()).not.toContain(TEST_USERS.admin!.name);
    }
    for (const [body, message] of [
      [{ kind: "late", teams: ["Billing"], ...span }, "kind must be excused"],
      [{ kind: "neutral", teams: ["Billing"], agents: [billing], ...span }, "exactly one of agents"],
      [{ kind: "neutral", teams: ["Billing"], ...span, from: "2026-12-07T09:00" }, "with a zone"],
      [{ kind: "neutral", teams: ["Billing"], ...span, note: " " }, "Send a note"],
    ] as const) {
      const res = await lead.request.post(`${BASE}/api/adherence/adjustments`, { data: body });
      expect(res.status(), message).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(message);
    }
    const own = await lead.request.post(`${BASE}/api/adherence/adjustments`, { data: { kind: "neutral", teams: ["Billing"], ...span } });
    expect(own.status(), await own.text()).toBe(200);
    const ownId = ((await own.json()) as { id: string }).id;
    // One for an agent of each team, made by the admin: the lead sees it with their own agent only.
    const mixed = (await (await admin.request.post(`${BASE}/api/adherence/adjustments`, { data: { kind: "neutral", agents: [billing, sales], ...span } })).json()) as { id: string };
    // The lead's list: Billing's three, not Sales'; no other team's agent ids.
    const listed = await lead.request.get(`${BASE}/api/adherence/adjustments`);
    expect(listed.status()).toBe(200);
    const text = await listed.text();
    const seen = (JSON.parse(text) as { adjustments: { id: string; agents?: string[] }[] }).adjustments;
    expect(seen.map((a) => a.id).sort()).toEqual([excused.id, ownId, mixed.id].sort());
    expect(seen.find((a) => a.id === mixed.id)!.agents).toEqual([billing]);
    expect(text).not.toContain(sales);
    expect((await admin.request.delete(`${BASE}/api/adherence/adjustments/${mixed.id}`)).status()).toBe(200);
    expect((await lead.request.delete(`${BASE}/api/adherence/adjustments/${salesAdj.id}`)).status()).toBe(404);
    // Confirming an exception as it stands: the same rule (their own team's, not another's).
    expect((await lead.request.post(`${BASE}/api/adherence/reviews`, { data: { agentId: sales, type: "early_leave", start: open.start } })).status()).toBe(403);
    const mineConfirmed = await lead.request.post(`${BASE}/api/adherence/reviews`, { data: { agentId: billing, type: "late", start: open.start, note: "Seen" } });
    expect(mineConfirmed.status(), await mineConfirmed.text()).toBe(200);
    expect((await lead.request.delete(`${BASE}/api/adherence/reviews`, { data: { agentId: billing, type: "late", start: open.start } })).status()).toBe(200);
    expect((await lead.request.delete(`${BASE}/api/adherence/reviews`, { data: { agentId: billing, type: "late", start: open.start } })).status()).toBe(404);
    expect((await lead.request.delete(`${BASE}/api/adherence/adjustments/${ownId}`)).status()).toBe(200);
    expect((await lead.request.delete(`${BASE}/api/adherence/adjustments/${ownId}`)).status()).toBe(404);
    // A viewer: neither sees nor makes any.
    const viewer = await browser.newContext();
    await signedIn(viewer, "viewer");
    expect((await viewer.request.get(`${BASE}/api/adherence/adjustments`)).status()).toBe(403);
    expect((await viewer.request.post(`${BASE}/api/adherence/adjustments`, { data: { kind: "neutral", teams: ["Sales"], ...span } })).status()).toBe(403);

    // Revoked: the exception is open again and nothing is excused.
    for (const id of [excused.id, salesAdj.id]) expect((await admin.request.delete(`${BASE}/api/adherence/adjustments/${id}`)).status()).toBe(200);
    const revoked = await adherenceOf(billing);
    expect(revoked.exceptions.at(-1)).toMatchObject({ start: open.start, review: "open", adjustment: null });
    expect(revoked.excusedSeconds).toBe(0);
    const all = ((await (await admin.request.get(`${BASE}/api/adherence/adjustments?revoked=1`)).json()) as { adjustments: { id: string; revokedBy: string | null }[] }).adjustments;
    expect(all.find((a) => a.id === ownId)?.revokedBy).toBe(TEST_USERS.lead!.name);

    // On the record: who, the scope, and the agents' % before and after.
    type Entry = { actor: string; details: { adjustment: string; agents?: string[]; teams?: string[]; percentBefore: number | null; percentAfter: number | null } };
    const trail = async (action: string) => ((await (await admin.request.get(`${BASE}/api/audit?action=${action}`)).json()) as { entries: Entry[] }).entries;
    const madeEntry = (await trail("adherence_adjusted")).find((e) => e.details.adjustment === excused.id)!;
    expect(madeEntry).toMatchObject({ actor: expect.stringContaining(TEST_USERS.admin!.name), details: { agents: [billing], agentsHeld: 1, note: "Approved early leave" } });
    expect(madeEntry.details.percentAfter!).toBeGreaterThan(madeEntry.details.percentBefore!);
    const undone = (await trail("adherence_adjustment_revoked")).find((e) => e.details.adjustment === excused.id)!;
    expect(undone.details.percentAfter!).toBeLessThan(undone.details.percentBefore!);
    expect((await trail("adherence_adjustment_revoked")).find((e) => e.details.adjustment === ownId)?.actor).toContain(TEST_USERS.lead!.name);
    for (const c of [admin, lead, viewer]) await c.close();
  });
  test("intraday for a team lead: their own team's intervals, and a 403 for another team's (not even its staffing figure)", async ({ browser }) => {
    const admin = await browser.newContext();
    await signedIn(admin, "admin");
    const lead = await browser.newContext();
    await signedIn(lead, "lead");
    const start = new Date(Math.floor(Date.now() / 900_000) * 900_000 - 900_000).toISOString();
    // The quarter hour's own day (just after midnight UTC it is yesterday's).
    const date = start.slice(0, 10);
    const sheet = ["interval_start,team,required", `${start},Billing,4`, `${start},Sales,9`].join("\n");
    expect((await admin.request.post(`${BASE}/api/staffing`, { headers: { "Content-Type": "text/csv" }, data: sheet })).status()).toBe(200);
    const own = await lead.request.get(`${BASE}/api/intraday?date=${date}&tz=UTC`);
    expect(own.status(), await own.text()).toBe(200);
    const rows = ((await own.json()) as { rows: { start: string; required: number | null }[] }).rows;
    // No team asked: the lead's own (Billing) figure, never the floor's or Sales'.
    expect(rows.find((r) => r.start === start)?.required).toBe(4);
    const other = await lead.request.get(`${BASE}/api/intraday?date=${date}&tz=UTC&team=Sales`);
    expect(other.status()).toBe(403);
    expect(((await other.json()) as { error: { message: string } }).error.message).toContain("team=Sales");
    await admin.close();
    await lead.close();
  });

  test("schedule import profiles: agents named by the Agents API's e-mail; a profile saved by a lead, refused to a viewer, its mistakes named, and each change on the record", async ({ browser }) => {
    const admin = await browser.newContext();
    await signedIn(admin, "admin");
    const billing = teamOf("Billing").slice(2, 4);
    const emailOf = (a: Agent) => {
      const [first, ...last] = (a.name ?? "").split(" ");
      return simEmail({ agentId: a.agentId, firstName: first!, lastName: last.join(" ") });
    };
    // Talkdesk / Assembled style: e-mails any case, wall times in Berlin chosen at upload, an ISO one with its offset.
    const csv = [
      "agent_email,agent_name,start_time,end_time,activity",
      `${emailOf(billing[0]!).toUpperCase()},x,2030-01-07T09:00,2030-01-07T13:00,On Queue`,
      `${emailOf(billing[0]!)},x,2030-01-07 13:00,2030-01-07 13:30,Lunch`,
      `${emailOf(billing[1]!)},x,2030-01-07T08:00:00Z,2030-01-07T16:00:00Z,Shift`,
      "nobody@example.com,x,2030-01-07T09:00,2030-01-07T10:00,Shift",
    ].join("\n");
    const upload = (ctx: BrowserContext, text: string, q: string) => ctx.request.post(`${BASE}/api/schedules?${q}`, { headers: { "Content-Type": "text/csv" }, data: text });
    const refused = await upload(admin, csv, `profile=${encodeURIComponent("Talkdesk / Assembled CSV")}&zone=Europe/Berlin&preview=1`);
    expect(refused.status()).toBe(400);
    expect(((await refused.json()) as { error: { problems: unknown[] } }).error.problems).toEqual([{ line: 5, column: "agent_email", message: expect.stringContaining("nobody@example.com is the e-mail of no agent") }]);
    const ok = await upload(admin, csv.split("\n").slice(0, 4).join("\n"), `profile=${encodeURIComponent("Talkdesk / Assembled CSV")}&zone=Europe/Berlin`);
    expect(ok.status(), await ok.text()).toBe(200);
    expect(await ok.json()).toMatchObject({ saved: true, rows: 3, agents: 2, profile: "Talkdesk / Assembled CSV", zone: "Europe/Berlin", from: "2030-01-07T08:00:00.000Z", to: "2030-01-07T16:00:00.000Z" });
    const rows = ((await (await admin.request.get(`${BASE}/api/schedules?from=2030-01-07T00:00:00Z&to=2030-01-08T00:00:00Z`)).json()) as { rows: { agentId: string; start: string; activity: string }[] }).rows;
    expect(rows.filter((r) => r.agentId === billing[0]!.agentId).map((r) => [r.start, r.activity])).toEqual([
      ["2030-01-07T08:00:00.000Z", "work"],
      ["2030-01-07T12:00:00.000Z", "lunch"],
    ]);

    // A calendar: a weekly shift with one week off, expanded over the window asked for.
    const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT", "UID:w", "DTSTART;TZID=Europe/Berlin:20300114T090000", "DTEND;TZID=Europe/Berlin:20300114T170000", "RRULE:FREQ=WEEKLY", "EXDATE;TZID=Europe/Berlin:20300121T090000", "SUMMARY:Shift", `ATTENDEE:mailto:${emailOf(billing[1]!)}`, "END:VEVENT", "END:VCALENDAR"].join("\r\n");
    const fromCalendar = await admin.request.post(`${BASE}/api/schedules?profile=${encodeURIComponent("iCalendar (.ics)")}&from=2030-01-14T00:00:00Z&to=2030-02-04T00:00:00Z&preview=1`, { headers: { "Content-Type": "text/calendar" }, data: ics });
    expect(fromCalendar.status(), await fromCalendar.text()).toBe(200);
    expect(await fromCalendar.json()).toMatchObject({ saved: false, rows: 2, agents: 1, from: "2030-01-14T08:00:00.000Z", to: "2030-01-28T16:00:00.000Z", window: { from: "2030-01-14T00:00:00.000Z", to: "2030-02-04T00:00:00.000Z" } });

    // The Billing lead keeps a profile of their own; a built-in name and a bad body are refused, saying why.
    const lead = await browser.newContext();
    await signedIn(lead, "lead");
    const body = { delimiter: ";", columns: { agent: "Mitarbeiter", activity: "Aktivität", start: "Beginn", end: "Ende", date: "Datum" }, dateFormat: "dd/mm/yyyy", timeFormat: "24h", zone: "Europe/Berlin", identity: "table", activities: { Telefon: "work", Pause: "break" }, idTableCsv: `external_id,agent_id\nM-1,${billing[0]!.agentId}` };
    const put = (ctx: BrowserContext, name: string, data: unknown) => ctx.request.put(`${BASE}/api/schedules/profiles/${encodeURIComponent(name)}`, { data });
    expect((await put(lead, "NICE IEX Agent Schedule Detail", body)).status()).toBe(409);
    const wrong = await put(lead, "Berlin", { ...body, timeFormat: "12h", activities: { Telefon: "phone" } });
    expect(wrong.status()).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toContain("activities.Telefon: an activity code maps to one of work, off, break");
    const saved = await put(lead, "Berlin", body);
    expect(saved.status(), await saved.text()).toBe(200);
    expect(await saved.json()).toMatchObject({ name: "Berlin", builtIn: false, identity: "table", idTableSize: 1, updatedBy: TEST_USERS.lead!.name });
    const listed = ((await (await lead.request.get(`${BASE}/api/schedules/profiles`)).json()) as { profiles: { name: string; builtIn: boolean }[] }).profiles;
    expect(listed.map((p) => p.name)).toEqual(["Floorview CSV", "NICE IEX Agent Schedule Detail", "Talkdesk / Assembled CSV", "iCalendar (.ics)", "Berlin"]);
    const berlin = await upload(lead, "Datum;Mitarbeiter;Aktivität;Beginn;Ende\n08/01/2030;M-1;Telefon;22:00;06:00\n", "profile=Berlin&preview=1");
    expect(await berlin.json()).toMatchObject({ rows: 1, from: "2030-01-08T21:00:00.000Z", to: "2030-01-09T05:00:00.000Z", problems: [] });

    const viewer = await browser.newContext();
    await signedIn(viewer, "viewer");
    expect((await put(viewer, "Mine", body)).status()).toBe(403);
    expect((await viewer.request.delete(`${BASE}/api/schedules/profiles/Berlin`)).status()).toBe(403);
    expect((await lead.request.delete(`${BASE}/api/schedules/profiles/Berlin`)).status()).toBe(200);
    expect((await lead.request.delete(`${BASE}/api/schedules/profiles/Berlin`)).status()).toBe(404);

    type Entry = { actor: string; action: string; details: Record<string, unknown> };
    const trail = async (action: string) => ((await (await admin.request.get(`${BASE}/api/audit?action=${action}`)).json()) as { entries: Entry[] }).entries;
    expect((await trail("schedule_profile_saved"))[0]).toMatchObject({ actor: expect.stringContaining(TEST_USERS.lead!.name), details: { profile: "Berlin", identity: "table", idTableSize: 1, activityCodes: 2 } });
    expect((await trail("schedule_profile_deleted"))[0]).toMatchObject({ details: { profile: "Berlin" } });
    expect((await trail("schedule_uploaded"))[0]).toMatchObject({ details: { profile: "Talkdesk / Assembled CSV", zone: "Europe/Berlin", rows: 3 } });
    for (const c of [admin, lead, viewer]) await c.close();
  });
});
