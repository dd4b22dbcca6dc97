import type { AgentsSnapshot, AlertsAnswer } from "@/lib/api-types";
import { signedBy, subjectOf } from "@/test/alert-receivers";
import { ALERTS, WALLBOARD_FLOORS } from "../playwright.config";
import { expect, SimulatorControl, test } from "./fixtures";

/**
 * Alerts that reach people, on the small floor's server (alerts config e2e/alerts.json; reason 9
 * past alert after 8 s) and a stand-in for the channels (e2e/alert-receiver.mjs): an agent past
 * the alert threshold reaches the webhook, Slack, Teams and e-mail once each within seconds, with
 * a link to their timeline; the /alerts page shows the rules and the deliveries, and sends a test.
 */

const SMALL = WALLBOARD_FLOORS[0];
const BASE = `http://127.0.0.1:${SMALL.port}`;

interface Got {
  requests: { path: string; headers: Record<string, string>; body: string; at: number }[];
  mails: { to: string[]; raw: string; at: number }[];
}
const received = async (): Promise<Got> => (await (await fetch(`http://127.0.0.1:${ALERTS.receiverPort}/received`)).json()) as Got;
const about = (got: Got, agent: { agentId: string; name: string | null }, phase: string) => ({
  http: got.requests.filter((r) => r.headers["x-floorview-delivery"]?.startsWith("Past alert|") && r.headers["x-floorview-delivery"].includes(`:${agent.agentId}:`) && r.headers["x-floorview-delivery"].endsWith(`|${phase}`)),
  mails: got.mails.filter((m) => subjectOf(m.raw).includes(`${agent.name}: Not ready · Reason 9`) && (phase === "resolved") === subjectOf(m.raw).startsWith("[Floorview] Resolved:")),
});

