import { teamIn } from "@/lib/states/collate";
import type { AdherenceException, AdjustmentKind, AdjustmentSpan, ExceptionType } from "./adherence";

/**
 * A supervisor's adjustment to adherence: over [start, end), for some agents, some teams or the
 * whole floor, time counts `excused` (as adherent) or `neutral` (neither way); with a reason
 * category and a note. Revoked ones are kept, marked, and apply no more.
 */
export type AdjustmentScope = { all: true } | { teams: string[] } | { agents: string[] };

export interface Adjustment {
  id: string;
  kind: AdjustmentKind;
  scope: AdjustmentScope;
  start: number;
  end: number;
  /** A reason category of the labels config (or any word the supervisor chose); null: none given. */
  category: string | null;
  note: string;
  createdAt: number;
  /** Who made it: display name, and the subject it is kept under. */
  createdBy: string;
  createdBySub: string;
  revokedAt: number | null;
  revokedBy: string | null;
}

/**
 * A supervisor's word that an exception stands as judged (`confirmed`): it changes no number, and
 * takes the exception out of the open ones. Known by the agent, the type and the start the
 * exception has in the window it was confirmed from.
 */
export interface Confirmation {
  agentId: string;
  type: ExceptionType;
  start: number;
  note: string | null;
  createdAt: number;
  createdBy: string;
  createdBySub: string;
}

export const confirmationKey = (agentId: string, type: string, start: number) => `${agentId}|${type}|${start}`;

/** An exception still open that a confirmation names is `confirmed` (an adjustment decides first). */
export function withConfirmations<E extends Pick<AdherenceException, "type" | "start" | "review"> & { pending?: boolean }>(agentId: string, exceptions: E[], confirmed: ReadonlySet<string>): E[] {
  if (confirmed.size === 0) return exceptions;
  return exceptions.map((e) => {
    if (!confirmed.has(confirmationKey(agentId, e.type, e.start))) return e;
    // Open: it stands as judged. Decided by an automatic rule: the supervisor agrees, no longer pending.
    if (e.review === "open") return { ...e, review: "confirmed" };
    return e.pending ? { ...e, pending: false } : e;
  });
}

/** Whether an adjustment's scope holds the agent (a team by the one team equality). */
export function adjustmentHolds(scope: AdjustmentScope, agentId: string, team: string | null): boolean {
  if ("all" in scope) return true;
  if ("teams" in scope) return team !== null && teamIn(scope.teams, team);
  return scope.agents.includes(agentId);
}

/** The spans of the adjustments in force (not revoked) that hold the agent. */
export function spansFor(adjustments: readonly Adjustment[], agentId: string, team: string | null): AdjustmentSpan[] {
  const out: AdjustmentSpan[] = [];
  for (const j of adjustments) if (j.revokedAt === null && adjustmentHolds(j.scope, agentId, team)) out.push({ id: j.id, kind: j.kind, start: j.start, end: j.end });
  return out;
}
