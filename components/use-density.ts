"use client";

import { useSyncExternalStore } from "react";
import { storageSignal } from "./stored-setting";

/**
 * Compact rows, chosen per browser (localStorage): 32 px instead of 44 px, so a laptop shows
 * about a third more agents. Read through useSyncExternalStore (the server renders the default),
 * and changed in every tab of this browser at once.
 */
const KEY = "floorview:compact";
const ROW_PX = { comfortable: 44, compact: 32, card: 68, compactCard: 56 } as const;

/** Below 640 px (Tailwind's `sm`), a row is a two-line card: name and time, then state and reason. */
const PHONE = "(max-width: 639.98px)";

function subscribePhone(listener: () => void): () => void {
  const query = window.matchMedia(PHONE);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

/** True on a phone-sized screen (false on the server: the first paint is the table, then cards). */
function usePhone(): boolean {
  return useSyncExternalStore(subscribePhone, () => window.matchMedia(PHONE).matches, () => false);
}

/** The grid's row height for this browser's choice and screen: every row equal, so the windowing never measures. */
export function useRowPx(): number {
  const compact = useCompact();
  const phone = usePhone();
  if (phone) return compact ? ROW_PX.compactCard : ROW_PX.card;
  return compact ? ROW_PX.compact : ROW_PX.comfortable;
}

const signal = storageSignal();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function setCompact(compact: boolean): void {
  try {
    if (compact) localStorage.setItem(KEY, "1");
    else localStorage.removeItem(KEY);
  } catch {}
  signal.changed();
}

export function useCompact(): boolean {
  return useSyncExternalStore(signal.subscribe, read, () => false);
}
