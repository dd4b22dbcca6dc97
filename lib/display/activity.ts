import { currentLabels } from "@/lib/labels/current";
import { activityKey, type Labels } from "@/lib/labels/types";

/**
 * How an activity looks everywhere (grid, wallboard, timeline): one tone, one label. Kore.ai
 * documents only `notready`, so common spellings are recognised and anything else is shown as
 * sent, readably, in a neutral tone.
 */
export type StateTone = "ready" | "busy" | "acw" | "notready" | "offline" | "other" | "none";

export interface ActivityDisplay {
  tone: StateTone;
  label: string;
  /** A colour from the labels config for the state's bar, band and dot; absent: the tone's. */
  color?: string;
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

const NONE: ActivityDisplay = { tone: "none", label: "No activity" };

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

const described = new Map<string, ActivityDisplay>();
let describedFor: Labels | null = null;

/** The labels config's name, family and colour for an activity win over the built-in ones. */
export function describeActivity(activity: string | null): ActivityDisplay {
  if (activity === null) return NONE;
  const labels = currentLabels();
  if (describedFor !== labels) {
    described.clear();
    describedFor = labels;
  }
  let d = described.get(activity);
  if (!d) {
    const builtIn = KNOWN[activity.toLowerCase().replace(/[^a-z]/g, "")] ?? { tone: "other", label: humanize(activity) };
    const custom = labels.activities[activityKey(activity)];
    d = custom ? { tone: custom.tone ?? builtIn.tone, label: custom.label ?? builtIn.label, ...(custom.color && { color: custom.color }) } : builtIn;
    described.set(activity, d);
  }
  return d;
}
