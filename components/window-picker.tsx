"use client";

import { useState, type FormEvent } from "react";
import { cn } from "@/lib/cn";
import { MAX_WINDOW_MS } from "@/lib/activity/timeline";
import { parseLocalInput, PRESETS, resolveWindow, toLocalInput, type WindowSpec } from "@/lib/display/time";
import { serverNow } from "@/lib/queries/server-clock";
import { ZoneSelect } from "./zone-select";
import { button } from "./ui";

function CustomRange({ spec, zone, onSpec, onCancel }: { spec: WindowSpec; zone: string; onSpec: (s: WindowSpec) => void; onCancel: () => void }) {
  const initial = resolveWindow(spec, serverNow(), zone);
  const [from, setFrom] = useState(() => toLocalInput(initial.from, zone));
  const [to, setTo] = useState(() => toLocalInput(Math.min(initial.to, serverNow()), zone));
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const f = parseLocalInput(from, zone);
    const t = parseLocalInput(to, zone);
    if (f === null || t === null) return setProblem("Enter a start and an end.");
    if (f >= t) return setProblem("The start must be before the end.");
    if (t - f > MAX_WINDOW_MS) return setProblem("A window can be at most 7 days long.");
    setProblem(null);
    onSpec({ preset: "custom", from: f, to: t });
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-2 text-sm" aria-label="Custom range" data-custom-range>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-ink-muted">From</span>
        <input type="datetime-local" required value={from} onChange={(e) => setFrom(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1" name="from" />
      </label>
      <label className="flex flex-col gap-0.5">
        <span className="text-xs text-ink-muted">To</span>
        <input type="datetime-local" required value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1" name="to" />
      </label>
      <button type="submit" className={button("primary", "sm")}>
        Show
      </button>
      <button type="button" onClick={onCancel} className="rounded-md px-3 py-1.5 text-ink-muted hover:bg-surface-muted">
        Cancel
      </button>
      {problem && (
        <p role="alert" className="w-full text-alert">
          {problem}
        </p>
      )}
    </form>
  );
}

/** Last 1/4/8 h, today, yesterday or a custom range of up to 7 days, in a display zone. */
export function WindowPicker({ spec, zone, onSpec, onZone }: { spec: WindowSpec; zone: string; onSpec: (s: WindowSpec) => void; onZone: (z: string) => void }) {
  const [editing, setEditing] = useState(false);
  const button = (active: boolean) =>
    cn("rounded-md px-3 py-1.5 text-sm font-semibold", active ? "bg-ink text-surface" : "text-ink hover:bg-surface-muted");
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Window" className="flex flex-wrap gap-1 rounded-lg border border-line p-1">
          {PRESETS.map((p) => (
            <button key={p.id} type="button" aria-pressed={spec.preset === p.id} className={button(spec.preset === p.id)} onClick={() => (setEditing(false), onSpec({ preset: p.id }))}>
              {p.label}
            </button>
          ))}
          <button type="button" aria-pressed={spec.preset === "custom"} aria-expanded={editing} className={button(spec.preset === "custom")} onClick={() => setEditing((e) => !e)}>
            Custom…
          </button>
        </div>
        <label className="flex items-center gap-1.5 text-sm">
          <span className="text-ink-muted">Time zone</span>
          <ZoneSelect value={zone} onChange={onZone} className="max-w-48 rounded-md border border-line bg-surface px-2 py-1.5" name="tz" />
        </label>
      </div>
      {editing && <CustomRange spec={spec} zone={zone} onSpec={(s) => (setEditing(false), onSpec(s))} onCancel={() => setEditing(false)} />}
    </div>
  );
}
