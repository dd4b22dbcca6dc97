"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { ImportProfileJson } from "@/lib/api-types";
import { queryKeys } from "@/lib/queries/keys";
import { deleteImportProfile, saveImportProfile } from "@/lib/queries/schedules";
import { button } from "./ui";
import { ZoneSelect } from "./zone-select";

const DATE_FORMATS = ["mmddyyyy", "ddmmyyyy", "yyyymmdd", "mm/dd/yyyy", "dd/mm/yyyy", "yyyy-mm-dd"];
const DELIMITERS: [string, string][] = [
  [",", "Comma ,"],
  ["|", "Pipe |"],
  [";", "Semicolon ;"],
  ["\t", "Tab"],
];
const field = "rounded-md border border-line bg-surface px-2 py-1.5";

/** The activity mapping as the planner writes it: one `code = activity` a line. */
const mappingText = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} = ${v}`)
    .join("\n");

function readMapping(text: string, activities: readonly string[]): { mapping: Record<string, string>; problem: string | null } {
  const mapping: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const at = line.lastIndexOf("=");
    const code = line.slice(0, at).trim();
    const activity = line.slice(at + 1).trim().toLowerCase();
    if (at < 1 || !code) return { mapping, problem: `Line ${i + 1} of the mapping: write code = activity.` };
    if (!activities.includes(activity)) return { mapping, problem: `Line ${i + 1} of the mapping: "${activity}" is not one of ${activities.join(", ")}.` };
    mapping[code] = activity;
  }
  return { mapping, problem: null };
}

/**
 * An import profile's settings, taken from the one chosen (a built-in is copied under a new name):
 * the delimiter and header, the columns, date and time formats, the zone, how agents are named
 * (with an external-id table to choose), and the activity codes. Saved by name (checked by the
 * server, audited); a saved one can be deleted.
 */
export function ProfileEditor({ base, activities, onSaved, onDeleted }: { base: ImportProfileJson; activities: string[]; onSaved: (name: string) => void; onDeleted: () => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState(base.builtIn ? `${base.name} (ours)` : base.name);
  const ics = base.format === "ics";
  const [delimiter, setDelimiter] = useState<string>(base.delimiter);
  const [headerPrefix, setHeaderPrefix] = useState(base.headerPrefix);
  const [columns, setColumns] = useState(base.columns);
  const [dateFormat, setDateFormat] = useState(base.dateFormat);
  const [timeFormat, setTimeFormat] = useState(base.timeFormat);
  const [zone, setZone] = useState<string | null>(base.zone);
  const [identity, setIdentity] = useState(base.identity);
  const [mapping, setMapping] = useState(mappingText(base.activities));
  const [idTable, setIdTable] = useState<{ name: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const col = (key: keyof typeof columns, label: string, optional: boolean) => (
    <label className="flex flex-col gap-1">
      <span className="font-semibold">
        {label}
        {optional && <span className="font-normal text-ink-muted"> (optional)</span>}
      </span>
      <input
        value={columns[key] ?? ""}
        onChange={(e) => setColumns({ ...columns, [key]: e.target.value.trim() === "" && optional ? null : e.target.value })}
        className={`${field} font-mono`}
        data-field={`profile-column-${key}`}
      />
    </label>
  );

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      await qc.invalidateQueries({ queryKey: queryKeys.schedules.profiles });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      const read = readMapping(mapping, activities);
      if (read.problem) throw new Error(read.problem);
      const saved = await saveImportProfile(
        name.trim(),
        { format: base.format, delimiter: delimiter as ImportProfileJson["delimiter"], headerPrefix, columns, dateFormat, timeFormat, zone, identity, activities: read.mapping },
        idTable?.text ?? null,
      );
      onSaved(saved.name);
    });

  return (
    <form
      className="flex flex-col gap-3 rounded-md border border-line bg-surface-muted p-3 text-sm"
      data-field="profile-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Profile name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} className={field} data-field="profile-name" />
        </label>
        {!ics && (
          <>
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Delimiter</span>
          <select value={delimiter} onChange={(e) => setDelimiter(e.target.value)} className={field}>
            {DELIMITERS.map(([v, l]) => (
              <option key={l} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Header starts with</span>
          <input value={headerPrefix} onChange={(e) => setHeaderPrefix(e.target.value)} placeholder="(nothing)" className={`${field} font-mono`} />
        </label>
          </>
        )}
      </div>
      {ics ? (
        <fieldset className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <legend className="mb-1 font-semibold">The events&apos; properties</legend>
          {col("agent", "Agent (ATTENDEE, ORGANIZER, X-…)", false)}
          {col("activity", "Activity (SUMMARY, CATEGORIES)", false)}
        </fieldset>
      ) : (
      <fieldset className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <legend className="mb-1 font-semibold">The header&apos;s names</legend>
        {col("agent", "Agent", false)}
        {col("activity", "Activity code", false)}
        {col("start", "Start", false)}
        {col("end", "End", false)}
        {col("date", "Date", timeFormat === "datetime")}
        {col("endDate", "End date", true)}
        {col("zone", "Zone", true)}
      </fieldset>
      )}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-4">
        {!ics && (
          <>
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Times</span>
          <select value={timeFormat} onChange={(e) => setTimeFormat(e.target.value as typeof timeFormat)} className={field} data-field="profile-time-format">
            <option value="12h">12-hour, beside a date</option>
            <option value="24h">24-hour, beside a date</option>
            <option value="datetime">Date and time in one field</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Dates</span>
          <select value={dateFormat} onChange={(e) => setDateFormat(e.target.value)} className={field}>
            {DATE_FORMATS.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
          </>
        )}
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Zone</span>
          <span className="flex items-center gap-2">
            <input type="checkbox" checked={zone !== null} onChange={(e) => setZone(e.target.checked ? "UTC" : null)} aria-label="A fixed zone" />
            {zone === null ? <span className="text-ink-muted">chosen at upload</span> : <ZoneSelect value={zone} onChange={setZone} className={field} data-field="profile-zone" />}
          </span>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-semibold">Agents named by</span>
          <select value={identity} onChange={(e) => setIdentity(e.target.value as typeof identity)} className={field} data-field="profile-identity">
            <option value="id">Kore.ai agent id</option>
            <option value="email">E-mail (Agents API)</option>
            <option value="table">External id (a table)</option>
          </select>
        </label>
      </div>
      {identity === "table" && (
        <label className="flex flex-col gap-1">
          <span className="font-semibold">External-id table (CSV: external_id,agent_id){base.idTableSize > 0 && !idTable ? ` — ${base.idTableSize.toLocaleString("en")} entries kept` : ""}</span>
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            data-field="profile-id-table"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setIdTable(file ? { name: file.name, text: await file.text() } : null);
            }}
          />
        </label>
      )}
      <label className="flex flex-col gap-1">
        <span className="font-semibold">Activity codes: one &ldquo;code = activity&rdquo; a line ({activities.join(", ")})</span>
        <textarea value={mapping} onChange={(e) => setMapping(e.target.value)} rows={6} spellCheck={false} className={`${field} font-mono text-xs`} data-field="profile-activities" />
      </label>
      {error && (
        <p role="alert" className="rounded-md border border-alert bg-alert-surface px-3 py-2 text-alert-ink">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={busy || !name.trim()} className={button("primary")} data-field="profile-save">
          Save profile
        </button>
        {!base.builtIn && (
          <button type="button" disabled={busy} onClick={() => void run(async () => (await deleteImportProfile(base.name), onDeleted()))} className={button("secondary")}>
            Delete profile
          </button>
        )}
      </div>
    </form>
  );
}
