/**
 * The families agent states fall into, and the one key an activity is known by. Kore.ai documents
 * only `notready`, so common spellings are recognised and anything else is shown as sent,
 * readably, in the family `other`. Pure: no I/O, no React, no configuration.
 */

/** A state's family: its icon, colour, place in the order, and which thresholds apply to it. */
export type StateFamily = "ready" | "busy" | "acw" | "notready" | "offline" | "other" | "none";

/** Families in the order a supervisor scans a floor. */
export const FAMILY_ORDER: readonly StateFamily[] = ["ready", "busy", "acw", "notready", "other", "offline", "none"];

/** The families a labels config may put an activity in (`none` is "no activity at all"). */
export const ASSIGNABLE_FAMILIES = ["ready", "busy", "acw", "notready", "offline", "other"] as const satisfies readonly StateFamily[];

/**
 * Logged in: in a known state other than logged out. The one rule for "logged-in time" (the
 * reports, the drill-down's totals, the digest), "logged in now" (the headline, the wallboard's
 * tiles off the floor), a shift's first login (flags, the reports' first login and last logout)
 * and who adherence may judge as working.
 */
export const isLoggedIn = (family: StateFamily): boolean => family !== "offline" && family !== "none";

/** The key of an agent without any activity (and of "no reason", "no team" in filters). */
export const NO_STATE = "none";

/**
 * The one key an activity is known by everywhere (labels config, thresholds, filters, counts):
 * lower case, letters and digits only. `NOT_READY` and `notready` are one state; `away2` is not `away`.
 */
export const activityKey = (activity: string): string => activity.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Built-in names of the activities Kore.ai and its peers commonly send, by key. */
export const BUILT_IN: Readonly<Record<string, { family: StateFamily; label: string }>> = {
  ready: { family: "ready", label: "Ready" },
  available: { family: "ready", label: "Available" },
  idle: { family: "ready", label: "Ready" },
  busy: { family: "busy", label: "Busy" },
  oncall: { family: "busy", label: "On call" },
  incall: { family: "busy", label: "On call" },
  talking: { family: "busy", label: "On call" },
  acw: { family: "acw", label: "After-call work" },
  aftercallwork: { family: "acw", label: "After-call work" },
  wrapup: { family: "acw", label: "Wrap-up" },
  notready: { family: "notready", label: "Not ready" },
  away: { family: "notready", label: "Away" },
  offline: { family: "offline", label: "Logged out" },
  loggedout: { family: "offline", label: "Logged out" },
  logout: { family: "offline", label: "Logged out" },
};

/** `systemAway` → `System away`, `login_prep` → `Login prep`: an unknown activity, readable. */
export function humanize(activity: string): string {
  const words = activity
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : activity;
}
