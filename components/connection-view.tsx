import type { DiagnosticCheck, DiagnosticsReport, UpstreamExchange } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { TABLE_HEAD } from "./ui";

/**
 * The Connection page (for admins): whether Floorview reads Kore.ai right, check by check, with
 * the setting that fixes what fails, and the evidence: rows as sent beside the instant read from
 * them, what was skipped, the last requests and what came back. Rendered on the server: no script.
 */

const STATUS: Record<DiagnosticCheck["status"], { label: string; mark: string; className: string }> = {
  ok: { label: "OK", mark: "✓", className: "border-state-ready bg-surface text-state-ready-ink" },
  warn: { label: "Warning", mark: "!", className: "border-warn bg-warn-surface text-warn-ink" },
  fail: { label: "Failed", mark: "✕", className: "border-alert bg-alert-surface text-alert-ink" },
};

/** Failures first, then warnings: what needs doing is at the top. */
const RANK: Record<DiagnosticCheck["status"], number> = { fail: 0, warn: 1, ok: 2 };

const NAMES: Record<string, string> = {
  auth: "Credentials",
  envelope: "Answer's shape",
  rows: "Rows",
  event_time_format: "EventTime's format",
  event_time_zone: "EventTime's zone",
  clock_12h: "12- or 24-hour clock",
  date_order: "Month and day order",
  lateness: "Late events",
  paging: "Capped answers",
  rate_limit: "Rate limiting",
  roster: "Agents API",
  roster_ids: "Roster ids against the feed's",
  activities: "Activities and reason codes",
};

function Exchange({ title, x }: { title: string; x: UpstreamExchange | null }) {
  return (
    <div className="flex flex-col gap-1 rounded-lg border border-line bg-surface p-3 text-sm" data-field={`exchange-${title.toLowerCase().replaceAll(" ", "-")}`}>
      <h3 className="font-semibold">{title}</h3>
      {!x ? (
        <p className="text-ink-muted">No request yet.</p>
      ) : (
        <>
          <p className="font-mono text-xs break-all">
            GET {x.path}?{new URLSearchParams(x.query).toString()}
          </p>
          <p>
            <span className={cn("font-semibold", x.error ? "text-alert-ink" : "text-state-ready-ink")}>{x.status ?? "no answer"}</span>
            {x.contentType && <span className="text-ink-muted"> · {x.contentType}</span>}
            <span className="text-ink-muted"> · {x.ms} ms · {new Date(x.at).toISOString().replace("T", " ").slice(0, 19)} UTC</span>
            {Object.entries(x.headers).map(([k, v]) => (
              <span key={k} className="text-ink-muted">
                {" "}
                · {k}: {v}
              </span>
            ))}
          </p>
          {x.error && <p className="text-alert-ink">{x.error.message}</p>}
          {x.bodyExcerpt && <pre className="overflow-x-auto rounded bg-surface-muted p-2 font-mono text-xs whitespace-pre-wrap break-all">{x.bodyExcerpt}</pre>}
        </>
      )}
    </div>
  );
}

