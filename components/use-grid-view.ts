"use client";

import { useCallback, useLayoutEffect, useMemo, useState } from "react";
import { gridViewParams, parseGridView, type GridView } from "@/lib/display/grid-view";
import { useQueryInAddress } from "./use-address";

/** Performance marks around a view change: `npm run bench:grid` reads `floorview:view`. */
const VIEW_MARK = "floorview:view-start";

export type ViewChange = (patch: Partial<GridView> | ((view: GridView) => Partial<GridView>)) => void;

/**
 * The grid's view (sort, filters, search, groups) as it lives in the URL: read once from the
 * page's query string, then held here and written back on each change (replacing the entry: no
 * history step per click), so a change renders at once, without a round through the router.
 */
export function useGridView(query: string): { view: GridView; problems: string[]; change: ViewChange } {
  const [{ view, problems }, setState] = useState(() => parseGridView(new URLSearchParams(query)));
  const change = useCallback<ViewChange>((patch) => {
    performance.mark(VIEW_MARK);
    setState((s) => ({ view: { ...s.view, ...(typeof patch === "function" ? patch(s.view) : patch) }, problems: s.problems }));
  }, []);
  useQueryInAddress(useMemo(() => gridViewParams(view).toString(), [view]));
  return { view, problems, change };
}

/** Ends the measure of a view change once the rows it produced have committed. */
export function useViewMeasure(rows: unknown): void {
  useLayoutEffect(() => {
    if (performance.getEntriesByName(VIEW_MARK, "mark").length === 0) return;
    performance.measure("floorview:view", VIEW_MARK);
    performance.clearMarks(VIEW_MARK);
  }, [rows]);
}
