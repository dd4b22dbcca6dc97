"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { OpenAlert } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { formatLocal } from "@/lib/display/time";
import { acknowledgeAlert, undoAcknowledgement } from "@/lib/queries/alerts";
import { queryKeys } from "@/lib/queries/keys";
import { button } from "./ui";

const clock = (iso: string) => formatLocal(iso, { hour: "numeric", minute: "2-digit" });

/** "15:00" today (tomorrow if that has passed), in the browser's zone, as an ISO instant. */
function untilOf(hhmm: string, now = Date.now()): string | null {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) return null;
  const d = new Date(now);
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  if (d.getTime() <= now) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

/**
 * The alerts still true, newest first: each one acknowledged in a click ("I'm on it", until a time
 * or until it ends) or taken back. An alert named in the address (`?ack=`, a message's
 * "Acknowledge" link) has its form open and in view.
 */
export function OpenAlerts({ alerts, focus }: { alerts: OpenAlert[]; focus: string | null }) {
  return (
    <section aria-labelledby="open-heading" className="flex flex-col gap-2" data-field="open-alerts">
      <h2 id="open-heading" className="text-lg font-bold">
        Open now <span className="font-normal text-ink-muted">· {alerts.length}</span>
      </h2>
      {alerts.length === 0 ? (
        <p className="text-sm text-ink-muted">Nothing is open: every alert has ended.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-line rounded-lg border border-line bg-surface">
          {alerts.map((a) => (
            <OpenAlertItem key={a.key} alert={a} focused={a.key === focus} />
          ))}
        </ul>
      )}
      {focus && !alerts.some((a) => a.key === focus) && (
        <p role="status" className="rounded-md border border-line bg-surface-muted px-3 py-2 text-sm">
          The alert that link names is no longer open: it has ended.
        </p>
      )}
    </section>
  );
}

function OpenAlertItem({ alert: a, focused }: { alert: OpenAlert; focused: boolean }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(focused);
  const [note, setNote] = useState("I'm on it");
  const [until, setUntil] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: "center" });
  }, [focused]);
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setOpen(false);
      await qc.invalidateQueries({ queryKey: queryKeys.alerts });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const ack = a.acknowledged;
  return (
    <li ref={ref} className={cn("flex flex-col gap-2 px-3 py-2 text-sm", focused && "bg-brand/5")} data-field="open-alert" data-key={a.key} data-status={a.status} {...(a.agentId && { "data-agent-id": a.agentId })}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-semibold">{a.title}</span>
        <span className="text-ink-muted">
          {a.rule} · since {clock(a.since)}
          {a.status !== "raised" && a.status !== "acknowledged" ? ` · held back (${a.status})` : ""}
        </span>
        <Link href={a.path} className="text-brand-ink underline">
          {a.agentId ? "Timeline" : "Open"}
        </Link>
        <span className="ml-auto flex gap-2">
          {ack ? (
            <button type="button" disabled={busy} onClick={() => run(() => undoAcknowledgement(a.key))} className={button("secondary", "sm")} data-field="undo-ack">
              Undo
            </button>
          ) : (
            <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} className={button("primary", "sm")} data-field="ack">
              Acknowledge…
            </button>
          )}
        </span>
      </div>
      {ack && (
        <p className="text-state-ready-ink" data-field="acknowledged">
          ✓ {ack.by} is on it{ack.until ? ` until ${clock(ack.until)}` : " until it ends"}: “{ack.note}” (since {clock(ack.at)}). Nothing more is sent about it meanwhile{ack.until ? "; if it still holds then, it is raised once more" : ""}.
        </p>
      )}
      {a.reraisedAt && !ack && <p className="text-warn-ink">Raised once more at {clock(a.reraisedAt)}: it outlasted its acknowledgement.</p>}
      {open && !ack && (
        <form
          className="flex flex-wrap items-end gap-2"
          data-field="ack-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => acknowledgeAlert(a.key, note, until ? untilOf(until) : null));
          }}
        >
          <label className="flex min-w-56 flex-1 flex-col gap-1">
            <span className="font-semibold">Note (audited)</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} required maxLength={500} className="rounded-md border border-line bg-surface px-2 py-1.5" data-field="ack-note" />
          </label>
          <label className="flex flex-col gap-1">
            <span className="font-semibold">Until (empty: until it ends)</span>
            <input type="time" value={until} onChange={(e) => setUntil(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1.5" data-field="ack-until" />
          </label>
          <button type="submit" disabled={busy || !note.trim()} className={button("primary")} data-field="ack-save">
            I&apos;m on it
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-alert-ink">
          {error}
        </p>
      )}
    </li>
  );
}
