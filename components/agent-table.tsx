"use client";

import { lazy, memo, Suspense, useCallback, useEffect, useRef, useState } from "react";
import type { AcknowledgedAnswer, AgentBreaks, AgentSnapshot, BehaviourFlag, LiveAdherenceAgent } from "@/lib/api-types";
import { cn } from "@/lib/cn";
import { formatSpan } from "@/lib/display/span";
import type { AgentLevel } from "@/lib/display/agent-levels";
import type { Direction, GridItem, GroupItem, SortKey } from "@/lib/display/grid-view";
import { rememberGridScroll } from "@/lib/navigation";
import { LevelIcon } from "./level-icon";
import { LiveDuration } from "./live-duration";
import { StateBadge } from "./state-badge";
import { useRowPx } from "./use-density";
import { StateIcon } from "./state-icon";
import { FAMILY_BAR, FAMILY_TEXT } from "./state-styles";
import { useVocabulary } from "./vocabulary";
import { useScreenfulFirst, useWindowRows } from "./use-window-rows";
import { formatLocal } from "@/lib/display/time";

/** Every row is this tall, so the virtual list knows where each one is without measuring. */
/** Up to this many rows are all in the page (find-in-page works); beyond, only those near the screen. */
const VIRTUALIZE_ABOVE = 200;

const parse = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const clock = (iso: string | null) => (iso === null ? "" : formatLocal(iso, { hour: "numeric", minute: "2-digit" }));
const hrefOf = (agentId: string) => `/agents/${encodeURIComponent(agentId)}`;

const LEVEL_ROW = {
  warn: "bg-warn-surface",
  alert: "bg-alert-surface",
} as const;

interface RowProps {
  /** The row's height: 44 px, 32 px with compact rows; a phone's two-line card 68 px (56 compact). */
  rowPx: number;
  agent: AgentSnapshot;
  level: AgentLevel | undefined;
  index: number;
  active: boolean;
  showTeam: boolean;
  /** The agent's adherence now; undefined: the column is not shown (nobody is scheduled). */
  adherence: LiveAdherenceAgent | null | undefined;
  /** The agent's break budget this shift, when it has used some. */
  breaks: AgentBreaks | undefined;
  /** The agent's behaviour flags this shift. */
  flags: readonly BehaviourFlag[] | undefined;
  /** An alert about the agent someone is on. */
  ack: AcknowledgedAnswer["agents"][string] | undefined;
}

/** Loaded once someone is scheduled: a floor without schedules does not carry it (the grid's first load stays small). */
const AdherenceCell = lazy(() => import("./adherence-cell").then((m) => ({ default: m.AdherenceCell })));
/** Loaded once a budget is in use. */
const BreakNote = lazy(() => import("./adherence-cell").then((m) => ({ default: m.BreakNote })));
const FlagMark = lazy(() => import("./adherence-cell").then((m) => ({ default: m.FlagMark })));
const AckMark = lazy(() => import("./adherence-cell").then((m) => ({ default: m.AckMark })));

/**
 * One agent. Memoised on the agent object, which react-query keeps identical while the agent is
 * unchanged, so a poll re-renders only the agents that changed; time in state is written by the
 * shared ticking timer, never by a render.
 */
