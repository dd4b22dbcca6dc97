/**
 * `npm run probe [-- --json]`: with the same environment as `npm start`, reads the last 30 minutes
 * of Kore.ai's activity feed and one page of its Agents API, writes nothing, and prints what a
 * person needs to judge the connection: the request and its answer, the envelope and row keys,
 * rows as sent beside the instant read from them, skipped rows with an example each, activities
 * and reason codes, EventTime against the window asked for, an hour histogram, how the roster's
 * ids meet the feed's, and the checks (GET /api/diagnostics's) with the setting that fixes each.
 * Exit 0 when no check fails. Without KORE_BASE_URL it probes the built-in simulator.
 */
import { ConfigError, parseConfig, type Config } from "@/lib/config";
import type { UpstreamExchange } from "@/lib/api-types";
import type { ActivityRead } from "@/lib/kore/client";
import { KoreError } from "@/lib/kore/errors";
import type { RosterEntry } from "@/lib/activity/types";
import type { NormalizedRosterPage } from "@/lib/kore/normalize";
import { ConnectionMonitor } from "@/lib/server/feed/diagnostics";
import { loadLabels } from "@/lib/server/config/labels";
import type { RunningSimulator } from "@/lib/simulator";
import { embeddedSimulator, koreClientFor } from "@/lib/server/feed/tenant";
import { Vocabulary } from "@/lib/states/vocabulary";
import { fail, loadEnv } from "./cli.mjs";

const WINDOW_MS = 30 * 60_000;
const json = process.argv.includes("--json");

