"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { cn } from "@/lib/cn";
import { formatLocal } from "@/lib/display/time";
import { queryKeys } from "@/lib/queries/keys";
import { importProfilesOptions, pollCalendar, subscribeCalendar, subscriptionsOptions, unsubscribeCalendar } from "@/lib/queries/schedules";
import { button } from "./ui";

const when = (iso: string | null) => (iso === null ? "never" : formatLocal(iso, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }));
const field = "rounded-md border border-line bg-surface px-2 py-1.5";

/**
 * Calendars read on a schedule (a WFM tool's or a team's .ics feed): each with its last poll, how
 * many rows it gave, and its problems; polled now or removed; a new one added from a host the
 * operator allowed (FLOORVIEW_CALENDAR_HOSTS), read at once.
 */
export function CalendarSubscriptions() {
  const qc = useQueryClient();
  const { data, error } = useQuery(subscriptionsOptions());
  const profiles = useQuery(importProfilesOptions());
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [profile, setProfile] = useState("iCalendar (.ics)");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      await qc.invalidateQueries({ queryKey: queryKeys.schedules.subscriptions });
      await qc.invalidateQueries({ queryKey: queryKeys.schedules.all });
    } catch (err) {
      setProblem((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (error && !data) return <p className="text-sm text-ink-muted">Could not load the calendars: {error.message}</p>;
  if (!data) return <p className="text-sm text-ink-muted">Loading the calendars…</p>;
  return (
    <section aria-labelledby="calendars-title" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4" data-field="calendars">
      <div>
        <h2 id="calendars-title" className="text-lg font-bold">
          Subscribed calendars
        </h2>
        <p className="text-sm text-ink-muted">
          Read every {data.pollMinutes} min over the four weeks from today; a read with any problem changes nothing.{" "}
          {data.allowedHosts.length > 0 ? `Allowed hosts: ${data.allowedHosts.join(", ")}.` : "No host is allowed yet: the operator lists them in FLOORVIEW_CALENDAR_HOSTS."}
        </p>
      </div>
      {data.subscriptions.length > 0 && (
        <ul className="flex flex-col divide-y divide-line text-sm">
          {data.subscriptions.map((s) => {
            const failing = s.lastPollAt !== null && s.lastOkAt !== s.lastPollAt;
            return (
              <li key={s.id} className="flex flex-col gap-1 py-2" data-field="subscription" data-id={s.id} data-ok={!failing}>
                <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                  <span className="font-semibold">{s.name}</span>
                  <span className="font-mono text-xs text-ink-muted">{s.url}</span>
                  <span className="text-ink-muted">{s.profile}</span>
                  <span className="ml-auto flex gap-2">
                    <button type="button" disabled={busy} onClick={() => void run(() => pollCalendar(s.id))} className={button("secondary", "sm")} data-field="poll-now">
                      Poll now
                    </button>
                    <button type="button" disabled={busy} onClick={() => void run(() => unsubscribeCalendar(s.id))} className={button("secondary", "sm")}>
                      Remove
                    </button>
                  </span>
                </div>
                <p className={cn(failing ? "text-alert-ink" : "text-ink-muted")} data-field="last-poll">
                  Last poll {when(s.lastPollAt)}
                  {s.lastPollAt !== null && (failing ? `: ${s.lastError ?? "failed"}` : `: ${s.lastRows ?? 0} rows in place`)}
                  {failing && s.lastOkAt !== null && ` (last good ${when(s.lastOkAt)})`} · next {when(s.nextPollAt)}
                </p>
                {s.lastProblems.length > 0 && (
                  <ul className="list-disc pl-5 text-alert-ink" data-field="subscription-problems">
                    {s.lastProblems.slice(0, 5).map((p, i) => (
                      <li key={i}>
                        Line {p.line}
                        {p.column ? ` (${p.column})` : ""}: {p.message}
                      </li>
                    ))}
                    {s.lastProblems.length > 5 && <li>…and {s.lastProblems.length - 5} more.</li>}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {data.allowedHosts.length > 0 && (
        <form
          className="flex flex-wrap items-end gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await subscribeCalendar({ name, url, profile, zone: null });
              setName("");
              setUrl("");
            });
          }}
        >
          <label className="flex flex-col gap-1">
            <span className="font-semibold">Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} className={field} data-field="calendar-name" />
          </label>
          <label className="flex min-w-64 flex-1 flex-col gap-1">
            <span className="font-semibold">Calendar URL</span>
            <input value={url} onChange={(e) => setUrl(e.target.value)} required type="url" placeholder="https://calendar.example.com/team.ics" className={field} data-field="calendar-url" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-semibold">Read as</span>
            <select value={profile} onChange={(e) => setProfile(e.target.value)} className={field}>
              {(profiles.data?.profiles ?? []).filter((p) => p.name !== "Floorview CSV").map((p) => (
                <option key={p.name}>{p.name}</option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy} className={button("primary")} data-field="subscribe">
            Subscribe
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="text-sm text-alert-ink">
          {problem}
        </p>
      )}
    </section>
  );
}
