"use client";

import { useSyncExternalStore } from "react";

/**
 * Compact rows, chosen per browser (localStorage): 32 px instead of 44 px, so a laptop shows
 * about a third more agents. Read through useSyncExternalStore (the server renders the default),
 * and changed in every tab of this browser at once.
 */
const KEY = "floorview:compact";
export const ROW_PX = { comfortable: 44, compact: 32 } as const;

const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

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
  for (const l of listeners) l();
}

export function useCompact(): boolean {
  return useSyncExternalStore(subscribe, read, () => false);
}