loadEnv();
// The report is the output: the logs only when asked for (LOG_LEVEL=info, warn…).
process.env.LOG_LEVEL ??= "silent";
let config: Config;
try {
  config = parseConfig(process.env);
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

let simulator: RunningSimulator | null = null;
let target = config.kore;
// Without a tenant, the built-in simulator (two hours of history are plenty for 30 minutes).
if (!target) ({ target, simulator } = await embeddedSimulator(config, 2));

const monitor = new ConnectionMonitor(config.eventReading, { overlapMs: config.overlapMs, pollIntervalMs: config.pollIntervalMs, source: simulator ? "simulator" : "kore" });
const client = koreClientFor(config, target, monitor.onExchange);
const labels = await loadLabels(config.labelsFile, simulator?.sampleLabels() ?? null);
monitor.vocabulary = new Vocabulary(labels.labels, []);

const now = Date.now();
const window = { from: now - WINDOW_MS, to: now };
let read: ActivityRead | null = null;
try {
  read = await client.fetchActivity(window.from, window.to, { beforeExtraCall: async () => true });
  monitor.observeRead(read, read.window ?? window, Date.now());
} catch (err) {
  if (!(err instanceof KoreError)) throw err;
  monitor.onError(err);
}
let page: NormalizedRosterPage | null = null;
const size = config.rosterPageSize;
try {
  page = await client.fetchRosterPage(0, size);
  monitor.roster({ pages: 1, offsetCounts: "rows", agents: page.agents.length, skipped: page.skippedTotal, skipExample: page.skipExample ?? null, stoppedBecause: page.rowCount < size ? "short_page" : "page_limit", at: Date.now() });
} catch (err) {
  if (!(err instanceof KoreError)) throw err;
  monitor.onError(err);
}
const roster = new Map<string, RosterEntry>((page?.agents ?? []).map((a) => [a.agentId, a]));
const feedIds = new Set((read?.events ?? []).map((e) => e.agentId));
monitor.floor = { feedIds: () => feedIds, roster: () => roster, rosterLoadedAt: () => (page && page.rowCount < size ? Date.now() : null) };

const report = monitor.report();
const times = (read?.events ?? []).map((e) => e.time);
const earliest = times.length ? Math.min(...times) : null;
const latest = times.length ? Math.max(...times) : null;
/** The hour as written (the wall clock Kore.ai wrote, before any zone): what a 12-hour clock shows. */
const writtenHours = Array.from({ length: 24 }, () => 0);
for (const w of read?.written ?? []) if (!("instant" in w.written)) writtenHours[w.written.hour]!++;
const rowKeys = (() => {
  try {
    return Object.keys(JSON.parse(read?.samples?.[0]?.raw ?? "{}") as object);
  } catch {
    return [];
  }
})();
const failing = report.checks.filter((c) => c.status === "fail");
const iso = (t: number | null) => (t === null ? "—" : new Date(t).toISOString());

if (json) {
  console.log(JSON.stringify({ ...report, probe: { window: { from: iso(window.from), to: iso(window.to) }, rows: read?.rowCount ?? null, rowKeys, earliest: iso(earliest), latest: iso(latest), writtenHours, rosterPage: page && { rows: page.rowCount, agents: page.agents.length, limit: size } } }, null, 2));
} else {
  const out: string[] = [];
  const line = (label: string, text: string) => out.push(`${label.padEnd(11)}${text.replaceAll("\n", `\n${" ".repeat(11)}`)}`);
  const exchange = (x: UpstreamExchange | null) => {
    if (!x) return "no request made";
    const q = new URLSearchParams(x.query).toString();
    const headers = Object.entries(x.headers).map(([k, v]) => `${k}: ${v}`).join(", ");
    return `GET ${x.path}?${q}\n→ ${x.status ?? "no answer"}${x.contentType ? ` ${x.contentType}` : ""}, ${x.ms} ms${headers ? `, ${headers}` : ""}${x.error ? `\n  ${x.error.message}` : ""}\nbody: ${x.bodyExcerpt ?? "(none)"}`;
  };
  out.push(`Floorview probe of ${simulator ? `the built-in simulator (${target.baseUrl})` : target.baseUrl}, account ${target.accountId}, stream ${target.streamId}`);
  out.push(`Reading EventTime: KORE_EVENT_TIMEZONE=${config.eventReading.zone} KORE_EVENT_CLOCK=${config.eventReading.clock} KORE_EVENT_DATE_ORDER=${config.eventReading.dateOrder} (parser v${report.reading.parserVersion})`);
  out.push("");
  line("Activity", exchange(report.exchanges.activity));
  line("Envelope", `keys: ${report.envelope.keys.join(", ") || "—"}; rows under ${report.envelope.updatesKey ?? "—"}: ${read?.rowCount ?? "—"}${report.envelope.unknownKeys.length ? `; keys not read: ${report.envelope.unknownKeys.join(", ")}` : ""}${read?.capped ? `; capped at ${read.capped.rows} (hasMore/totalCount), read in full` : ""}`);
  line("Row keys", rowKeys.join(", ") || "—");
  line("Rows", report.samples.length ? report.samples.map((s) => `${s.raw}\n  → ${s.utc} · ${s.local} · ${s.agoSeconds} s ago`).join("\n") : "none in the window");
  line("Skipped", report.skipped.length ? report.skipped.map((s) => `${s.count} ${s.reason}, e.g. ${s.example}`).join("\n") : "none");
  line("Activities", report.activities.map((a) => `${a.activity} ×${a.count}${a.named ? "" : " (not in the labels config)"}`).join(", ") || "—");
  line("Reasons", report.reasons.map((r) => `${r.code} ×${r.count}${r.named ? "" : " (unnamed)"}`).join(", ") || "—");
  line("EventTime", `earliest ${iso(earliest)}, latest ${iso(latest)}; window asked ${iso(window.from)} to ${iso(window.to)}`);
  const peak = Math.max(1, ...writtenHours);
  line("Hours", `as written (${(read?.written ?? []).length} sampled):\n${writtenHours.map((n, h) => (n ? `${String(h).padStart(2)} ${"█".repeat(Math.ceil((n / peak) * 30))} ${n}` : "")).filter(Boolean).join("\n") || "—"}`);
  line("Agents", exchange(report.exchanges.agents));
  line("Ids", `${report.ids.overlap} of the feed's ${report.ids.feed} agents are on the roster's first page (${report.ids.roster} agents); ${report.ids.feedWithoutRoster} are not`);
  out.push("");
  out.push("Checks");
  for (const c of report.checks) {
    out.push(`  ${c.status === "ok" ? "✓" : c.status === "warn" ? "!" : "✗"} ${c.id.padEnd(18)}${c.message}`);
    if (c.hint) out.push(`    ${" ".repeat(18)}fix: ${c.hint}`);
  }
  out.push("");
  out.push(failing.length ? `${failing.length} check${failing.length === 1 ? "" : "s"} failed: ${failing.map((c) => c.id).join(", ")}.` : "No check failed.");
  console.log(out.join("\n"));
}
await simulator?.close();
process.exit(failing.length ? 1 : 0);
