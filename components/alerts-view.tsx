"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AlertDelivery, AlertsAnswer } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { alertsQueryOptions, sendDigestNow, sendTestAlert } from "@/lib/queries/alerts";
import { queryKeys } from "@/lib/queries/keys";
import { formatLocal } from "@/lib/display/time";
import { PageTitle, TABLE_HEAD } from "./ui";
import { OpenAlerts } from "./open-alerts";

const clock = (iso: string) => formatLocal(iso, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit" });
const latency = (ms: number | null) => (ms === null ? "—" : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const cooldown = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`);

const STATUS: Record<AlertDelivery["status"], { label: string; className: string }> = {
  sent: { label: "Sent", className: "text-state-ready-ink" },
  pending: { label: "Pending", className: "text-warn-ink" },
  dead: { label: "Not delivered", className: "font-semibold text-alert-ink" },
};

/** The alerts page: rules in force, channels with a test button, the delivery log (newest first). */
export function AlertsView({ focus = null }: { focus?: string | null }) {
  const { data, error } = useQuery(alertsQueryOptions);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6">
      <PageTitle title="Alerts" lead="Who hears about what, on which channel, and what was sent. Configured in the file at FLOORVIEW_ALERTS_FILE." />
      {error && !data && <p role="alert" className="rounded-md bg-alert-surface px-3 py-2 text-sm">Could not load the alerts: {error.message}</p>}
      {data && !data.configured && (
        <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm" data-field="alerts-off">
          No alerts are configured. Set FLOORVIEW_ALERTS_FILE to an alerts config (see the README) and restart Floorview.
        </p>
      )}
      {data?.configured && (
        <>
          <OpenAlerts alerts={data.open ?? []} focus={focus} />
          <section aria-labelledby="rules-heading" className="flex flex-col gap-2">
            <h2 id="rules-heading" className="text-lg font-bold">
              Rules
            </h2>
            <div className="overflow-x-auto rounded-lg border border-line bg-surface">
              <table className="w-full text-left text-sm">
                <thead className={TABLE_HEAD}>
                  <tr>
                    <th className="px-3 py-2">Rule</th>
                    <th className="px-3 py-2">When</th>
                    <th className="px-3 py-2">For</th>
                    <th className="px-3 py-2">Channels</th>
                    <th className="px-3 py-2">Cooldown</th>
                    <th className="px-3 py-2">Quiet hours</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rules.map((r) => (
                    <tr key={r.name} className="border-t border-line" data-rule={r.name}>
                      <td className="px-3 py-2 font-semibold">{r.name}</td>
                      <td className="px-3 py-2">{r.when}</td>
                      <td className="px-3 py-2">{r.agents ? r.agents.join(", ") : r.teams ? r.teams.join(", ") : "Everyone"}</td>
                      <td className="px-3 py-2">{r.channels.join(", ")}</td>
                      <td className="px-3 py-2 tabular-nums">{cooldown(r.cooldownSeconds)}</td>
                      <td className="px-3 py-2">{r.quiet ?? "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {data.digests.length > 0 && (
            <section aria-labelledby="digests-heading" className="flex flex-col gap-2">
              <h2 id="digests-heading" className="text-lg font-bold">
                Digests
              </h2>
              <div className="overflow-x-auto rounded-lg border border-line bg-surface">
                <table className="w-full text-left text-sm">
                  <thead className={TABLE_HEAD}>
                    <tr>
                      <th className="px-3 py-2">Digest</th>
                      <th className="px-3 py-2">At</th>
                      <th className="px-3 py-2">For</th>
                      <th className="px-3 py-2">Channels</th>
                      <th className="px-3 py-2">Next</th>
                      <th className="px-3 py-2">
                        <span className="sr-only">Send now</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.digests.map((d) => (
                      <DigestRow key={d.name} digest={d} />
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <section aria-labelledby="channels-heading" className="flex flex-col gap-2">
            <h2 id="channels-heading" className="text-lg font-bold">
              Channels
            </h2>
            <ul className="flex flex-wrap gap-3">
              {data.channels.map((c) => (
                <ChannelItem key={c.name} channel={c} />
              ))}
            </ul>
          </section>
        </>
      )}
      {data && (
        <section aria-labelledby="log-heading" className="flex flex-col gap-2">
          <h2 id="log-heading" className="text-lg font-bold">
            Deliveries <span className="text-sm font-normal text-ink-muted">newest first</span>
          </h2>
          <div className="overflow-x-auto rounded-lg border border-line bg-surface">
            <table className="w-full text-left text-sm">
              <thead className={TABLE_HEAD}>
                <tr>
                  <th className="px-3 py-2">Seen</th>
                  <th className="px-3 py-2">Alert</th>
                  <th className="px-3 py-2">Rule</th>
                  <th className="px-3 py-2">Channel</th>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2 text-right">Latency</th>
                </tr>
              </thead>
              <tbody>
                {data.deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-line align-top" data-delivery={d.id} data-status={d.status} data-channel={d.channel}>
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums">{clock(d.createdAt)}</td>
                    <td className="px-3 py-2">
                      {d.phase === "resolved" && <span className="mr-1 text-ink-muted">Resolved:</span>}
                      {d.phase === "test" && <span className="mr-1 text-ink-muted">Test:</span>}
                      {d.phase === "digest" && <span className="mr-1 text-ink-muted">Digest:</span>}
                      {d.path !== "/alerts" ? (
                        <a href={d.path} className="hover:underline">
                          {d.title}
                        </a>
                      ) : (
                        d.title
                      )}
                    </td>
                    <td className="px-3 py-2">{d.rule}</td>
                    <td className="px-3 py-2">{d.channel}</td>
                    <td className="px-3 py-2">
                      <span className={cn(STATUS[d.status].className)}>{STATUS[d.status].label}</span>
                      {d.attempts > 1 && <span className="text-ink-muted"> after {d.attempts} tries</span>}
                      {d.lastError && d.status !== "sent" && <span className="block text-xs text-ink-muted">{d.lastError}{d.nextAt ? ` · again at ${clock(d.nextAt)}` : ""}</span>}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{latency(d.latencyMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.deliveries.length === 0 && <p className="px-3 py-4 text-sm text-ink-muted">Nothing sent yet.</p>}
          </div>
        </section>
      )}
    </main>
  );
}

const BUTTON = "rounded-md border border-line px-2 py-1 font-semibold whitespace-nowrap hover:bg-surface-muted focus-visible:outline-3 focus-visible:outline-ink";

/** Something sent through the alerts' queue from this page ("Send test", "Send now"): what became of it, and the log read again. */
function useQueued(send: () => Promise<unknown>): [string | null, () => void] {
  const client = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const run = async () => {
    setStatus("Sending…");
    try {
      await send();
      setStatus("Queued: see the log below");
      await client.invalidateQueries({ queryKey: queryKeys.alerts });
    } catch (err) {
      setStatus(err instanceof Error ? err.message : "Could not send");
    }
  };
  return [status, () => void run()];
}

const CHANNEL_TYPES: Record<AlertsAnswer["channels"][number]["type"], string> = { teams: "Microsoft Teams", slack: "Slack", email: "E-mail", webhook: "Webhook" };

/** A channel, with a test message to it. */
function ChannelItem({ channel: c }: { channel: AlertsAnswer["channels"][number] }) {
  const [status, test] = useQueued(() => sendTestAlert(c.name));
  return (
    <li className="flex items-center gap-3 rounded-lg border border-line bg-surface px-3 py-2 text-sm" data-channel={c.name}>
      <span className="font-semibold">{c.name}</span>
      <span className="text-ink-muted">{CHANNEL_TYPES[c.type]}</span>
      <button type="button" onClick={test} className={BUTTON} data-field="send-test">
        Send test
      </button>
      {status && (
        <span className="text-xs text-ink-muted" role="status">
          {status}
        </span>
      )}
    </li>
  );
}

/** A digest: when and for whom, and "Send now" for one of its teams (the span up to its latest time, marked a test). */
function DigestRow({ digest: d }: { digest: AlertsAnswer["digests"][number] }) {
  const [team, setTeam] = useState<string | null>(d.for[0] ?? null);
  const [status, send] = useQueued(() => sendDigestNow(d.name, team));
  return (
    <tr className="border-t border-line align-top" data-digest={d.name}>
      <td className="px-3 py-2 font-semibold">{d.name}</td>
      <td className="px-3 py-2 tabular-nums">
        {d.at.length > 6 ? `${d.at.length} times a day (${d.at[0]}, ${d.at[1]} … ${d.at.at(-1)})` : d.at.join(", ")} <span className="text-ink-muted">{d.zone}</span>
      </td>
      <td className="px-3 py-2">{d.teams ? d.teams.join(", ") : "Each team"}</td>
      <td className="px-3 py-2">{d.channels.join(", ")}</td>
      <td className="px-3 py-2 whitespace-nowrap tabular-nums">{clock(d.next)}</td>
      <td className="px-3 py-2">
        {d.for.length > 0 && (
          <div className="flex flex-wrap items-center gap-2">
            {d.for.length > 1 && (
              <select aria-label={`Team for ${d.name}`} value={team ?? ""} onChange={(e) => setTeam(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1" data-field="digest-team">
                {d.for.map((t) => (
                  <option key={t ?? ""} value={t ?? ""}>
                    {t ?? "The floor"}
                  </option>
                ))}
              </select>
            )}
            <button type="button" onClick={send} className={BUTTON} data-field="send-digest">
              Send now
            </button>
            {status && (
              <span className="text-xs text-ink-muted" role="status">
                {status}
              </span>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}