export function ConnectionView({ report, target }: { report: DiagnosticsReport; target: string }) {
  const failing = report.checks.filter((c) => c.status === "fail");
  const r = report.reading;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold tracking-tight">Connection to Kore.ai</h1>
        <p className="text-sm text-ink-muted">
          {report.source === "simulator" ? "The built-in simulator" : target} · EventTime read as <code>KORE_EVENT_TIMEZONE={r.zone}</code> <code>KORE_EVENT_CLOCK={r.clock}</code> <code>KORE_EVENT_DATE_ORDER={r.dateOrder}</code> · checked {report.checkedAt.replace("T", " ").slice(0, 19)} UTC ·{" "}
          <a href="/connection" className="font-semibold text-brand-ink hover:underline">
            Check again
          </a>
        </p>
      </div>
      <p role={failing.length ? "alert" : "status"} data-field="connection-verdict" data-failing={failing.length} className={cn("rounded-lg border-l-4 px-4 py-3", failing.length ? "border-alert bg-alert-surface" : "border-state-ready bg-surface")}>
        <span className="font-semibold">{failing.length ? `${failing.length} check${failing.length === 1 ? "" : "s"} failed: ${failing.map((c) => NAMES[c.id] ?? c.id).join(", ")}.` : "Every check passes."}</span>{" "}
        {report.keeping ? "What Floorview reads is written to its store." : `What Floorview reads is shown but not written to its store (${report.readsHeld} reads held back) until the checks of EventTime pass.`} A setting is changed in Floorview&apos;s environment, then Floorview restarted.
      </p>

      <section aria-labelledby="checks-heading" className="flex flex-col gap-2">
        <h2 id="checks-heading" className="text-lg font-bold">
          Checks
        </h2>
        <ul className="flex flex-col gap-2">
          {[...report.checks].sort((a, b) => RANK[a.status] - RANK[b.status]).map((c) => (
            <li key={c.id} data-check-id={c.id} data-status={c.status} className={cn("flex gap-3 rounded-lg border-l-4 px-4 py-3", STATUS[c.status].className)}>
              <span aria-hidden className="w-4 shrink-0 text-lg leading-6 font-bold">
                {STATUS[c.status].mark}
              </span>
              <div className="flex min-w-0 flex-col gap-1 text-ink">
                <p className="font-semibold">
                  {NAMES[c.id] ?? c.id} <span className="sr-only">{STATUS[c.status].label}</span>
                  <span className="ml-2 font-mono text-xs font-normal text-ink-muted">{c.id}</span>
                </p>
                <p className="text-sm break-words">{c.message}</p>
                {c.hint && (
                  <p className="text-sm" data-field="hint">
                    <span className="font-semibold">To fix: </span>
                    <code className="rounded bg-surface-muted px-1 py-0.5 break-all">{c.hint}</code>
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="rows-heading" className="flex flex-col gap-2">
        <h2 id="rows-heading" className="text-lg font-bold">
          Rows as Kore.ai sent them, and as Floorview reads them
        </h2>
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="w-full text-left text-sm">
            <thead className={TABLE_HEAD}>
              <tr>
                <th className="px-3 py-2">As sent</th>
                <th className="px-3 py-2">Read as (UTC)</th>
                <th className="px-3 py-2">In {r.zone}</th>
                <th className="px-3 py-2">Ago</th>
              </tr>
            </thead>
            <tbody>
              {report.samples.map((s, i) => (
                <tr key={i} className="border-t border-line align-top" data-field="sample">
                  <td className="px-3 py-2 font-mono text-xs break-all">{s.raw}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{s.utc.replace("T", " ").replace(".000Z", "")}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{s.local}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{s.agoSeconds < 0 ? `${-s.agoSeconds} s ahead` : `${s.agoSeconds} s`}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.samples.length === 0 && <p className="px-3 py-4 text-sm text-ink-muted">No row read yet.</p>}
        </div>
        {report.skipped.length > 0 && (
          <div className="rounded-lg border border-line bg-surface p-3 text-sm" data-field="skipped">
            <h3 className="font-semibold">Rows skipped</h3>
            <ul className="mt-1 flex flex-col gap-1">
              {report.skipped.map((s) => (
                <li key={s.reason}>
                  {s.count} {s.reason.replaceAll("_", " ")}, e.g. <code className="font-mono text-xs break-all">{s.example}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section aria-labelledby="requests-heading" className="flex flex-col gap-2">
        <h2 id="requests-heading" className="text-lg font-bold">
          The last requests
        </h2>
        <div className="grid gap-3 lg:grid-cols-2">
          <Exchange title="Activity feed" x={report.exchanges.activity} />
          <Exchange title="Agents API" x={report.exchanges.agents} />
          {report.exchanges.lastFailure && <Exchange title="Last failure" x={report.exchanges.lastFailure} />}
        </div>
      </section>

      <section aria-labelledby="seen-heading" className="grid gap-3 text-sm lg:grid-cols-3">
        <h2 id="seen-heading" className="sr-only">
          What was seen
        </h2>
        <div className="rounded-lg border border-line bg-surface p-3">
          <h3 className="font-semibold">Activities</h3>
          <p>{report.activities.map((a) => `${a.activity} ×${a.count}${a.named ? "" : " (not named)"}`).join(", ") || "—"}</p>
          <h3 className="mt-2 font-semibold">Reason codes</h3>
          <p>{report.reasons.map((x) => `${x.code} ×${x.count}${x.named ? "" : " (not named)"}`).join(", ") || "—"}</p>
        </div>
        <div className="rounded-lg border border-line bg-surface p-3">
          <h3 className="font-semibold">Agents</h3>
          <p>
            {report.ids.feed} in the feed, {report.ids.roster} on the roster, {report.ids.overlap} in both.
          </p>
          {report.roster && (
            <p className="text-ink-muted">
              Roster: {report.roster.agents} agents in {report.roster.pages} pages, offset counting {report.roster.offsetCounts}.
            </p>
          )}
        </div>
        <div className="rounded-lg border border-line bg-surface p-3">
          <h3 className="font-semibold">Lateness</h3>
          <p>{report.lateness.count ? `p50 ${report.lateness.p50Seconds} s, p95 ${report.lateness.p95Seconds} s, max ${report.lateness.maxSeconds} s over ${report.lateness.count} events` : "No live events measured yet."}</p>
          <h3 className="mt-2 font-semibold">Answers</h3>
          <p>
            Keys: {report.envelope.keys.join(", ") || "—"}
            {report.envelope.unknownKeys.length > 0 && `; not read: ${report.envelope.unknownKeys.join(", ")}`}; capped answers: {report.envelope.cappedReads}.
          </p>
        </div>
      </section>
      <p className="text-sm text-ink-muted">
        The same report from a shell: <code>npm run probe</code> (or <code>--json</code>), with the environment of <code>npm start</code>. As JSON: <code>GET /api/diagnostics</code>.
      </p>
    </div>
  );
}
