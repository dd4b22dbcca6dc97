"use client";

import { lazy, Suspense, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { ImportProfileJson, ScheduleUpload } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { scheduledFamily, scheduledLabel, SCHEDULED_LABELS } from "@/lib/display/schedules";
import { formatDateTime } from "@/lib/display/time";
import { importProfilesOptions, sendSchedule } from "@/lib/queries/schedules";
import { FAMILY_BADGE } from "./state-styles";
import { button } from "./ui";
import { ZoneSelect } from "./zone-select";

// Loaded when "Edit or save a profile" is opened: most uploads never need it.
const ProfileEditor = lazy(() => import("./import-profile-editor").then((m) => ({ default: m.ProfileEditor })));

/** Floorview's own CSV (lib/activity/schedule-import.ts's FLOORVIEW_PROFILE): no profile sent. */
const OWN_CSV = "Floorview CSV";
type Target = { name: string; zone: string | null } | undefined;

const hours = (seconds: number) => `${(seconds / 3600).toLocaleString("en", { maximumFractionDigits: 1 })} h`;

/**
 * An upload's steps: a CSV checked (a preview: what it holds, or every problem), then saved all
 * or nothing, or cancelled. The file input is cleared once saved or cancelled.
 */
function useScheduleUpload(onSaved: () => void, target: Target) {
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
      setPreview(await sendSchedule(csv, true, target));
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
      const result = await sendSchedule(text, false, target);
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
  return { text, fileName, pasted, setPasted, preview, saved, busy, error, input, check, save, reset };
}

/** What a profile expects of a file, in a sentence. */
function profileHint(p: ImportProfileJson): string {
  const c = p.columns;
  if (p.format === "ics") {
    const who = p.identity === "email" ? `${c.agent}'s e-mail (as the Agents API lists it)` : p.identity === "id" ? `${c.agent} holding the Kore.ai agent id` : `${c.agent} through the profile's table (${p.idTableSize.toLocaleString("en")} entries)`;
    return `An iCalendar file (.ics): each event a row, the agent by ${who}, the activity by ${c.activity} (${Object.keys(p.activities).length} mapped); repeating events expanded over the four weeks from today; times in their TZID, floating ones in the zone below.`;
  }
  const sep = p.delimiter === "\t" ? " ⇥ " : p.delimiter;
  const names = [c.date, c.agent, c.activity, c.start, c.end, c.endDate, c.zone].filter(Boolean).join(sep);
  const who = p.identity === "id" ? "Kore.ai agent ids" : p.identity === "email" ? "agents' e-mails (as the Agents API lists them)" : `external ids through the profile's table (${p.idTableSize.toLocaleString("en")} entries)`;
  const times = p.timeFormat === "datetime" ? "date-times (an offset, or wall times in the zone below)" : `${p.dateFormat} dates and ${p.timeFormat === "12h" ? "12-hour" : "24-hour"} times (an end at or before its start is the next day)`;
  return `A header of ${p.headerPrefix}${names} (other columns ignored); ${who}; ${times}; ${Object.keys(p.activities).length} activity codes mapped.`;
}

/** The upload: choose a format, choose or paste a file, see what it holds and every problem, then save it (all or nothing). */
export function ScheduleUploader({ zone, onSaved }: { zone: string; onSaved: () => void }) {
  const profiles = useQuery(importProfilesOptions());
  const [profileName, setProfileName] = useState(OWN_CSV);
  const [fileZone, setFileZone] = useState(zone);
  const [editing, setEditing] = useState(false);
  const profile = profiles.data?.profiles.find((p) => p.name === profileName) ?? null;
  const target: Target = profileName === OWN_CSV ? undefined : { name: profileName, zone: profile?.zone ? null : fileZone };
  const { fileName, pasted, setPasted, preview, saved, busy, error, input, check, save, reset } = useScheduleUpload(onSaved, target);
  const problems = preview?.problems ?? [];

  return (
    <section aria-labelledby="upload-title" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4">
      <div>
        <h2 id="upload-title" className="text-lg font-bold">
          Upload a schedule
        </h2>
        {profileName === OWN_CSV || !profile ? (
          <p className="text-sm text-ink-muted">
            CSV with the header <code className="font-mono">agent_id,start,end,activity</code>; times with their offset (<code className="font-mono">2026-12-07T09:00:00+01:00</code>); activity{" "}
            {Object.keys(SCHEDULED_LABELS).join(", ")}. The rows replace what was scheduled for the same agents over the time they cover. Nothing is saved until you say so, and nothing at all if a row is wrong.
          </p>
        ) : (
          <p className="text-sm text-ink-muted [overflow-wrap:anywhere]" data-field="profile-hint">
            {profileHint(profile)} The rows replace what was scheduled for the same agents over the time they cover; nothing is saved until you say so, and nothing at all if a row is wrong.
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Format</span>
          <select
            value={profileName}
            data-field="schedule-profile"
            onChange={(e) => {
              setProfileName(e.target.value);
              reset();
            }}
            className="w-72 max-w-full rounded-md border border-line bg-surface px-2 py-1.5"
          >
            {(profiles.data?.profiles ?? [{ name: OWN_CSV, builtIn: true }]).map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
                {p.builtIn ? "" : " (saved)"}
              </option>
            ))}
          </select>
        </label>
        {profile && profileName !== OWN_CSV && !profile.zone && (
          <label className="flex flex-col gap-1">
            <span className="font-semibold">Zone of the file&apos;s times</span>
            <ZoneSelect
              value={fileZone}
              onChange={(z) => {
                setFileZone(z);
                reset();
              }}
              data-field="schedule-zone"
              className="rounded-md border border-line bg-surface px-2 py-1.5"
            />
          </label>
        )}
        {profile?.zone && <span className="text-ink-muted">Times in {profile.zone}</span>}
        {/* There from the first paint (enabled once the profiles are read): nothing below moves when they arrive. */}
        <button type="button" disabled={!profile} onClick={() => setEditing((e) => !e)} aria-expanded={editing} className="rounded-md border border-line px-3 py-1.5 font-semibold disabled:opacity-60" data-field="edit-profile">
          {editing ? "Close the profile" : !profile || profile.builtIn ? "Copy into a profile of your own…" : "Edit this profile…"}
        </button>
      </div>
      {editing && profile && profiles.data && (
        <Suspense fallback={<p className="text-sm text-ink-muted">Loading…</p>}>
          <ProfileEditor
            key={profile.name}
            base={profile}
            activities={profiles.data.activities}
            onSaved={(name) => {
              setProfileName(name);
              setEditing(false);
              reset();
            }}
            onDeleted={() => {
              setProfileName(OWN_CSV);
              setEditing(false);
              reset();
            }}
          />
        </Suspense>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <label className="inline-flex cursor-pointer items-center gap-2 rounded-md border border-brand bg-brand/10 px-3 py-2 text-sm font-semibold text-brand-ink focus-within:outline-3 focus-within:outline-offset-2 focus-within:outline-ink focus-within:outline-solid hover:bg-brand/20">
          Choose a file…
          <input
            ref={input}
            type="file"
            accept=".csv,.txt,.tsv,.ics,text/csv,text/plain,text/calendar"
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
      {preview && problems.length > 0 && <ScheduleProblems preview={preview} />}
      {preview && problems.length === 0 && <SchedulePreview preview={preview} zone={zone} busy={busy} onSave={save} onCancel={reset} />}
    </section>
  );
}

/** Every problem of an upload by line and column: nothing will be saved. */
function ScheduleProblems({ preview }: { preview: ScheduleUpload }) {
  const problems = preview.problems;
  return (
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
  );
}

/** What a clean upload holds (rows, agents, its span in the zone shown, hours per activity, warnings), to save or cancel. */
function SchedulePreview({ preview, zone, busy, onSave, onCancel }: { preview: ScheduleUpload; zone: string; busy: boolean; onSave: () => void; onCancel: () => void }) {
  const span = preview.from && preview.to ? `${formatDateTime(Date.parse(preview.from), zone)} → ${formatDateTime(Date.parse(preview.to), zone)}` : null;
  return (
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
        <button type="button" disabled={busy} onClick={onSave} className={button("primary")}>
          Save schedule
        </button>
        <button type="button" onClick={onCancel} className={button("secondary")}>
          Cancel
        </button>
      </div>
    </div>
  );
}
