import "server-only";
import { EVERYTHING, type Scope } from "./scope";

/**
 * Who is signed in, and what that lets them do. Roles, widest first:
 * - admin: everything, every team, wallboard links of anyone, the audit trail;
 * - supervisor: every team, links, exports;
 * - teamlead: only their teams (links and exports inside them);
 * - viewer: read-only, their teams, no export, no link.
 * With the shared password everyone is a supervisor; with single sign-on the access config maps
 * identity-provider groups to a role and teams (lib/auth/access-file.ts).
 */
export const ROLES = ["admin", "supervisor", "teamlead", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = { admin: "Admin", supervisor: "Supervisor", teamlead: "Team lead", viewer: "Viewer" };

export interface Identity {
  /** Stable id: the identity provider's `sub`, or "password". */
  sub: string;
  /** For people: the user's name or e-mail. */
  name: string;
  role: Role;
  /** The teams they may see; null: every team. */
  teams: string[] | null;
  via: "password" | "oidc";
}

/** Everyone who signs in with the shared password. */
export const PASSWORD_IDENTITY: Identity = { sub: "password", name: "Supervisor (shared password)", role: "supervisor", teams: null, via: "password" };

/** What this person may see of the floor. */
export function scopeOf(who: Identity): Scope {
  return who.teams === null ? EVERYTHING : { ...EVERYTHING, teams: [...who.teams] };
}

/** What each role may do, in one place (the routes and the pages ask here, never by role name). */
export const can = {
  export: (who: Identity) => who.role !== "viewer",
  makeLinks: (who: Identity) => who.role !== "viewer",
  /** Every link, not only their own; team leads see the links inside their teams. */
  seeAllLinks: (who: Identity) => who.role === "admin" || who.role === "supervisor",
  readAudit: (who: Identity) => who.role === "admin",
  /** The connection's diagnostics (what Kore.ai answers, the Connection page, its banner). */
  readDiagnostics: (who: Identity) => who.role === "admin",
  /** Upload schedules (a team lead only for their own teams' agents). */
  editSchedules: (who: Identity) => who.role !== "viewer",
  /** Excuse adherence exceptions or make time neutral, and see those made (a team lead only in their own teams). */
  adjustAdherence: (who: Identity) => who.role !== "viewer",
  /** See the alert rules and the deliveries (a team lead: those about their teams), and send a test. */
  seeAlerts: (who: Identity) => who.role === "admin" || who.role === "supervisor",
};
