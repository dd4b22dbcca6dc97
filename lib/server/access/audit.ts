import "server-only";
import type { Identity } from "@/lib/auth/identity";
import { csvDocument } from "@/lib/csv";
import { log } from "@/lib/log";
import type { AccessStore, AuditEntry, AuditFilter } from "@/lib/store/access-store";
import { z } from "zod";
import { one, format, windowOf, zone, type WindowRule } from "../http/query";

/**
 * The audit trail: sign-ins (with the client's address, failures too), sign-outs, links made and
 * revoked, exports (who, which scope, how many rows), schedules uploaded and settings changed, appended to the store.
 * Callers pass only what may be kept: never a password, a token or a cookie. A store that is down
 * does not stop a sign-in: the entry goes to the log instead, marked, and is counted.
 */
export const AUDIT_ACTIONS = ["sign_in", "sign_in_failed", "sign_out", "link_created", "link_revoked", "export", "schedule_uploaded", "settings_changed", "alert_test_sent", "session_ended", "sessions_ended", "adherence_adjusted", "adherence_adjustment_revoked", "adherence_exception_confirmed", "adherence_confirmation_undone", "schedule_profile_saved", "schedule_profile_deleted", "calendar_subscribed", "calendar_unsubscribed", "staffing_uploaded", "alert_acknowledged", "alert_acknowledgement_undone"] as const;
/** One list: an action recorded is an action the audit page and `/api/audit` can filter by. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export class Audit {
  /** Entries the store refused (logged instead). */
  lost = 0;

  constructor(
    private readonly store: AccessStore,
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async record(actor: Identity | string, action: AuditAction, details: Record<string, unknown> = {}, address: string | null = null): Promise<void> {
    const entry: AuditEntry = { time: this.now(), actor: typeof actor === "string" ? actor : actorName(actor), action, address, details };
    try {
      await this.store.appendAudit(entry);
    } catch (err) {
      this.lost++;
      log.error("audit entry not stored", { ...entry, details: JSON.stringify(details), error: err instanceof Error ? err.message : String(err) });
    }
  }

  list(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.store.audit(filter);
  }

  /** Drops what is older than FLOORVIEW_AUDIT_DAYS (and links expired before then). */
  async prune(): Promise<number> {
    return this.store.pruneAccess(this.now() - this.retentionMs);
  }
}

/** "Ada Lovelace <sub>" for SSO users; the shared password's name as it is. */
export const actorName = (who: Identity) => (who.via === "oidc" ? `${who.name} (${who.sub})` : who.name);


/**
 * The filters of `/api/audit` and `/audit` from a query string: the window by the one rule
 * (lib/server/http/query.ts), either end open, a zone in each instant or the zone named in `tz` (the
 * audit page's form sends wall times in UTC); `action`, `actor`, `limit` (1,000 unless asked).
 */
export const auditQuery = z.object({ from: one, to: one, tz: zone, action: one, actor: one, limit: one, format }).transform((v, ctx) => {
  const w = windowOf(v, AUDIT_WINDOW, { now: 0, retentionMs: null }, ctx);
  if (!w) return z.NEVER;
  const filter: AuditFilter = { limit: 1_000, ...(w.from !== null && { from: w.from }), ...(w.to !== null && { to: w.to }) };
  if (v.action) {
    if (!AUDIT_ACTIONS.includes(v.action as AuditAction)) return (ctx.addIssue(`action must be one of ${AUDIT_ACTIONS.join(", ")}.`), z.NEVER);
    filter.action = v.action;
  }
  const actor = v.actor?.trim();
  if (actor) filter.actor = actor.slice(0, 200);
  if (v.limit) {
    const n = Number(v.limit);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) return (ctx.addIssue("limit must be a whole number from 1 to 100000."), z.NEVER);
    filter.limit = n;
  }
  return { filter, csv: v.format === "csv" };
});

/** The audit trail's window: either end may be open; wall times in `tz`; no longest (the trail keeps its own days). */
const AUDIT_WINDOW: WindowRule = { maxMs: Infinity, tooLong: () => "", wallTimesInTz: true };

/** The audit trail as CSV, newest first, formula-safe. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = [["Time (UTC)", "Actor", "Action", "Address", "Details"]];
  for (const e of entries) rows.push([new Date(e.time).toISOString(), e.actor, e.action, e.address ?? "", JSON.stringify(e.details)]);
  return csvDocument(rows);
}
