import "server-only";
import type { Identity } from "@/lib/auth/identity";
import { csvDocument } from "@/lib/csv";
import { log } from "@/lib/log";
import type { AccessStore, AuditEntry, AuditFilter } from "@/lib/store/access-store";
import { isValidTimeZone } from "@/lib/time/zone";
import { instant } from "./timeline";

/**
 * The audit trail: sign-ins (with the client's address, failures too), sign-outs, links made and
 * revoked, exports (who, which scope, how many rows), schedules uploaded and settings changed, appended to the store.
 * Callers pass only what may be kept: never a password, a token or a cookie. A store that is down
 * does not stop a sign-in: the entry goes to the log instead, marked, and is counted.
 */
export const AUDIT_ACTIONS = ["sign_in", "sign_in_failed", "sign_out", "link_created", "link_revoked", "export", "schedule_uploaded", "settings_changed", "alert_test_sent", "session_ended", "sessions_ended"] as const;
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


/** The filters of `/api/audit` and `/audit` from a query string, or what is wrong with them. */
export function parseAuditFilter(q: URLSearchParams): { ok: true; filter: AuditFilter } | { ok: false; message: string } {
  const filter: AuditFilter = { limit: 1_000 };
  // The window by the rule every route follows (lib/server/timeline.ts's `instant`): a zone in
  // each instant, or the zone named in `tz` (the audit page's form sends wall times in UTC).
  const tz = q.get("tz");
  if (tz !== null && !isValidTimeZone(tz)) return { ok: false, message: `tz=${tz.slice(0, 40)} is not an IANA time zone (such as UTC or Europe/Berlin).` };
  for (const key of ["from", "to"] as const) {
    const t = instant(key, q.get(key), tz);
    if (typeof t === "string") return { ok: false, message: t };
    if (t !== null) filter[key] = t;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.from >= filter.to) return { ok: false, message: "from must be before to." };
  const action = q.get("action");
  if (action) {
    if (!AUDIT_ACTIONS.includes(action as AuditAction)) return { ok: false, message: `action must be one of ${AUDIT_ACTIONS.join(", ")}.` };
    filter.action = action;
  }
  const actor = q.get("actor")?.trim();
  if (actor) filter.actor = actor.slice(0, 200);
  const limit = q.get("limit");
  if (limit) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 100_000) return { ok: false, message: "limit must be a whole number from 1 to 100000." };
    filter.limit = n;
  }
  return { ok: true, filter };
}

/** The audit trail as CSV, newest first, formula-safe. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = [["Time (UTC)", "Actor", "Action", "Address", "Details"]];
  for (const e of entries) rows.push([new Date(e.time).toISOString(), e.actor, e.action, e.address ?? "", JSON.stringify(e.details)]);
  return csvDocument(rows);
}
