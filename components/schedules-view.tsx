"use client";

import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ScheduleUpload } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { dayBars, scheduledFamily, scheduledLabel, SCHEDULED_LABELS } from "@/lib/display/schedules";
import { browserTimeZone, formatClock, formatDateTime } from "@/lib/display/time";
import { reportRosterOptions } from "@/lib/queries/reports";
import { scheduleKeys, schedulesQueryOptions, sendSchedule } from "@/lib/queries/schedules";
import { startOfDay } from "@/lib/time/zone";
import { FAMILY_BADGE } from "./state-styles";
import { ZoneSelect } from "./zone-select";
import { compareText } from "@/lib/states/collate";

const HOUR = 3_600_000;
const hours = (seconds: number) => `${(seconds / 3600).toLocaleString("en", { maximumFractionDigits: 1 })} h`;

/** The upload: choose or paste a CSV, see what it holds and every problem, then save it (all or nothing). */
function ScheduleUploader({ zone, onSaved }: { zone: string; onSaved: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");
  const [preview, setPreview] = useState<ScheduleUpload | null>(null);
  const [saved, setSaved] = useState<ScheduleUpload | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const check = async (csv: string, name: string) => {
    setText(csv);
    setFileName(name);
    setSaved(null);
    setError(null);
    setBusy(true);
    try {
      setPreview(await sendSchedule(csv, true));
    } catch (err) {
      setPreview(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (text === null) return;
    setBusy(true);
    setError(null);
    try {
      const result = await sendSchedule(text, false);
      if (result.saved) {
        setSaved(result);
        setPreview(null);
        setText(null);
        setPasted("");
        if (input.current) input.current.value = "";
        onSaved();
      } else setPreview(result);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const reset = () => {
    setPreview(null);
    setText(null);
    setFileName(null);
    if (input.current) input.current.value = "";
  };
  const span = preview?.from && preview.to ? `${formatDateTime(Date.parse(preview.from), zone)} → ${formatDateTime(Date.parse(preview.to), zone)}` : null;
  const problems = preview?.problems ?? [];

  return (
    <section aria-labelledby="upload-title" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4">
      <div>
        <h2 id="upload-title" className="text-lg font-bold">
          Upload a schedule
        </h2>
        <p className="text-sm text-ink-muted">
          CSV with the header <code className="font-mono">agent_id,start,end,activity</code>; times with their offset (<code className="font-mono">2026-12-07T09:00:00+01:00</code>); activity{" "}
          {Object.keys(SCHEDULED_LABELS).join(", ")}. The rows replace what was scheduled for the same agents over the time they cover. Nothing is saved until you say so, and nothing at all if a row is wrong.
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-brand bg-brand/10 px-3 py-2 text-sm font-semibold text-brand-ink focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-ink focus-within:outline-solid hover:bg-brand/20">
          Choose a CSV file…
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv,text/plain"
            className="sr-only"
            data-field="schedule-file"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) await check(await file.text(), file.name);
            }}
          />
        </label>
        {fileName && <span className="text-sm text-ink-muted">{fileName}</span>}
        {busy && <span className="text-sm text-ink-muted">Checking…</span>}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-semibold text-ink-muted">…or paste it</summary>
        <div className="mt-2 flex flex-col gap-2">
          <textarea
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            rows={6}
            spellCheck={false}
            aria-label="Schedule CSV"
            data-field="schedule-text"
            placeholder={"agent_id,start,end,activity\nagent-0001,2026-12-07T09:00:00+01:00,2026-12-07T17:00:00+01:00,work"}
            className="w-full rounded-md border border-line bg-surface-muted p-2 font-mono text-xs"
          />
          <button type="button" disabled={!pasted.trim() || busy} onClick={() => check(pasted, "pasted text")} className="w-fit rounded-md border border-line px-3 py-1.5 font-semibold disabled:opacity-50">
            Check
          </button>
        </div>
      </details>
      {error && (
        <p role="alert" className="rounded-md border border-alert bg-alert-surface px-3 py-2 text-sm text-alert-ink">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" data-field="schedule-saved" className="rounded-md border border-state-ready bg-state-ready/10 px-3 py-2 text-sm font-semibold text-state-ready-ink">
          Saved: {saved.rows.toLocaleString("en")} rows for {saved.agents.toLocaleString("en")} agents
          {saved.replaced > 0 ? `; ${saved.replaced.toLocaleString("en")} earlier rows replaced or cut back` : ""}.
        </p>
      )}
      {preview && problems.length > 0 && (
        <div role="alert" data-field="schedule-problems" className="flex flex-col gap-2 rounded-md border border-alert bg-alert-surface p-3">
          <p className="text-sm font-semibold text-alert-ink">
            {(problems.length + preview.moreProblems).toLocaleString("en")} problem{problems.length + preview.moreProblems === 1 ? "" : "s"}: nothing will be saved. Fix the file and choose it again.
          </p>
          <div className="max-h-72 overflow-auto">
            <table className="w-full text-left text-sm">
              <thead className="sticky top-0 bg-alert-surface">
                <tr>
                  <th className="py-1 pr-3">Line</th>
                  <th className="py-1 pr-3">Column</th>
                  <th className="py-1">Problem</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, i) => (
                  <tr key={i} data-field="problem" className="border-t border-line align-top">
                    <td className="py-1 pr-3 tabular-nums">{p.line}</td>
                    <td className="py-1 pr-3 font-mono">{p.column ?? "—"}</td>
                    <td className="py-1">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.moreProblems > 0 && <p className="pt-1 text-sm">…and {preview.moreProblems.toLocaleString("en")} more.</p>}
          </div>
        </div>
      )}
      {preview && problems.length === 0 && (
        <div data-field="schedule-preview" className="flex flex-col gap-2 rounded-md border border-line bg-surface-muted p-3">
          <p className="font-semibold">
            {preview.rows.toLocaleString("en")} rows for {preview.agents.toLocaleString("en")} agents{span ? `, ${span}` : ""} ({zone}).
          </p>
          <ul className="flex flex-wrap gap-2 text-sm">
            {Object.entries(preview.byActivity).map(([activity, seconds]) => (
              <li key={activity} className={cn("rounded border px-2 py-0.5", FAMILY_BADGE[scheduledFamily(activity)])}>
                {scheduledLabel(activity)} {hours(seconds)}
              </li>
            ))}
          </ul>
          {preview.warnings.length > 0 && (
            <ul className="list-disc pl-5 text-sm text-warn-ink">
              {preview.warnings.slice(0, 10).map((w, i) => (
                <li key={i}>
                  Line {w.line}: {w.message}
                </li>
              ))}
              {preview.warnings.length > 10 && <li>…and {preview.warnings.length - 10} more.</li>}
            </ul>
          )}
          <div className="flex gap-2">
            <button type="button" disabled={busy} onClick={save} className="rounded-md bg-brand px-4 py-2 font-semibold text-white hover:brightness-110 disabled:opacity-50">
              Save schedule
            </button>
            <button type="button" onClick={reset} className="rounded-md border border-line px-4 py-2 font-semibold">
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/** One day's schedule, an agent a line: bars on the day's hours in the zone chosen. */
function ScheduleDay({ zone, offset, setOffset }: { zone: string; offset: number; setOffset: (days: number) => void }) {
  // Today's start is read when the page draws: a day turning over while it is open moves on at the next draw.
  // eslint-disable-next-line react-hooks/purity
  const from = startOfDay(Date.now(), zone, offset);
  const day = from;
  const to = startOfDay(from, zone, 1);
  const { data, error, isPending } = useQuery(schedulesQueryOptions(from, to));
  const roster = useQuery(reportRosterOptions());
  const names = useMemo(() => new Map((roster.data ?? []).map((a) => [a.agentId, a.name ?? a.agentId])), [roster.data]);
  const byAgent = useMemo(() => {
    const m = new Map<string, { start: number; end: number; activity: string }[]>();
    for (const r of data?.rows ?? []) {
      const list = m.get(r.agentId) ?? [];
      list.push({ start: Date.parse(r.start), end: Date.parse(r.end), activity: r.activity });
      m.set(r.agentId, list);
    }
    return [...m.entries()].sort((a, b) => compareText(names.get(a[0]) ?? a[0], names.get(b[0]) ?? b[0]));
  }, [data, names]);
  const ticks: number[] = [];
  for (let t = from; t < to; t += 3 * HOUR) ticks.push(t);
  const label = new Intl.DateTimeFormat("en", { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(day);
  const csvHref = `/api/schedules?${new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), format: "csv" })}`;

  return (
    <section aria-labelledby="day-title" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="day-title" className="mr-auto text-lg font-bold" data-field="schedule-day">
          {label}
        </h2>
        <button type="button" onClick={() => setOffset(offset - 1)} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold" aria-label="Previous day">
          ←
        </button>
        <button type="button" onClick={() => setOffset(0)} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold">
          Today
        </button>
        <button type="button" onClick={() => setOffset(offset + 1)} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold" aria-label="Next day">
          →
        </button>
        <a href={csvHref} className="rounded-md border border-line px-3 py-1.5 text-sm font-semibold" download>
          Download CSV
        </a>
      </div>
      {error && <p role="alert" className="text-sm text-alert-ink">{(error as Error).message}</p>}
      {!isPending && byAgent.length === 0 && <p className="text-sm text-ink-muted">Nothing is scheduled on this day.</p>}
      {byAgent.length > 0 && (
        <div className="overflow-x-auto">
          <div className="min-w-[640px]">
            <div className="relative ml-48 h-5 text-xs text-ink-muted">
              {ticks.map((t) => (
                <span key={t} className="absolute -translate-x-1/2 tabular-nums" style={{ left: `${(100 * (t - from)) / (to - from)}%` }}>
                  {formatClock(t, zone)}
                </span>
              ))}
            </div>
            <ul className="flex flex-col">
              {byAgent.map(([agentId, rows]) => (
                <li key={agentId} data-agent-id={agentId} className="flex items-center gap-2 border-t border-line py-1">
                  <Link prefetch={false} href={`/agents/${encodeURIComponent(agentId)}`} className="w-46 shrink-0 truncate text-sm font-semibold hover:underline">
                    {names.get(agentId) ?? agentId}
                  </Link>
                  <div className="relative h-6 flex-1 rounded bg-surface-muted">
                    {dayBars(rows, from, to).map((b) => (
                      <span
                        key={b.start}
                        data-field="scheduled"
                        title={`${scheduledLabel(b.activity)} ${formatClock(b.start, zone)}–${formatClock(b.end, zone)}`}
                        className={cn("absolute top-0 h-full overflow-hidden rounded-sm border px-1 text-[11px] leading-6 whitespace-nowrap", FAMILY_BADGE[scheduledFamily(b.activity)])}
                        style={{ left: `${b.left}%`, width: `${b.width}%` }}
                      >
                        {scheduledLabel(b.activity)}
                      </span>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}

/** `/schedules`: upload a schedule, and see any day's. */
export function SchedulesView({ canUpload }: { canUpload: boolean }) {
  const client = useQueryClient();
  const [chosenZone, setChosenZone] = useState<string | null>(null);
  // null until read after hydration: the server cannot know the browser's zone.
  const [browserZone, setBrowserZone] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setBrowserZone(browserTimeZone()), []);
  const zone = chosenZone ?? browserZone ?? "UTC";
  // Days from today, in the zone shown.
  const [offset, setOffset] = useState(0);
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-5 px-4 py-6">
      <div className="flex flex-wrap items-end gap-3">
        <div className="mr-auto">
          <h1 className="text-2xl font-bold tracking-tight">Schedules</h1>
          <p className="text-sm text-ink-muted">What each agent should be doing when: the grid, the wallboard and the reports judge adherence against it.</p>
        </div>
        <label className="flex items-center gap-2 text-sm">
          Time zone
          <ZoneSelect value={zone} onChange={setChosenZone} className="rounded-md border border-line bg-surface px-2 py-1" />
        </label>
      </div>
      {canUpload ? (
        <ScheduleUploader zone={zone} onSaved={() => void client.invalidateQueries({ queryKey: scheduleKeys.all })} />
      ) : (
        <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">Your role can read schedules but not upload them.</p>
      )}
      {(browserZone !== null || chosenZone !== null) && <ScheduleDay zone={zone} offset={offset} setOffset={setOffset} />}
    </main>
  );
}
