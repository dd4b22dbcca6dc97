/**
 * A per-browser setting kept in localStorage, for useSyncExternalStore: `subscribe` hears changes
 * made by this page (`changed()` after a write) and by other tabs (the `storage` event).
 */
export function storageSignal(): { subscribe: (listener: () => void) => () => void; changed: () => void } {
  const listeners = new Set<() => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      window.addEventListener("storage", listener);
      return () => {
        listeners.delete(listener);
        window.removeEventListener("storage", listener);
      };
    },
    changed() {
      for (const l of listeners) l();
    },
  };
}