test.describe("alerts", () => {
  test("an agent past alert reaches the webhook, Slack, Teams and e-mail once each, within seconds, with a link to the timeline; /alerts shows it and sends a test", async ({ page }) => {
    const sim = new SimulatorControl(SMALL.simPort);
    const { agents } = (await (await page.request.get(`${BASE}/api/agents`)).json()) as AgentsSnapshot;
    // Held still, so that only this test's events move the agent (on its own it could take a call
    // within the 8 s the alert needs).
    const agent = agents.find((a) => a.activity === "ready" || a.activity === "busy")!;
    await sim.hold(agent.agentId);
    const sentAt = Date.now();
    await sim.event(agent.agentId, "notready", "9");
    // Past alert 8 s after the change; then the next poll and a round.
    await expect.poll(async () => about(await received(), agent, "raised").http.map((r) => r.path).sort(), { timeout: 25_000 }).toEqual(["/hook", "/slack", "/teams"]);
    expect(about(await received(), agent, "raised").http.map((r) => r.path).sort()).toEqual(["/hook", "/slack", "/teams"]);
    await expect.poll(async () => about(await received(), agent, "raised").mails.length, { timeout: 10_000 }).toBe(1);
    const got = about(await received(), agent, "raised");
    // Within seconds of the crossing (8 s after the event, read by a poll every 2 s).
    for (const r of got.http) expect(r.at - (sentAt + 8_000), r.path).toBeLessThan(10_000);
    const hook = got.http.find((r) => r.path === "/hook")!;
    expect(signedBy(ALERTS.hookSecret, hook), "signed as a receiver checks it").toBe(true);
    const body = JSON.parse(hook.body) as { url: string; title: string; agent: { id: string; name: string } };
    expect(body.agent).toMatchObject({ id: agent.agentId, name: agent.name });
    expect(body.title).toBe(`${agent.name}: Not ready · Reason 9, past alert (8 s)`);
    // The link opens the agent's timeline at the moment.
    await page.goto(body.url);
    await expect(page.locator("h1")).toHaveText(agent.name!);
    await expect(page).toHaveURL(/window=custom/);

    // The alerts page: the rules, the channels, and the deliveries, sent.
    await page.setViewportSize({ width: 1440, height: 900 });
    // From any page, Alerts is in the nav where this server sends them (from Reports too).
    await page.goto(`${BASE}/reports`);
    await page.getByRole("navigation", { name: "Floorview" }).getByRole("link", { name: "Alerts", exact: true }).click();
    await expect(page.getByRole("navigation", { name: "Floorview" }).locator("[aria-current=page]")).toHaveText("Alerts");
    await expect(page.locator('[data-rule="Past alert"]')).toContainText("An agent past alert");
    const rows = page.locator(`tr[data-delivery*=":${agent.agentId}:"][data-delivery$="|raised"]`);
    await expect(rows).toHaveCount(4);
    for (const channel of ["floor-hook", "floor-slack", "leads-teams", "supervisors"]) await expect(rows.and(page.locator(`[data-channel="${channel}"]`))).toHaveAttribute("data-status", "sent", { timeout: 10_000 });
    await page.screenshot({ path: "reports/screenshots/alerts-laptop.png", fullPage: true });
    // A test to one channel: queued, sent, logged.
    await page.locator('[data-channel="floor-slack"] [data-field="send-test"]').click();
    await expect(page.locator('tr[data-delivery^="test|floor-slack|"]').first()).toHaveAttribute("data-status", "sent", { timeout: 10_000 });
    expect((await received()).requests.filter((r) => r.path === "/slack" && r.headers["x-floorview-delivery"]?.startsWith("test|")).length).toBeGreaterThanOrEqual(1);
    const api = (await (await page.request.get(`${BASE}/api/alerts`)).json()) as AlertsAnswer;
    // Channels by name and type only: no address, no secret.
    expect(JSON.stringify(api)).not.toContain(String(ALERTS.receiverPort));
    expect(JSON.stringify(api)).not.toContain(ALERTS.hookSecret);

    // Back to work: one "resolved" per channel; and still one "raised" each.
    await sim.event(agent.agentId, "ready");
    await expect.poll(async () => about(await received(), agent, "resolved").http.map((r) => r.path).sort(), { timeout: 15_000 }).toEqual(["/hook", "/slack", "/teams"]);
    expect(about(await received(), agent, "raised").http).toHaveLength(3);
  });

  test("a supervisor acknowledges an alert from its message's link: marked on /alerts, the grid and the wallboard, where it stops coming first; nothing is said of its end; undone, it is as before", async ({ page }) => {
    const sim = new SimulatorControl(SMALL.simPort);
    const { agents } = (await (await page.request.get(`${BASE}/api/agents`)).json()) as AgentsSnapshot;
    const agent = agents.filter((a) => a.activity === "ready" || a.activity === "busy").at(-1)!;
    await sim.hold(agent.agentId);
    await sim.event(agent.agentId, "notready", "9");
    await expect.poll(async () => about(await received(), agent, "raised").http.length, { timeout: 25_000 }).toBe(3);
    const hook = JSON.parse(about(await received(), agent, "raised").http.find((r) => r.path === "/hook")!.body) as { ackUrl: string };

    // The message's "Acknowledge" link opens the alerts page with that alert's form open.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(hook.ackUrl.startsWith("http") ? hook.ackUrl : `${BASE}${hook.ackUrl}`);
    const item = page.locator(`[data-field="open-alert"][data-agent-id="${agent.agentId}"]`);
    await expect(item.locator('[data-field="ack-form"]')).toBeVisible();
    await item.locator('[data-field="ack-note"]').fill("On my way to her desk");
    await item.locator('[data-field="ack-save"]').click();
    await expect(item.locator('[data-field="acknowledged"]')).toContainText("is on it until it ends: “On my way to her desk”");
    await page.screenshot({ path: "reports/screenshots/alerts-acknowledged-laptop.png", fullPage: true });

    // The grid: marked, and below the alerts nobody is on.
    await page.goto(`${BASE}/`);
    const row = page.locator(`tr[data-agent-id="${agent.agentId}"]`);
    await expect(row.locator('[data-field="acknowledged"]')).toContainText("on it", { timeout: 15_000 });
    await expect(row).toHaveAttribute("data-level", "alert");
    const order = async () => page.locator("tbody tr[data-agent-id]").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-agent-id"), r.getAttribute("data-level")]));
    const listed = await order();
    const mine = listed.findIndex(([id]) => id === agent.agentId);
    expect(listed.slice(mine + 1).filter(([, level]) => level === "alert" || level === "warn")).toEqual([]);
    await page.screenshot({ path: "reports/screenshots/grid-acknowledged-laptop.png" });
    // The wallboard: the tile says who is on it.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${BASE}/wallboard`);
    await expect(page.locator(`[data-agent-id="${agent.agentId}"] [data-field="acknowledged"]`)).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: "reports/screenshots/wallboard-acknowledged-tv.png" });

    // Back at work while acknowledged: resolved without a word.
    await sim.event(agent.agentId, "ready");
    await expect.poll(async () => ((await (await page.request.get(`${BASE}/api/alerts`)).json()) as AlertsAnswer).open!.some((o) => o.agentId === agent.agentId), { timeout: 15_000 }).toBe(false);
    await page.waitForTimeout(3_000);
    expect(about(await received(), agent, "resolved").http).toEqual([]);

    // Again past alert, acknowledged from the API and undone on the page: as before, its end is said.
    await sim.event(agent.agentId, "notready", "9");
    let key = "";
    await expect.poll(async () => (key = ((await (await page.request.get(`${BASE}/api/alerts`)).json()) as AlertsAnswer).open!.find((o) => o.agentId === agent.agentId && o.status !== "quiet")?.key ?? ""), { timeout: 25_000 }).not.toBe("");
    expect((await page.request.post(`${BASE}/api/alerts/acknowledgements`, { data: { key, note: "x", until: "tomorrow" } })).status()).toBe(400);
    expect((await page.request.post(`${BASE}/api/alerts/acknowledgements`, { data: { key, note: "Looking", until: new Date(Date.now() + 3_600_000).toISOString() } })).status()).toBe(200);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${BASE}/alerts`);
    const again = page.locator(`[data-field="open-alert"][data-key="${key}"]`);
    await expect(again.locator('[data-field="acknowledged"]')).toContainText("Looking");
    await again.locator('[data-field="undo-ack"]').click();
    await expect(again.locator('[data-field="ack"]')).toBeVisible();
    expect((await page.request.delete(`${BASE}/api/alerts/acknowledgements`, { data: { key } })).status()).toBe(404);
    await sim.event(agent.agentId, "ready");
    await expect.poll(async () => ((await (await page.request.get(`${BASE}/api/alerts`)).json()) as AlertsAnswer).open!.some((o) => o.key === key), { timeout: 15_000 }).toBe(false);
  });

  test("a team's digest reaches the webhook and e-mail once at its time, with the team's numbers, and opens the team's report", async ({ page }) => {
    // e2e/alerts.json: an hourly digest for Billing (UTC), sent a minute past each hour, or at
    // once when the server started within the hour: the latest is here within about a minute.
    const digests = (got: Got) => ({
      http: got.requests.filter((r) => r.headers["x-floorview-delivery"]?.startsWith("digest|Hourly digest|Billing|")),
      mails: got.mails.filter((m) => subjectOf(m.raw).startsWith("[Floorview] Billing · Hourly digest, ")),
    });
    await expect.poll(async () => digests(await received()).http.length, { timeout: 100_000, intervals: [2_000] }).toBeGreaterThan(0);
    await expect.poll(async () => digests(await received()).mails.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const got = digests(await received());
    // Once per hour: one webhook call and one e-mail for each.
    const hours = (ids: string[]) => ids.map((id) => id.split("|")[3]);
    const hookHours = hours(got.http.map((r) => r.headers["x-floorview-delivery"]!));
    expect(new Set(hookHours).size).toBe(hookHours.length);
    const subjects = got.mails.map((m) => subjectOf(m.raw));
    expect(new Set(subjects).size).toBe(subjects.length);
    const hook = got.http.at(-1)!;
    expect(signedBy(ALERTS.hookSecret, hook), "signed as a receiver checks it").toBe(true);
    const body = JSON.parse(hook.body) as { kind: string; team: string; url: string; digest: { from: string; to: string; agents: number; loggedInSeconds: number; states: { seconds: number }[] } };
    expect(body).toMatchObject({ kind: "digest", team: "Billing" });
    expect(Date.parse(body.digest.to) - Date.parse(body.digest.from)).toBe(3_600_000);
    expect(new Date(body.digest.to).getUTCMinutes()).toBe(0);
    // Billing's agents were on the floor: the time by state adds up to the time logged in.
    const { agents } = (await (await page.request.get(`${BASE}/api/agents`)).json()) as AgentsSnapshot;
    expect(body.digest.agents).toBeGreaterThan(0);
    expect(body.digest.agents).toBeLessThanOrEqual(agents.filter((a) => a.team === "Billing").length);
    expect(body.digest.states.reduce((n, s) => n + s.seconds, 0)).toBeCloseTo(body.digest.loggedInSeconds, 6);
    // The link opens the reports page on Billing over the digest's hour.
    await page.goto(body.url);
    await expect(page.locator('button[data-team="Billing"]')).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator('[data-field="from"]')).toHaveValue(body.digest.from.slice(0, 16));
    await expect(page.locator('[data-field="to"]')).toHaveValue(body.digest.to.slice(0, 16));
    // The alerts page lists the digest and its deliveries.
    await page.goto(`${BASE}/alerts`);
    await expect(page.locator('[data-digest="Hourly digest"]')).toContainText("24 times a day");
    await expect(page.locator('tr[data-delivery^="digest|Hourly digest|Billing|"][data-channel="supervisors"]').first()).toHaveAttribute("data-status", "sent");
    // "Send now": the digest at once, marked, on the digest's channels; the scheduled ones go on.
    await page.locator('[data-digest="Hourly digest"] [data-field="send-digest"]').click();
    await expect(page.locator('[data-digest="Hourly digest"] [role="status"]')).toHaveText("Queued: see the log below");
    await expect.poll(async () => (await received()).mails.filter((m) => subjectOf(m.raw).startsWith("[Floorview] Billing · Hourly digest (sent now), ")).length, { timeout: 15_000 }).toBe(1);
    await expect(page.locator('tr[data-delivery^="test|digest|Hourly digest|Billing|"][data-channel="floor-hook"]')).toHaveAttribute("data-status", "sent", { timeout: 10_000 });
    await page.screenshot({ path: "reports/screenshots/alerts-digests-laptop.png", fullPage: true });
  });
});
