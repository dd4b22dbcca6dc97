/**
 * How an activity looks everywhere (grid, wallboard, timeline): one tone, one label. Kore.ai
 * documents only `notready`, so common spellings are recognised and anything else is shown as
 * sent, readably, in a neutral tone.
 */
export type StateTone = "ready" | "busy" | "acw" | "notready" | "offline" | "other" | "none";

export interface ActivityDisplay {
  tone: StateTone;
  label: string;
}

const KNOWN: Record<string, ActivityDisplay> = {
  ready: { tone: "ready", label: "Ready" },
  available: { tone: "ready", label: "Available" },
  idle: { tone: "ready", label: "Ready" },
  busy: { tone: "busy", label: "Busy" },
  oncall: { tone: "busy", label: "On call" },
  incall: { tone: "busy", label: "On call" },
  talking: { tone: "busy", label: "On call" },
  acw: { tone: "acw", label: "After-call work" },
  aftercallwork: { tone: "acw", label: "After-call work" },
  wrapup: { tone: "acw", label: "Wrap-up" },
  notready: { tone: "notready", label: "Not ready" },
  away: { tone: "notready", label: "Away" },
  offline: { tone: "offline", label: "Logged out" },
  loggedout: { tone: "offline", label: "Logged out" },
  logout: { tone: "offline", label: "Logged out" },
};

/** Tones in the order a supervisor scans a floor. */
export const TONE_ORDER: readonly StateTone[] = ["ready", "busy", "acw", "notready", "other", "offline", "none"];

function humanize(activity: string): string {
  const words = activity
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : activity;
}

export function describeActivity(activity: string | null): ActivityDisplay {
  if (activity === null) return { tone: "none", label: "No activity" };
  return KNOWN[activity.toLowerCase().replace(/[^a-z]/g, "")] ?? { tone: "other", label: humanize(activity) };
}
