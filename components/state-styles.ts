import type { StateFamily } from "@/lib/states/family";

/**
 * Each state family's classes, in one place, written out in full so Tailwind sees every class:
 * the chip or badge, the bar beside a row or tile, the band of the timeline, text on a tile (four
 * tables, so that a page loads only the ones it draws). The colours themselves are tokens in
 * app/globals.css; a labels config's own colour replaces the bar, band and border (the
 * vocabulary's `customColour`), never the contrast-checked text.
 */
export const FAMILY_BADGE: Record<StateFamily, string> = {
  ready: "bg-state-ready/15 text-state-ready-ink border-state-ready",
  busy: "bg-state-busy/15 text-state-busy-ink border-state-busy",
  acw: "bg-state-acw/15 text-state-acw-ink border-state-acw",
  notready: "bg-state-notready/15 text-state-notready-ink border-state-notready",
  offline: "bg-state-offline/15 text-state-offline-ink border-state-offline",
  other: "bg-state-other/15 text-state-other-ink border-state-other",
  none: "bg-transparent text-state-none-ink border-state-none border-dashed",
};

export const FAMILY_BAR: Record<StateFamily, string> = {
  ready: "bg-state-ready",
  busy: "bg-state-busy",
  acw: "bg-state-acw",
  notready: "bg-state-notready",
  offline: "bg-state-offline",
  other: "bg-state-other",
  none: "bg-state-none",
};

export const FAMILY_FILL: Record<StateFamily, string> = {
  ready: "fill-state-ready",
  busy: "fill-state-busy",
  acw: "fill-state-acw",
  notready: "fill-state-notready",
  offline: "fill-state-offline",
  other: "fill-state-other",
  none: "fill-state-none",
};

export const FAMILY_TEXT: Record<StateFamily, string> = {
  ready: "text-state-ready-ink",
  busy: "text-state-busy-ink",
  acw: "text-state-acw-ink",
  notready: "text-state-notready-ink",
  offline: "text-state-offline-ink",
  other: "text-state-other-ink",
  none: "text-state-none-ink",
};
