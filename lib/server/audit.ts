import "server-only";
import type { Identity } from "@/lib/auth/identity";
import { log } from "@/lib/log";
import type { AccessStore, AuditEntry, AuditFilter } from "@/lib/store/access-store";

/**
 * The audit trail: sign-ins (with the client's address, failures too), sign-outs, links made and
 * revoked, exports (who, which scope, how many rows) and settings changed, appended to the store.
 * Callers pass only what may be kept: never a password, a token or a cookie. A store that is down
 * does not stop a sign-in: the entry goes to the log instead, marked, and is counted.
 */
export type AuditAction = "sign_in" | "sign_in_failed" | "sign_out" | "link_created" | "link_revoked" | "export" | "settings_changed";

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
