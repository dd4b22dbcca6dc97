import AxeBuilder from "@axe-core/playwright";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { test as base, expect, type BrowserContext, type CDPSession, type Locator, type Page } from "@playwright/test";
import type { AgentsSnapshot } from "@/lib/api-types";
import sample from "@/lib/simulator/sample-labels.json";
import { E2E_SIM_PORT, type LaneOptions } from "../playwright.config";

/**
 * What the test servers show, read straight from the simulator's sample labels config (which
 * they run with), not through Floorview's own vocabulary: a mistake there must not hide here.
 */
export const shown = {
  state(activity: string | null): string {
    if (activity === null) return "No activity";
    const label = (sample.activities as Record<string, { label?: string }>)[activity]?.label;
    if (!label) throw new Error(`the simulator's sample labels do not name ${activity}`);
    return label;
  },
  reason(code: string | null): string {
    return code === null ? "—" : ((sample.reasons as Record<string, { label: string }>)[code]?.label ?? code);
  },
  /** The sample's activities in the order a supervisor scans a floor (ready first, no activity last). */
  scanOrder: ["Ready", "On a call", "After-call work", "Not ready", "Logged out", "No activity"],
};

/** An agent's state as a perfect reader of the simulated feed knows it (the simulator's own account). */
export interface TruthAgent {
  agentId: string;
  name: string | null;
  activity: string;
  reasonCode: string | null;
  since: number;
}

export interface Truth {
  now: number;
  agents: TruthAgent[];
  roster: { agentId: string; name: string | null }[];
}

/** How much history the test servers keep (KORE_BACKFILL_HOURS' default): older states are not known to them. */
export const KEPT_MS = 12 * 3_600_000;

/** The built-in simulator's control endpoints: make Kore.ai misbehave, make things happen, tell the truth. */
export class SimulatorControl {
  private readonly url: string;

