import type { StateFamily } from "@/lib/states/family";

/**
 * Each state family's classes, in one place, written out in full so Tailwind sees every class:
 * the chip or badge, the bar beside a row or tile, the band of the timeline, text on a tile.
 * The colours themselves are tokens in app/globals.css; a labels config's own colour replaces
 * the bar, band and border (the vocabulary's `customColour`), never the contrast-checked text.
 */
export const FAMILY_STYLE: Record<StateFamily, { badge: string; bar: string; fill: string; text: string }> = {
  ready: { badge: "bg-state-ready/15 text-state-ready-ink border-state-ready", bar: "bg-state-ready", fill: "fill-state-ready", text: "text-state-ready-ink" },
  busy: { badge: "bg-state-busy/15 text-state-busy-ink border-state-busy", bar: "bg-state-busy", fill: "fill-state-busy", text: "text-state-busy-ink" },
  acw: { badge: "bg-state-acw/15 text-state-acw-ink border-state-acw", bar: "bg-state-acw", fill: "fill-state-acw", text: "text-state-acw-ink" },
  notready: { badge: "bg-state-notready/15 text-state-notready-ink border-state-notready", bar: "bg-state-notready", fill: "fill-state-notready", text: "text-state-notready-ink" },
  offline: { badge: "bg-state-offline/15 text-state-offline-ink border-state-offline", bar: "bg-state-offline", fill: "fill-state-offline", text: "text-state-offline-ink" },
  other: { badge: "bg-state-other/15 text-state-other-ink border-state-other", bar: "bg-state-other", fill: "fill-state-other", text: "text-state-other-ink" },
  none: { badge: "bg-transparent text-state-none-ink border-state-none border-dashed", bar: "bg-state-none", fill: "fill-state-none", text: "text-state-none-ink" },
};