const AgentRow = memo(function AgentRow({ rowPx, agent, level, index, active, showTeam, adherence, breaks, flags, ack }: RowProps) {
  const { family, customColour, reason, category } = useVocabulary().describe(agent);
  const over = level && (
    <span className={level.level === "alert" ? "text-alert-ink" : "text-warn-ink"} title={`Over ${formatSpan(level.limitMs)}`}>
      <LevelIcon level={level.level} className="size-4" />
      <span className="sr-only">{level.level === "alert" ? "Alert" : "Warning"}: over {formatSpan(level.limitMs)}.</span>
    </span>
  );
  return (
    <tr
      data-agent-id={agent.agentId}
      data-index={index}
      data-level={level?.level}
      aria-rowindex={index + 2}
      tabIndex={active ? 0 : -1}
      style={{ height: rowPx }}
      className={cn(
        // outline-none leaves the style at none: the ring needs its style back (WCAG 2.2 focus appearance: 3 px, ink on any row colour).
        "scroll-mt-24 border-t border-line outline-none hover:bg-surface-muted/60 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-ink focus-visible:outline-solid",
        // A phone: a two-line card, name and time in state above, state, reason and level below (app/globals.css).
        "agent-card",
        level && LEVEL_ROW[level.level],
      )}
    >
      <td className="card-name relative truncate pr-2 pl-4 sm:pr-3">
        <span aria-hidden className={cn("absolute inset-y-1 left-0 w-1 rounded-r", FAMILY_BAR[family])} style={customColour ? { backgroundColor: customColour } : undefined} />
        {/* The id in a tooltip (and in the CSV), not beside every name: names are what a supervisor scans. */}
        <span className="flex min-w-0 items-center gap-2">
          <a href={hrefOf(agent.agentId)} tabIndex={-1} onClick={() => rememberGridScroll(agent.agentId)} title={agent.name ? `Agent ID ${agent.agentId}` : undefined} className="min-w-0 flex-1 truncate font-medium hover:underline" data-field="name">
            {/* No name (not on the roster, or not read yet): the id, set apart so it is not taken for one. */}
            {agent.name ?? <span className="font-mono text-sm text-ink-muted">{agent.agentId}</span>}
          </a>
          {flags && (
            <Suspense fallback={null}>
              <FlagMark flags={flags} />
            </Suspense>
          )}
          {ack && (
            <Suspense fallback={null}>
              <AckMark ack={ack} />
            </Suspense>
          )}
        </span>
      </td>
      {showTeam && (
        <td className="hidden truncate px-3 text-sm lg:table-cell" data-field="team">
          {agent.team ?? <span className="text-ink-muted">—</span>}
        </td>
      )}
      <td className="card-state truncate px-2 sm:px-3" data-field="activity" data-activity={agent.activity ?? undefined}>
        <StateBadge activity={agent.activity} className="max-w-full truncate max-sm:px-2 max-sm:text-xs" />
      </td>
      {/* On a phone: beside the state, the reason, then the limit passed. */}
      <td className="card-reason truncate px-3" title={agent.reasonCode === null ? undefined : `Code ${agent.reasonCode}`}>
        <span className="truncate" data-field="reason" data-code={agent.reasonCode ?? undefined}>
          {reason === null ? <span className="text-ink-muted max-sm:sr-only">—</span> : reason.label}
        </span>
        {level && (
          <span className={cn("ml-auto shrink-0 pr-3 text-xs font-semibold sm:hidden", level.level === "alert" ? "text-alert-ink" : "text-warn-ink")} aria-hidden data-field="level-phone">
            over {formatSpan(level.limitMs)}
          </span>
        )}
        {category && category !== reason?.label.toLowerCase() && (
          <span className="ml-2 hidden text-xs text-ink-muted md:inline" data-field="reason-category">
            {category}
          </span>
        )}
        {breaks && (
          <Suspense fallback={null}>
            <BreakNote b={breaks} category={category} />
          </Suspense>
        )}
      </td>
      <td className="card-time px-2 text-right font-mono text-sm font-semibold tabular-nums sm:px-3 sm:text-base">
        <span className="inline-flex items-center justify-end gap-1.5">
          {over}
          <LiveDuration data-field="time-in-state" from={parse(agent.since)} title={agent.since ?? undefined} />
        </span>
      </td>
      <td className="hidden px-3 text-right text-sm text-ink-muted tabular-nums md:table-cell" data-field="since">
        {clock(agent.since)}
      </td>
      {adherence !== undefined && (
        <td className="hidden truncate px-3 text-sm sm:table-cell" data-field="adherence">
          <Suspense fallback={null}>
            <AdherenceCell a={adherence} />
          </Suspense>
        </td>
      )}
    </tr>
  );
});

/** The grid's headline sticks above the table: its height (h-12). */
const HEADLINE_PX = 48;

const GroupRow = memo(function GroupRow({ rowPx, group, index, active, columns, onToggle }: { rowPx: number; group: GroupItem; index: number; active: boolean; columns: number; onToggle: (key: string) => void }) {
  return (
    // The whole header row folds the group, not only its button.
    <tr
      data-group={group.key}
      data-index={index}
      aria-rowindex={index + 2}
      tabIndex={active ? 0 : -1}
      style={{ height: rowPx }}
      onClick={(e) => {
        if (!(e.target as HTMLElement).closest("button")) onToggle(group.key);
      }}
      className="scroll-mt-24 cursor-pointer border-t border-line bg-surface-muted outline-none max-sm:flex max-sm:items-center focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-ink focus-visible:outline-solid"
    >
      <th scope="colgroup" colSpan={columns} className="px-4 text-left">
        <button type="button" tabIndex={-1} aria-expanded={!group.collapsed} onClick={() => onToggle(group.key)} className="inline-flex items-center gap-2 font-semibold">
          <svg viewBox="0 0 16 16" aria-hidden className={cn("size-4 transition-transform motion-reduce:transition-none", !group.collapsed && "rotate-90")} fill="none" stroke="currentColor" strokeWidth={2}>
            <path d="M6 3.5l4.5 4.5L6 12.5" />
          </svg>
          {group.family && <StateIcon family={group.family} className="size-4" />}
          {group.label}
          <span className="rounded-full bg-surface px-2 text-sm tabular-nums" data-field="group-count">
            {group.count}
          </span>
        </button>
        {group.split.length > 0 && (
          <span className="ml-3 inline-flex flex-wrap items-center gap-x-3 text-sm font-normal" data-field="group-split">
            {group.split.map((c) => (
              <span key={c.key} className={cn("inline-flex items-center gap-1 tabular-nums", FAMILY_TEXT[c.family])} data-state={c.key} data-count={c.count}>
                <StateIcon family={c.family} className="size-3.5" />
                <span className="font-semibold">{c.count}</span>
                <span className="text-ink-muted">{c.label.toLowerCase()}</span>
              </span>
            ))}
          </span>
        )}
      </th>
    </tr>
  );
});