  constructor(port: number = E2E_SIM_PORT) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async fault(mode: string, extra: Record<string, unknown> = {}) {
    const res = await fetch(`${this.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ mode, ...extra }) });
    expect(res.ok).toBe(true);
  }

  async clearFaults() {
    await fetch(`${this.url}/__sim/faults`, { method: "DELETE" });
  }

  /**
   * One agent's true states over [from, to) by the simulator's own segmenter, every event from a
   * day before `from` seen (the drill-down looks back that far for the state the window opens in),
   * the last one still going when `to` is now.
   */
  async segments(agentId: string, from: number, to: number): Promise<{ activity: string; reasonCode: string | null; start: string; end: string | null }[]> {
    const q = new URLSearchParams({ agent: agentId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), knownFrom: new Date(from - 24 * 3_600_000).toISOString(), liveEdge: new Date(Math.min(to, Date.now())).toISOString() });
    const res = await fetch(`${this.url}/__sim/segments?${q}`);
    expect(res.ok).toBe(true);
    return ((await res.json()) as { segments: { activity: string; reasonCode: string | null; start: string; end: string | null }[] }).segments;
  }

  /**
   * Every agent's true state, from the events of the last `keptMs` (what a server keeping that
   * much can know); with `at`, as it was then (seen from the events from `from` on).
   */
  async truth(keptMs = KEPT_MS, at?: number, from = Date.now() - keptMs): Promise<Truth> {
    const res = await fetch(`${this.url}/__sim/truth?from=${new Date(from).toISOString()}${at === undefined ? "" : `&at=${new Date(at).toISOString()}`}`);
    expect(res.ok).toBe(true);
    return (await res.json()) as Truth;
  }

  /**
   * Holds agents still: from now on the simulated floor does not move them by itself, so only the
   * test's events change them (a live agent's own next call can come within a threshold's seconds).
   */
  async hold(...agentIds: string[]) {
    const res = await fetch(`${this.url}/__sim/hold`, { method: "POST", body: JSON.stringify({ agentIds }) });
    expect(res.ok).toBe(true);
    expect(((await res.json()) as { held: number }).held).toBe(agentIds.length);
  }

  /** An agent's state change (now, or `secondsAgo`), released into the feed at once. */
  async event(agentId: string, activity: string, reasonCode = "", secondsAgo = 0) {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const time = new Date(now - secondsAgo * 1000).toISOString();
    const res = await fetch(`${this.url}/__sim/events`, {
      method: "POST",
      body: JSON.stringify({ events: [{ agentId, time, activity, reasonCode, releaseAt: new Date(now).toISOString() }] }),
    });
    expect(res.ok).toBe(true);
  }
}

/** The supervisor grid, as a supervisor sees it. */
export class GridPage {
  constructor(
    readonly page: Page,
    readonly base = "",
  ) {}

  async open(query = "") {
    await this.page.goto(`${this.base}/${query}`);
    await expect(this.rows.first()).toBeVisible({ timeout: 15_000 });
    // Open once every row the table announces is in the page: its first paint holds a screenful,
    // the rest follow a moment later (a floor over 200 is windowed: rows near the screen only).
    await this.page.waitForFunction(() => {
      const table = document.querySelector("table[aria-rowcount]");
      return !table || table.hasAttribute("data-virtual") || table.querySelectorAll("tr[data-index]").length === Number(table.getAttribute("aria-rowcount")) - 1;
    });
  }

  get rows(): Locator {
    return this.page.locator("tr[data-agent-id]");
  }

  row(agentId: string): Locator {
    return this.page.locator(`tr[data-agent-id="${agentId}"]`);
  }

  field(agentId: string, field: "activity" | "reason" | "time-in-state" | "team" | "name"): Locator {
    return this.row(agentId).locator(`[data-field="${field}"]`);
  }

  /** The upstream banner (Next.js keeps a route announcer with role=alert of its own). */
  get banner(): Locator {
    return this.page.locator("[data-upstream-banner]");
  }

  async snapshot(): Promise<AgentsSnapshot> {
    const res = await this.page.request.get(`${this.base}/api/agents`);
    return (await res.json()) as AgentsSnapshot;
  }
}

/**
 * Starts the production build with `env` on `port` and waits for it to exit by itself (a bad
 * configuration stops start-up); null when it was still running after 25 s.
 */
export async function startExpectingExit(port: number, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn("node", ["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, FLOORVIEW_DATA_DIR: mkdtempSync(join(tmpdir(), "floorview-e2e-")), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(null);
    }, 25_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  return { code, output };
}

/**
 * Counts how far the page jumps while it loads (the browser's cumulative layout shift, as
 * Lighthouse scores it: under 0.1 is good). Call before `goto`; read with `layoutShift`.
 */
export async function watchLayoutShift(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shift: number; __shifted: string[] };
    w.__shift = 0;
    w.__shifted = [];
    type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Shift[]) {
        if (e.hadRecentInput) continue;
        w.__shift += e.value;
        for (const s of e.sources) {
          const el = s.node instanceof Element ? s.node : s.node?.parentElement;
          w.__shifted.push(`${e.value.toFixed(3)} ${el?.tagName ?? "?"}[${(el?.textContent ?? "").trim().slice(0, 30)}] y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)}`);
        }
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
}

/** The page's cumulative layout shift so far, and what moved (for the failure's message). */
export const layoutShift = (page: Page): Promise<{ value: number; shifted: string[] }> =>
  page.evaluate(() => {
    const w = window as unknown as { __shift: number; __shifted: string[] };
    return { value: w.__shift, shifted: w.__shifted };
  });

/**
 * One browser context per worker, a new page for each test: a context's first page costs a
 * renderer and a cold cache (about a CPU-second more than a page of a warm one, on a machine the
 * suite keeps busy). Nothing of a test outlives it: its pages are closed, and every cookie,
 * permission and origin's storage cleared before the next (a test that needs a context of its
 * own makes one with `browser.newContext`).
 */
interface Shared {
  context: BrowserContext;
  /** A blank page kept open for the worker's life, through which the context's storage is cleared. */
  janitor: Page;
  cdp: CDPSession;
  origins: Set<string>;
}

const sharedContext = base.extend<object, { shared: Shared }>({
  shared: [
    async ({ browser }, use, workerInfo) => {
      const { baseURL, timezoneId, viewport, locale } = workerInfo.project.use;
      const context = await browser.newContext({ baseURL, timezoneId, viewport, locale });
      const janitor = await context.newPage();
      const cdp = await context.newCDPSession(janitor);
      const origins = new Set<string>();
      context.on("page", (p) => p.on("framenavigated", (f) => f.url().startsWith("http") && origins.add(new URL(f.url()).origin)));
      await use({ context, janitor, cdp, origins });
      await context.close();
    },
    { scope: "worker" },
  ],
  context: async ({ shared }, use) => {
    await use(shared.context);
    for (const p of shared.context.pages()) if (p !== shared.janitor) await p.close();
    await shared.context.clearCookies();
    await shared.context.clearPermissions();
    for (const origin of shared.origins) await shared.cdp.send("Storage.clearDataForOrigin", { origin, storageTypes: "local_storage,session_storage,indexeddb,service_workers,cache_storage" });
    shared.origins.clear();
  },
  page: async ({ context, viewport }, use) => {
    const page = await context.newPage();
    // A describe's own size (`test.use({ viewport })`), as a context of its own would have it.
    if (viewport) await page.setViewportSize(viewport);
    await use(page);
  },
});

export const test = sharedContext.extend<{ grid: GridPage; sim: SimulatorControl } & LaneOptions>({
  // The lane's main simulator (playwright.config.ts: each lane has its own floor).
  simPort: [E2E_SIM_PORT, { option: true }],
  grid: async ({ page }, use) => use(new GridPage(page)),
  sim: async ({ simPort }, use) => {
    const sim = new SimulatorControl(simPort);
    await use(sim);
    await sim.clearFaults();
  },
});

/**
 * Screenshots for people to look at (reports/screenshots): the page at laptop, TV and phone size,
 * light and dark; and an axe run (WCAG A/AA) once per theme, at `axeAt`.
 */
export const SIZES = [
  ["laptop", 1440, 900],
  ["tv", 1920, 1080],
  ["phone", 390, 844],
] as const;

export async function sweep(page: Page, name: string, ready: () => Promise<void>, axeAt: (typeof SIZES)[number][0] = "laptop") {
  for (const [size, width, height] of SIZES) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await ready();
      await page.screenshot({ path: `reports/screenshots/${name}-${size}-${width}x${height}-${scheme}.png` });
      if (size !== axeAt) continue;
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(results.violations.map((v) => `${name} ${size} ${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`)).toEqual([]);
    }
  }
}

export { expect };
