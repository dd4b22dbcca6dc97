import "server-only";
import { z } from "zod";
import { ROLES, type Identity, type Role } from "./identity";
import { teamIn } from "@/lib/states/collate";

/**
 * The access config: which identity-provider groups get which role and teams. JSON, at the path
 * in FLOORVIEW_ACCESS_FILE; validated at start like the labels config, every problem named with
 * its place. Team names must be teams of the labels config.
 *
 *   {
 *     "groups": {
 *       "floorview-admins":      { "role": "admin" },
 *       "contact-centre-sups":   { "role": "supervisor" },
 *       "billing-team-leads":    { "role": "teamlead", "teams": ["Billing"] },
 *       "quality-analysts":      { "role": "viewer", "teams": ["Billing", "Sales"] }
 *     }
 *   }
 *
 * A user in several groups gets the widest role among them; a team lead or viewer sees the union
 * of the teams of their groups; a group of an admin or a supervisor grants every team.
 */

const grant = z
  .strictObject({
    role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
    teams: z.array(z.string().trim().min(1, "a team name must not be empty"), { error: "must be a list of team names" }).optional(),
  })
  .refine((g) => g.role === "admin" || g.role === "supervisor" || (g.teams !== undefined && g.teams.length > 0), "a teamlead or a viewer needs its teams")
  .refine((g) => !((g.role === "admin" || g.role === "supervisor") && g.teams !== undefined), "an admin or a supervisor sees every team: leave teams out");

const file = z.strictObject({
  $schema: z.string().optional(),
  groups: z.record(z.string().trim().min(1, "a group name must not be empty"), grant),
});

export type AccessGrants = ReadonlyMap<string, { role: Role; teams: readonly string[] | null }>;

export class AccessFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "AccessFileError";
  }
}

/** Parses the file's JSON text against the labels config's teams; throws AccessFileError listing every problem. */
export function parseAccessFile(json: string, teamNames: readonly string[]): AccessGrants {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new AccessFileError([`not valid JSON (${(err as Error).message})`]);
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) throw new AccessFileError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)));
  const problems: string[] = [];
  const grants = new Map<string, { role: Role; teams: string[] | null }>();
  for (const [group, g] of Object.entries(parsed.data.groups)) {
    for (const t of g.teams ?? []) if (!teamIn(teamNames, t)) problems.push(`groups.${group}.teams: "${t}" is not a team of the labels config (${teamNames.join(", ") || "it has none"})`);
    grants.set(group, { role: g.role, teams: g.teams ?? null });
  }
  if (problems.length) throw new AccessFileError(problems);
  return grants;
}

const RANK: Record<Role, number> = { admin: 0, supervisor: 1, teamlead: 2, viewer: 3 };

/** The role and teams of a user in `groups`; null when no group of theirs is mapped. */
export function grantOf(grants: AccessGrants, groups: readonly string[]): Pick<Identity, "role" | "teams"> | null {
  const mine = groups.map((g) => grants.get(g)).filter((g) => g !== undefined);
  if (!mine.length) return null;
  const role = mine.reduce((best, g) => (RANK[g.role] < RANK[best] ? g.role : best), mine[0]!.role);
  if (role === "admin" || role === "supervisor") return { role, teams: null };
  const teams = [...new Set(mine.filter((g) => g.role === role).flatMap((g) => g.teams ?? []))].sort();
  return { role, teams };
}

/** The groups claim of an ID token or userinfo: a list, or one string (some providers). */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
  const v = claims[claim];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === "string");
  return typeof v === "string" ? [v] : [];
}