export interface AgentTableProps {
  items: readonly GridItem[];
  levels: ReadonlyMap<string, AgentLevel>;
  stale: boolean;
  sort: SortKey;
  dir: Direction;
  onSort: (key: SortKey) => void;
  onToggleGroup: (key: string) => void;
  showTeam: boolean;
  caption: string;
  /** Back from this agent's drill-down: its row gets the keyboard focus (once). */
  returnTo?: string | null;
  /** Behaviour flags this shift by agent id: a mark beside the name. */
  flags?: Readonly<Record<string, readonly BehaviourFlag[]>>;
  /** Alerts someone is on, by agent id: a mark beside the name. */
  acked?: AcknowledgedAnswer["agents"];
  /** Adherence now by agent id, while someone is scheduled: the Adherence column. */
  adherence?: Readonly<Record<string, LiveAdherenceAgent>>;
  /** Break budgets by agent id (those who used some this shift). */
  breaks?: Readonly<Record<string, AgentBreaks>>;
}

const COLUMNS: { key: SortKey | null; label: string; className: string }[] = [
  // A phone (under 640 px) shows cards (the headers are read, not seen).
  { key: "name", label: "Agent", className: "pr-2 pl-4 sm:pr-3" },
  { key: null, label: "Team", className: "hidden w-36 px-3 lg:table-cell" },
  { key: "state", label: "State", className: "w-32 px-2 sm:w-44 sm:px-3 md:w-48" },
  { key: "reason", label: "Reason", className: "w-28 px-3 md:w-52" },
  { key: "time", label: "Time in state", className: "w-24 px-2 text-right sm:w-32 sm:px-3 md:w-40" },
  { key: null, label: "Since", className: "hidden w-28 px-3 text-right md:table-cell" },
  { key: null, label: "Adherence", className: "hidden w-52 px-3 sm:table-cell" },
];

/**
 * A real table: column headers (sortable), one focusable row per agent (arrow keys move, Enter
 * opens the drill-down), group headers that fold. A large floor is virtualised against the
 * page's own scroll: only the rows near the screen are in the DOM, the table's row count and
 * each row's index stay announced.
 */
