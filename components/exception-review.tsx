"use client";

import { useMemo, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { AdherenceExceptionJson, AdjustmentJson, AdjustmentKind } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { EXCEPTION_NAMES, scheduledLabel } from "@/lib/display/schedules";
import { formatSpan } from "@/lib/display/span";
import { formatClock } from "@/lib/display/time";
import { adherenceChanged, adjustmentsQueryOptions, confirmException, makeAdjustment, revokeAdjustment, undoConfirmation } from "@/lib/queries/adjustments";
import { adherenceQueryOptions, schedulesQueryOptions } from "@/lib/queries/schedules";
import { compareText } from "@/lib/states/collate";
import { button, TABLE_HEAD } from "./ui";
import { useVocabulary } from "./vocabulary";


/** Still to be looked at: open, or decided by an automatic rule and not yet kept. */
const toReview = (e: { review: string; pending?: boolean }) => e.review === "open" || e.pending === true;
/**
 * A day's adherence exceptions for a supervisor to review: open ones first, by team and type;
 * each excused (it counts as adherent), made neutral (it counts neither way) or confirmed as it
 * stands in one click, or a selection at once, with a note (and a reason category) that goes into
 * the audit trail. Below,
 * the adjustments in force that day, each revocable. Every number on every page follows
 * (`/api/adherence/adjustments`).
 */

interface Item {
  key: string;
  agentId: string;
  name: string;
  team: string | null;
  e: AdherenceExceptionJson;
}

const KIND_NAMES: Record<AdjustmentKind | "confirmed", string> = { excused: "Excused", neutral: "Neutral", confirmed: "Confirmed" };
const iso = (ms: number) => new Date(ms).toISOString();

function whom(a: AdjustmentJson, names: ReadonlyMap<string, string>): string {
  if (a.all) return "The whole floor";
  if (a.teams) return `${a.teams.length === 1 ? "Team" : "Teams"} ${a.teams.join(", ")}`;
  const list = (a.agents ?? []).map((id) => names.get(id) ?? id);
  return list.length <= 3 ? list.join(", ") : `${list.slice(0, 3).join(", ")} and ${list.length - 3} more`;
}

export function ExceptionReview({ zone, from, to }: { zone: string; from: number; to: number }) {
  const client = useQueryClient();
  const vocab = useVocabulary();
  const adherence = useQuery(adherenceQueryOptions(from, to));
  const schedules = useQuery(schedulesQueryOptions(from, to));
  const adjustments = useQuery(adjustmentsQueryOptions(from, to));
  const [team, setTeam] = useState("");
  const [type, setType] = useState("");
  const [openOnly, setOpenOnly] = useState(true);
  const [note, setNote] = useState("");
  const [category, setCategory] = useState("");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [working, setWorking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const names = useMemo(() => new Map((adherence.data?.agents ?? []).map((a) => [a.agentId, a.name ?? a.agentId])), [adherence.data]);
  const byId = useMemo(() => new Map((adjustments.data?.adjustments ?? []).map((a) => [a.id, a])), [adjustments.data]);
  // Unscheduled time is reported, never counted: nothing to excuse there.
  const all = useMemo<Item[]>(
    () =>
      (adherence.data?.agents ?? [])
        .flatMap((a) => a.exceptions.filter((e) => e.type !== "unscheduled").map((e) => ({ key: `${a.agentId}|${e.type}|${e.start}`, agentId: a.agentId, name: a.name ?? a.agentId, team: a.team, e })))
        .sort((x, y) => Number(!toReview(x.e)) - Number(!toReview(y.e)) || Date.parse(x.e.start) - Date.parse(y.e.start) || compareText(x.name, y.name)),
    [adherence.data],
  );
  const teams = useMemo(() => [...new Set(all.map((i) => i.team ?? ""))].filter(Boolean).sort(compareText), [all]);
  const items = all.filter((i) => (!team || i.team === team) && (!type || i.e.type === type) && (!openOnly || toReview(i.e)));
  const openShown = items.filter((i) => i.e.review === "open");
  const chosen = openShown.filter((i) => selected.has(i.key));
  const categories = useMemo(() => [...new Set(Object.values(vocab.labels.reasons).flatMap((r) => (r.category ? [r.category] : [])))].sort(compareText), [vocab]);

  /**
   * An exception's own end; one still going, up to the end of what is scheduled as it began (the
   * row it began in and the rows of the same activity right after it: an exception runs on across
   * them), else the day's end.
   */
  const endOf = (i: Item): string => {
    if (i.e.end) return i.e.end;
    const at = Date.parse(i.e.start);
    const rows = (schedules.data?.rows ?? []).filter((r) => r.agentId === i.agentId);
    let k = rows.findIndex((r) => Date.parse(r.start) <= at && at < Date.parse(r.end));
    if (k < 0) return iso(to);
    while (k + 1 < rows.length && rows[k + 1]!.start === rows[k]!.end && rows[k + 1]!.activity === rows[k]!.activity) k++;
    return rows[k]!.end;
  };

  /** One change at a time: the buttons wait, a refusal is said, and every adherence answer is read again (what went through before it too). */
  const run = async (change: () => Promise<void>) => {
    setWorking(true);
    setProblem(null);
    try {
      await change();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    } finally {
      setWorking(false);
      await adherenceChanged(client);
    }
  };

  const decide = (kind: AdjustmentKind, list: readonly Item[]) => {
    if (!note.trim()) return setProblem("Write a note first: why the time is excused or neutral (it goes into the audit trail).");
    return run(async () => {
      // One at a time: each is audited with its own % before and after.
      for (const i of list) await makeAdjustment({ kind, agents: [i.agentId], from: i.e.start, to: endOf(i), note: note.trim(), ...(category && { category }) });
      setSelected(new Set());
    });
  };

  /** Each exception confirmed as it stands (or, `undo`, the confirmation taken back). */
  const confirm = (list: readonly Item[], undo = false) =>
    run(async () => {
      for (const i of list) await (undo ? undoConfirmation : confirmException)({ agentId: i.agentId, type: i.e.type, start: i.e.start, ...(note.trim() && { note: note.trim() }) });
      setSelected(new Set());
    });

  const revoke = (id: string) => run(() => revokeAdjustment(id));

  const toggle = (key: string) => setSelected((s) => (s.has(key) ? new Set([...s].filter((k) => k !== key)) : new Set([...s, key])));
  const open = all.filter((i) => toReview(i.e)).length;
  // A stretch still going: as long as it was when the answer was made.
  const asOf = adherence.data ? Date.parse(adherence.data.asOf) : from;
  const inForce = adjustments.data?.adjustments ?? [];

  return (
    <section aria-labelledby="review-title" className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4" data-field="review-queue">
      <div>
        <h2 id="review-title" className="text-lg font-bold">
          Exceptions to review <span className="font-normal text-ink-muted tabular-nums">· {open} open</span>
        </h2>
        <p className="text-sm text-ink-muted">Excused time counts as adherent; neutral time counts neither way (a system outage); a confirmed exception stands as judged. Every page&apos;s adherence follows, and each decision is in the audit trail.</p>
      </div>
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col gap-1">
          <span className="font-semibold text-ink-muted">Team</span>
          <select value={team} onChange={(e) => setTeam(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1.5" data-field="review-team">
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-semibold text-ink-muted">Type</span>
          <select value={type} onChange={(e) => setType(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1.5" data-field="review-type">
            <option value="">Every type</option>
            {(["late", "early_leave", "wrong_activity"] as const).map((t) => (
              <option key={t} value={t}>
                {EXCEPTION_NAMES[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1.5 self-center pt-5">
          <input type="checkbox" className="size-4" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} data-field="review-open-only" />
          Open only
        </label>
        <label className="flex min-w-64 flex-1 flex-col gap-1">
          <span className="font-semibold text-ink-muted">Note (required, audited)</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} placeholder="Approved early leave; screen froze; phones down…" className="rounded-md border border-line bg-surface px-2 py-1.5" data-field="review-note" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="font-semibold text-ink-muted">Category</span>
          <select value={category} onChange={(e) => setCategory(e.target.value)} className="rounded-md border border-line bg-surface px-2 py-1.5" data-field="review-category">
            <option value="">None</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      {chosen.length > 0 && (
        <div className="flex flex-wrap items-center gap-2 text-sm" data-field="review-selection">
          <span className="font-semibold tabular-nums">{chosen.length} selected</span>
          <button type="button" disabled={working} onClick={() => void decide("excused", chosen)} className={button("primary", "sm")} data-field="excuse-selected">
            Excuse {chosen.length}
          </button>
          <button type="button" disabled={working} onClick={() => void decide("neutral", chosen)} className={button("secondary", "sm")} data-field="neutral-selected">
            Make {chosen.length} neutral
          </button>
          <button type="button" disabled={working} onClick={() => void confirm(chosen)} className={button("secondary", "sm")} data-field="confirm-selected">
            Confirm {chosen.length}
          </button>
        </div>
      )}
      {problem && (
        <p role="alert" className="text-sm text-alert-ink" data-field="review-problem">
          {problem}
        </p>
      )}
      {adherence.error && <p role="alert" className="text-sm text-alert-ink">{(adherence.error as Error).message}</p>}
      {adherence.data && items.length === 0 && <p className="text-sm text-ink-muted">{all.length === 0 ? "No adherence exceptions on this day." : "None match these filters."}</p>}
      {items.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Adherence exceptions on this day, open ones first</caption>
            <thead className={TABLE_HEAD}>
              <tr className="border-b border-line text-left">
                <th scope="col" className="w-8 px-2 py-1.5">
                  {openShown.length > 0 && (
                    <input type="checkbox" className="size-4" checked={openShown.every((i) => selected.has(i.key))} onChange={(e) => setSelected(e.target.checked ? new Set(openShown.map((i) => i.key)) : new Set())} aria-label={`Select all ${openShown.length} open exceptions shown`} data-field="select-all" />
                  )}
                </th>
                {["Agent", "Exception", "Review", ""].map((h, n) => (
                  <th key={n} scope="col" className={cn("px-2 py-1.5 font-semibold", h === "Review" && "max-sm:hidden")}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((i) => {
                const start = Date.parse(i.e.start);
                const end = i.e.end ? Date.parse(i.e.end) : null;
                const by = i.e.adjustment ? byId.get(i.e.adjustment) : undefined;
                const auto = i.e.adjustment?.startsWith("auto:") ?? false;
                const reviewText = i.e.review === "open" ? "Open" : `${KIND_NAMES[i.e.review]}${by ? ` by ${by.createdBy}` : auto ? " by rule" : ""}${i.e.pending ? " · pending review" : ""}`;
                return (
                  <tr key={i.key} className="border-b border-line last:border-0" data-field="exception-row" data-agent-id={i.agentId} data-review={i.e.review} data-impact={i.e.impact} data-pending={i.e.pending || undefined}>
                    <td className="px-2 py-1.5">
                      {i.e.review === "open" && <input type="checkbox" className="size-4" checked={selected.has(i.key)} onChange={() => toggle(i.key)} aria-label={`Select ${i.name}'s ${EXCEPTION_NAMES[i.e.type]} at ${formatClock(start, zone)}`} />}
                    </td>
                    <td className="px-2 py-1.5">
                      <span className="block font-semibold">{i.name}</span>
                      <span className="block text-xs text-ink-muted">{i.team ?? "No team"}</span>
                    </td>
                    <td className="px-2 py-1.5">
                      <span className="block">
                        {EXCEPTION_NAMES[i.e.type]} <span className="text-ink-muted">({scheduledLabel(i.e.scheduled)} scheduled)</span>
                        {i.e.impact && i.e.impact !== "negative" && (
                          <span className={cn("ml-1 rounded-sm px-1 text-xs font-semibold", i.e.impact === "positive" ? "bg-state-ready/15 text-state-ready-ink" : "bg-surface-muted text-ink-muted")} data-field="impact" title={i.e.impact === "positive" ? "Positive impact: it helped the floor (working through a break, say)" : "No impact either way"}>
                            {i.e.impact === "positive" ? "＋ helped" : "± no impact"}
                          </span>
                        )}
                      </span>
                      <span className="block text-xs text-ink-muted tabular-nums">
                        {formatClock(start, zone)}–{end === null ? "now" : formatClock(end, zone)} · {formatSpan((end ?? asOf) - start)}
                      </span>
                      {/* On a phone the review is said here, its column folded away. */}
                      <span className={cn("block text-xs sm:hidden", i.e.review === "open" ? "font-semibold text-warn-ink" : "text-ink-muted")}>{reviewText}</span>
                    </td>
                    <td className={cn("px-2 py-1.5 max-sm:hidden", i.e.review === "open" ? "font-semibold text-warn-ink" : "text-ink-muted")} data-field="review" title={by ? `${by.createdBy}: ${by.note}` : undefined}>
                      {reviewText}
                    </td>
                    <td className="px-2 py-1.5">
                      {i.e.review === "open" && (
                        <div className="flex flex-col items-end gap-1 sm:flex-row sm:justify-end">
                          <button type="button" disabled={working} onClick={() => void decide("excused", [i])} className={button("secondary", "sm")} data-field="excuse">
                            Excuse
                          </button>
                          <button type="button" disabled={working} onClick={() => void decide("neutral", [i])} className={button("secondary", "sm")} data-field="neutral">
                            Neutral
                          </button>
                          <button type="button" disabled={working} onClick={() => void confirm([i])} className={button("secondary", "sm")} data-field="confirm" title="It stands as judged: no number changes, and it leaves the open ones">
                            Confirm
                          </button>
                        </div>
                      )}
                      {i.e.pending && (
                        <div className="flex justify-end">
                          <button type="button" disabled={working} onClick={() => void confirm([i])} className={button("secondary", "sm")} data-field="keep" title="The rule's decision stands: it is no longer pending">
                            Keep
                          </button>
                        </div>
                      )}
                      {i.e.review === "confirmed" && (
                        <div className="flex justify-end">
                          <button type="button" disabled={working} onClick={() => void confirm([i], true)} className={button("secondary", "sm")} data-field="undo-confirm">
                            Undo
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="pt-2 font-bold">Adjustments in force on this day</h3>
      {inForce.length === 0 ? (
        <p className="text-sm text-ink-muted">None.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-line text-sm" data-field="adjustments">
          {inForce.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2" data-field="adjustment" data-kind={a.kind}>
              <span className="font-semibold">{KIND_NAMES[a.kind]}</span>
              <span>{whom(a, names)}</span>
              <span className="tabular-nums">
                {formatClock(Date.parse(a.from), zone)}–{formatClock(Date.parse(a.to), zone)}
              </span>
              {a.category && <span className="text-ink-muted">{a.category}</span>}
              <span className="min-w-0 flex-1 truncate text-ink-muted" title={a.note}>
                “{a.note}” · {a.createdBy}
              </span>
              <button type="button" disabled={working} onClick={() => void revoke(a.id)} className={button("danger", "sm")} data-field="revoke">
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
