import type { BrowserContext, Page } from "@playwright/test";
import type { AdherenceReport, AgentsSnapshot, AgentSnapshot, BreaksAnswer, FlagsReport, LiveAdherenceAnswer, LiveFlagsAnswer, SchedulesAnswer, TimeInStateReport } from "@/lib/api-types";
import { SSO } from "../playwright.config";
import { expect, test } from "./fixtures";

/**
 * Single sign-on through a real OpenID Provider (oidc-provider, started by Playwright), roles and
 * team scope: a team lead's or a viewer's browser never receives another team's agent.
 */

const BASE = `http://127.0.0.1:${SSO.port}`;

/** Through the login page and the provider's own sign-in form, as a person would. */
async function signIn(page: Page, login: string, next = "/") {
  await page.goto(`${BASE}${next}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
  await expect(page).toHaveURL(new RegExp(`^${SSO.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
}

let everyone: AgentSnapshot[] = [];
const teamOf = (team: string) => everyone.filter((a) => a.team === team);

async function agentsSeen(ctx: BrowserContext): Promise<AgentSnapshot[]> {
  const res = await ctx.request.get(`${BASE}/api/agents`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as AgentsSnapshot).agents;
}

test.describe("single sign-on with OpenID Connect", () => {
  test.beforeAll(async ({ browser }) => {
    const admin = await browser.newContext();
    const page = await admin.newPage();
    await signIn(page, "admin");
    await expect(page).toHaveURL(`${BASE}/`);
    await expect.poll(async () => (await agentsSeen(admin)).filter((a) => a.activity !== null).length, { timeout: 30_000 }).toBeGreaterThan(0);
    everyone = await agentsSeen(admin);
    await admin.close();
  });

  test("a team lead signs in through the provider and sees who they are, their team, and nothing else", async ({ browser }) => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, "lead", "/agents/x?window=4h");
    // Back where they were going.
    await expect(page).toHaveURL(`${BASE}/agents/x?window=4h`);
    await page.goto(`${BASE}/?offline=show`);
    const who = page.locator('[data-field="signed-in"]');
    await expect(who).toContainText("Lee Billing-Lead");
    await expect(who).toContainText("Team lead");
    await expect(who.locator('[data-field="scope"]')).toHaveText("· Billing");
    const billing = teamOf("Billing");
    await expect(page.locator("tr[data-agent-id]")).toHaveCount(billing.length, { timeout: 15_000 });
    // Not in the page either: no other team's name reached this browser.
    const html = await page.content();
    for (const a of everyone.filter((x) => x.team !== "Billing" && x.name)) expect(html).not.toContain(a.name!);
    await page.screenshot({ path: "reports/screenshots/sso-team-lead-1440x900.png" });
    await ctx.close();
  });

  test("role × route × team: nothing out of scope leaves the server, and each role's controls are there or absent", async ({ browser }) => {
    const roles = [
      { login: "admin", teams: null, exports: true, links: true, alerts: true, audit: true, details: true },
      { login: "sup", teams: null, exports: true, links: true, alerts: true, audit: false, details: true },
      { login: "lead", teams: ["Billing"], exports: true, links: true, alerts: false, audit: false, details: false },
      { login: "viewer", teams: ["Sales"], exports: false, links: false, alerts: false, audit: false, details: false },
    ];
    const outsider = everyone.find((a) => a.team === "Retention")!;
    for (const r of roles) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await signIn(page, r.login);
      await expect(page).toHaveURL(`${BASE}/`);
      const inScope = (a: { team: string | null }) => r.teams === null || (a.team !== null && r.teams.includes(a.team));
      const expected = everyone.filter(inScope);

      // /api/agents: exactly the role's teams.
      const seen = await agentsSeen(ctx);
      expect(seen.map((a) => a.agentId).sort(), r.login).toEqual(expected.map((a) => a.agentId).sort());
      // The timeline: an agent of their teams yes; another team's, as if it did not exist.
      const own = expected[0]!;
      expect((await ctx.request.get(`${BASE}/api/agents/${encodeURIComponent(own.agentId)}/timeline?window=1h`)).status(), r.login).toBe(200);
      expect((await ctx.request.get(`${BASE}/api/agents/${encodeURIComponent(outsider.agentId)}/timeline?window=1h`)).status(), r.login).toBe(r.teams === null ? 200 : 404);
      // One agent's current state: the same rule.
      expect((await ctx.request.get(`${BASE}/api/agents/${encodeURIComponent(own.agentId)}`)).status(), r.login).toBe(200);
      expect((await ctx.request.get(`${BASE}/api/agents/${encodeURIComponent(outsider.agentId)}`)).status(), r.login).toBe(r.teams === null ? 200 : 404);
      // Reports: the role's teams only, and as CSV not for a viewer.
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const report = await ctx.request.get(`${BASE}/api/reports/time-in-state?from=${hourAgo}&to=${new Date().toISOString()}&interval=total`);
      expect(report.status(), r.login).toBe(200);
      expect([...new Set(((await report.json()) as TimeInStateReport).rows.map((x) => x.agentId))].sort(), r.login).toEqual(expected.map((a) => a.agentId).sort());
      expect((await ctx.request.get(`${BASE}/api/reports/time-in-state?from=${hourAgo}&to=${new Date().toISOString()}&format=csv`)).status(), r.login).toBe(r.exports ? 200 : 403);
      // Schedules: an upload for their own agent and for another team's (the admin's, first, saved);
      // a team lead's refused on the other team's line, a viewer's refused outright.
      const iso = (ms: number) => new Date(ms).toISOString();
      const [s0, s1] = [Math.floor(Date.now() / 1000) * 1000 - 3_600_000, Math.floor(Date.now() / 1000) * 1000 + 3_600_000];
      const csv = ["agent_id,start,end,activity", `${own.agentId},${iso(s0)},${iso(s1)},work`, `${outsider.agentId},${iso(s0)},${iso(s1)},work`].join("\n");
      if (r.login === "admin") {
        // Someone of every team on a shift, for the reads below.
        const firsts = [...new Set(everyone.map((a) => a.team))].map((t) => everyone.find((a) => a.team === t)!.agentId);
        const all = ["agent_id,start,end,activity", ...firsts.map((id) => `${id},${iso(s0)},${iso(s1)},work`)].join("\n");
        expect((await ctx.request.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: all })).status()).toBe(200);
        // In the audit trail, and found by its action.
        const { entries } = (await (await ctx.request.get(`${BASE}/api/audit?action=schedule_uploaded`)).json()) as { entries: { actor: string; details: { rows: number } }[] };
        expect(entries[0]).toMatchObject({ details: { rows: firsts.length } });
        expect(entries[0]!.actor).toContain("admin");
      }
      const upload = await ctx.request.post(`${BASE}/api/schedules`, { headers: { "Content-Type": "text/csv" }, data: csv });
      expect(upload.status(), r.login).toBe(r.login === "viewer" ? 403 : r.teams === null ? 200 : 400);
      if (r.teams !== null && r.login !== "viewer") {
        const { error } = (await upload.json()) as { error: { problems: { line: number; column: string; message: string }[] } };
        expect(error.problems.map((p) => [p.line, p.column]), r.login).toEqual([[3, "agent_id"]]);
        expect(error.problems[0]!.message).toContain("not in your teams");
      }
      // Reading them back, and adherence over the window and now: only the role's teams.
      const window = `from=${iso(s0)}&to=${iso(s1)}`;
      const scheduled = ((await (await ctx.request.get(`${BASE}/api/schedules?${window}`)).json()) as SchedulesAnswer).rows.map((x) => x.agentId);
      const adherent = ((await (await ctx.request.get(`${BASE}/api/adherence?${window}`)).json()) as AdherenceReport).agents.map((x) => x.agentId);
      const live = Object.keys(((await (await ctx.request.get(`${BASE}/api/adherence/live`)).json()) as LiveAdherenceAnswer).agents);
      for (const [what, ids] of [["schedules", scheduled], ["adherence", adherent], ["live adherence", live]] as const) {
        expect(ids.length, `${r.login}: ${what}`).toBeGreaterThan(0);
        expect(ids.every((id) => expected.some((a) => a.agentId === id)), `${r.login}: ${what} only in scope`).toBe(true);
        expect(ids.includes(outsider.agentId), `${r.login}: ${what} has the other team's agent`).toBe(r.teams === null);
      }
      // Break budgets and team caps: only the role's teams, and only their agents.
      const breaks = (await (await ctx.request.get(`${BASE}/api/breaks/live`)).json()) as BreaksAnswer;
      expect([...new Set(breaks.caps.map((c) => c.team))].sort(), r.login).toEqual(r.teams === null ? [...new Set(everyone.map((a) => a.team!))].sort() : r.teams);
      for (const id of [...Object.keys(breaks.agents), ...breaks.caps.flatMap((c) => c.agents)]) expect(expected.some((a) => a.agentId === id), `${r.login}: ${id} in breaks`).toBe(true);
      // Behaviour flags, now and over the window: only the role's agents.
      const flagsNow = Object.keys(((await (await ctx.request.get(`${BASE}/api/flags/live`)).json()) as LiveFlagsAnswer).agents);
      const flagsWindow = ((await (await ctx.request.get(`${BASE}/api/flags?from=${hourAgo}&to=${new Date().toISOString()}`)).json()) as FlagsReport).agents.map((a) => a.agentId);
      for (const id of [...flagsNow, ...flagsWindow]) expect(expected.some((a) => a.agentId === id), `${r.login}: ${id} in flags`).toBe(true);
      // The alerts' rules and log: admins and supervisors only.
      expect((await ctx.request.get(`${BASE}/api/alerts`)).status(), r.login).toBe(r.alerts ? 200 : 403);
      // Exports: refused to a viewer.
      expect((await ctx.request.post(`${BASE}/api/exports`, { data: { what: "grid", rows: seen.length } })).status(), r.login).toBe(r.exports ? 200 : 403);
      // A link for another team: only for those who see every team; a team lead's own link stays in their team.
      expect((await ctx.request.post(`${BASE}/api/auth/wallboard-link`, { data: { options: "teams=Retention" } })).status(), r.login).toBe(r.teams === null && r.links ? 200 : 403);
      const own_link = await ctx.request.post(`${BASE}/api/auth/wallboard-link`, { data: { days: 1 } });
      expect(own_link.status(), r.login).toBe(r.links ? 200 : 403);
      if (r.links && r.teams) {
        const { path } = (await own_link.json()) as { path: string };
        const tv = await browser.newContext();
        const tvPage = await tv.newPage();
        await tvPage.goto(`${BASE}${path}`);
        expect((await agentsSeen(tv)).map((a) => a.agentId).sort(), `${r.login}'s link`).toEqual(expected.map((a) => a.agentId).sort());
        await tv.close();
      }
      // The audit trail: admins only. Health's details: not for a team lead or a viewer.
      expect((await ctx.request.get(`${BASE}/api/audit`)).status(), r.login).toBe(r.audit ? 200 : 403);
      const health = (await (await ctx.request.get(`${BASE}/api/health`)).json()) as Record<string, unknown>;
      expect("upstream" in health, r.login).toBe(r.details);

      // The page: controls a role cannot use are absent, not disabled; every agent in scope (those logged out shown).
      await page.goto(`${BASE}/?offline=show`);
      await expect(page.locator("tr[data-agent-id]")).toHaveCount(expected.length, { timeout: 15_000 });
      await expect(page.locator('[data-field="export"]'), r.login).toHaveCount(r.exports ? 1 : 0);
      await expect(page.getByRole("link", { name: "TV links" }), r.login).toHaveCount(r.links ? 1 : 0);
      await expect(page.getByRole("link", { name: "Audit" }), r.login).toHaveCount(r.audit ? 1 : 0);
      if (r.login === "viewer") await page.screenshot({ path: "reports/screenshots/sso-viewer-1440x900.png" });
      await ctx.close();
    }
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
    await expect(forgedPage).toHaveURL(new RegExp(`^${SSO.issuer}/interaction/`));
    await forgedPage.goto(`${BASE}/api/auth/oidc/callback?code=forged-code&state=forged-state`);
    await expect(forgedPage).toHaveURL(/\/login\?sso_error=state/);
    await expect(forgedPage.locator('[data-sso-error="state"]')).toBeVisible();
    expect((await forged.request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await forged.close();

    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, "admin");
    await expect(adminPage).toHaveURL(`${BASE}/`);
    const { entries } = (await (await admin.request.get(`${BASE}/api/audit?action=sign_in_failed`)).json()) as { entries: { actor: string; details: { failure: string }; address: string | null }[] };
    expect(entries.some((e) => e.actor === "No Body (nobody)" && e.details.failure === "no_group")).toBe(true);
    expect(entries.some((e) => e.details.failure === "state")).toBe(true);
    // The audit page, with its filters and CSV.
    await adminPage.goto(`${BASE}/audit`);
    await expect(adminPage.locator('tr[data-audit-action="sign_in"]').first()).toBeVisible();
    await expect(adminPage.locator('tr[data-audit-action="export"]').first()).toBeVisible();
    await adminPage.screenshot({ path: "reports/screenshots/audit-1280x720.png" });
    const csv = await admin.request.get(`${BASE}/api/audit?format=csv&action=sign_in`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\r\n")[0]).toBe("Time (UTC),Actor,Action,Address,Details");
    // Never a token, a cookie or a secret in what is kept.
    const all = await (await admin.request.get(`${BASE}/api/audit?limit=100000`)).text();
    expect(all).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(all).not.toContain("floorview-test-client-secret");

    // Signing out ends the session here and at the provider, and comes back to the login page.
    await adminPage.goto(`${BASE}/`);
    await adminPage.getByRole("button", { name: "Sign out" }).click();
    await expect(adminPage).toHaveURL(new RegExp(`^${SSO.issuer}/session/end`));
    await adminPage.getByRole("button", { name: /yes/i }).click();
    await expect(adminPage).toHaveURL(/\/login/);
    expect((await admin.request.get(`${BASE}/api/agents`)).status()).toBe(401);
    await admin.close();
  });
});