export function AgentTable({ items, levels, stale, sort, dir, onSort, onToggleGroup, showTeam, caption, returnTo = null, adherence, breaks, flags, acked }: AgentTableProps) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const virtual = items.length > VIRTUALIZE_ABOVE;
  // Compact rows (per browser), cards on a phone: every row the same height still, so the windowing never measures.
  const rowPx = useRowPx();
  const { range, scrollToRow } = useWindowRows(bodyRef, items.length, rowPx, 12, virtual);
  const shown = useScreenfulFirst(items.length, rowPx);
  const { first } = range;
  const last = virtual ? range.last : Math.min(range.last, shown - 1);
  const padTop = first * rowPx;
  const padBottom = Math.max(0, items.length - 1 - last) * rowPx;

  // Roving focus: one row is in the tab order; the arrow keys move it.
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, Math.max(0, items.length - 1));
  const focusRow = useCallback(
    (index: number) => {
      setActive(index);
      // Below the sticky headline (48 px) and the sticky column headers.
      if (virtual) scrollToRow(index, (headRef.current?.offsetHeight ?? 0) + (window.innerWidth >= 640 ? HEADLINE_PX : 0));
      // The row may only exist once the virtual list has rendered around it.
      let tries = 0;
      const attempt = () => {
        const row = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
        if (row) {
          row.focus({ preventScroll: virtual });
          if (!virtual) row.scrollIntoView({ block: "nearest" });
        } else if (tries++ < 10) requestAnimationFrame(attempt);
      };
      requestAnimationFrame(attempt);
    },
    [virtual, scrollToRow],
  );

  // Back from a drill-down: focus on the row it was opened from, not on the page.
  const [returned, setReturned] = useState<string | null>(null);
  useEffect(() => {
    if (!returnTo || returned === returnTo) return;
    const index = items.findIndex((item) => item.kind === "agent" && item.agent.agentId === returnTo);
    if (index < 0) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setReturned(returnTo);
    focusRow(index);
  }, [returnTo, returned, items, focusRow]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLTableSectionElement>) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>("tr[data-index]");
    if (!row || e.altKey || e.ctrlKey || e.metaKey) return;
    const index = Number(row.dataset.index);
    const move = (to: number) => {
      e.preventDefault();
      focusRow(Math.max(0, Math.min(items.length - 1, to)));
    };
    switch (e.key) {
      case "ArrowDown":
        return move(index + 1);
      case "ArrowUp":
        return move(index - 1);
      case "PageDown":
        return move(index + 10);
      case "PageUp":
        return move(index - 10);
      case "Home":
        return move(0);
      case "End":
        return move(items.length - 1);
      case "Enter":
      case " ": {
        const item = items[index];
        if (!item) return;
        e.preventDefault();
        if (item.kind === "group") onToggleGroup(item.key);
        else if (e.key === "Enter") {
          rememberGridScroll(item.agent.agentId);
          window.location.assign(hrefOf(item.agent.agentId));
        }
      }
    }
  };

  const columns = COLUMNS.filter((c) => (showTeam || c.label !== "Team") && (adherence !== undefined || c.label !== "Adherence"));
  const rows: React.ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    const item = items[i];
    if (!item) continue;
    rows.push(
      item.kind === "group" ? (
        <GroupRow key={`g:${item.key}`} rowPx={rowPx} group={item} index={i} active={i === activeIndex} columns={columns.length} onToggle={onToggleGroup} />
      ) : (
        <AgentRow key={item.agent.agentId} rowPx={rowPx} agent={item.agent} level={levels.get(item.agent.agentId)} index={i} active={i === activeIndex} showTeam={showTeam} adherence={adherence && (adherence[item.agent.agentId] ?? null)} breaks={breaks?.[item.agent.agentId]} flags={flags?.[item.agent.agentId]} ack={acked?.[item.agent.agentId]} />
      ),
    );
  }

  return (
    <div
      id="agents"
      tabIndex={-1}
      // "Skip to agents" lands here: on to the row in the tab order.
      onFocus={(e) => {
        if (e.target === e.currentTarget) focusRow(activeIndex);
      }}
      className={cn("overflow-x-clip rounded-xl border border-line bg-surface outline-none transition-opacity motion-reduce:transition-none", stale && "opacity-60")}
      data-stale={stale || undefined}
    >
      {/* Fixed layout: a ticking timer must not make the browser re-measure every column. */}
      {/* On a phone the rows are cards: the table and its body flow as blocks, the column headers are read, not seen (the toolbar sorts). */}
      <table className="w-full table-fixed text-left max-sm:block" aria-describedby="freshness" aria-rowcount={items.length + 1} data-virtual={virtual || undefined}>
        <caption className="sr-only">{caption}</caption>
        <thead ref={headRef} className="sticky top-0 z-10 bg-surface max-sm:sr-only sm:top-12 text-xs tracking-wide text-ink-muted uppercase shadow-[0_1px_0_var(--color-line)]">
          <tr aria-rowindex={1}>
            {columns.map((c) => {
              const sorted = c.key !== null && c.key === sort;
              return (
                <th key={c.label} scope="col" className={cn("py-2 font-semibold", c.className)} aria-sort={sorted ? (dir === "asc" ? "ascending" : "descending") : undefined}>
                  {c.key === null ? (
                    c.label
                  ) : (
                    <button type="button" onClick={() => onSort(c.key!)} className={cn("inline-flex items-center gap-1 uppercase hover:text-ink", sorted && "text-ink")} data-sort={c.key}>
                      {c.label}
                      <span aria-hidden className="w-3 text-center">{sorted ? (dir === "asc" ? "▲" : "▼") : ""}</span>
                    </button>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody ref={bodyRef} className="max-sm:block" onKeyDown={onKeyDown} onFocus={(e) => {
          const row = (e.target as HTMLElement).closest<HTMLElement>("tr[data-index]");
          if (row) setActive(Number(row.dataset.index));
        }}>
          {padTop > 0 && (
            <tr aria-hidden className="max-sm:block" style={{ height: padTop }}>
              <td colSpan={columns.length} />
            </tr>
          )}
          {rows}
          {padBottom > 0 && (
            <tr aria-hidden className="max-sm:block" style={{ height: padBottom }}>
              <td colSpan={columns.length} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
