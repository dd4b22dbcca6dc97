"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import type { AgentSnapshot } from "@/lib/api-types";
import { reportRosterOptions } from "@/lib/queries/reports";

/** What the list offers for an agent: the name and team, the id where two share a name (or there is no name). */
function choices(roster: readonly AgentSnapshot[]): Map<string, AgentSnapshot> {
  const named = new Map<string, number>();
  for (const a of roster) if (a.name) named.set(a.name, (named.get(a.name) ?? 0) + 1);
  const out = new Map<string, AgentSnapshot>();
  for (const a of roster) {
    const who = a.name && named.get(a.name) === 1 ? a.name : a.name ? `${a.name} (${a.agentId})` : a.agentId;
    out.set(a.team ? `${who} · ${a.team}` : who, a);
  }
  return out;
}

/**
 * Picks agents for a report by name: type, choose from the list, and each pick shows as a chip
 * (× takes it off). The roster is the agents the viewer sees, read when the box is first used.
 */
export function AgentPicker({ picked, onChange }: { picked: readonly string[]; onChange: (ids: string[]) => void }) {
  const listId = useId();
  const [wanted, setWanted] = useState(picked.length > 0);
  const [text, setText] = useState("");
  const roster = useQuery({ ...reportRosterOptions(), enabled: wanted });
  const byLabel = useMemo(() => choices(roster.data ?? []), [roster.data]);
  const byId = useMemo(() => new Map((roster.data ?? []).map((a) => [a.agentId, a])), [roster.data]);
  const pick = (value: string) => {
    setText(value);
    const agent = byLabel.get(value) ?? byId.get(value.trim());
    if (!agent) return;
    setText("");
    if (!picked.includes(agent.agentId)) onChange([...picked, agent.agentId]);
  };
  return (
    <div className="flex min-w-56 flex-col gap-1 text-sm" data-field="agent-picker">
      <label htmlFor={`${listId}-input`} className="font-semibold text-ink-muted">
        Only these agents
      </label>
      <input
        id={`${listId}-input`}
        type="text"
        list={listId}
        value={text}
        onFocus={() => setWanted(true)}
        onPointerDown={() => setWanted(true)}
        onChange={(e) => pick(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            const first = [...byLabel.keys()].find((k) => k.toLowerCase().includes(text.trim().toLowerCase()));
            if (text.trim() && first) pick(first);
          }
        }}
        placeholder={roster.isLoading ? "Reading the roster…" : "Add an agent by name"}
        className="rounded-lg border border-line bg-surface px-3 py-1.5"
        data-field="agent-input"
        autoComplete="off"
      />
      <datalist id={listId}>
        {[...byLabel.keys()].map((label) => (
          <option key={label} value={label} />
        ))}
      </datalist>
      {picked.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label="Agents picked">
          {picked.map((id) => {
            const a = byId.get(id);
            return (
              <li key={id} className="inline-flex items-center gap-1 rounded-lg border border-ink bg-ink py-0.5 pr-1 pl-2.5 text-surface" data-picked={id}>
                {a?.name ?? id}
                <button type="button" onClick={() => onChange(picked.filter((x) => x !== id))} className="rounded px-1 hover:bg-surface/20" aria-label={`Take ${a?.name ?? id} off the report`}>
                  ×
                </button>
              </li>
            );
          })}
          <li>
            <button type="button" onClick={() => onChange([])} className="px-1 py-0.5 font-semibold text-brand-ink underline-offset-2 hover:underline" data-field="all-agents">
              Everyone
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
