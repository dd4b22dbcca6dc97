"use client";

import { useMemo, useState, useSyncExternalStore } from "react";
import { browserTimeZone } from "@/lib/display/time";

const noSubscribe = () => () => {};
const allZones = () => (typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);

/**
 * A time-zone menu: the zone shown, the browser's and UTC at the top, then every IANA zone the
 * browser knows. The 400-odd zones are put in the menu when it is about to open (pointer down or
 * focus), not with the page: on a phone they were a third of the drill-down's first render.
 */
export function ZoneSelect({ value, onChange, className, ...rest }: { value: string; onChange: (zone: string) => void; className?: string; name?: string; "data-field"?: string }) {
  const [open, setOpen] = useState(false);
  const browser = useSyncExternalStore(noSubscribe, browserTimeZone, () => "UTC");
  const options = useMemo(() => [...new Set([value, browser, "UTC", ...(open ? allZones() : [])])], [value, browser, open]);
  const expand = () => setOpen(true);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} onPointerDown={expand} onFocus={expand} className={className} {...rest}>
      {options.map((z) => (
        <option key={z} value={z}>
          {z}
        </option>
      ))}
    </select>
  );
}
