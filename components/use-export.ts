"use client";

import { useState } from "react";
import { recordExport } from "@/lib/queries/exports";

/**
 * A CSV made in the browser from what a page shows, audited first (`recordExport`): refused,
 * nothing is downloaded and `problem` says why. The download's code is loaded on the click.
 */
export function useAuditedExport(): { problem: string | null; run: (what: string, rows: number, filename: string, csv: () => string) => Promise<void> } {
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (what: string, rows: number, filename: string, csv: () => string) => {
    setProblem(null);
    try {
      await recordExport(what, rows);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : "The export was refused.");
      return;
    }
    const { downloadText } = await import("./download");
    downloadText(filename, csv(), "text/csv;charset=utf-8");
  };
  return { problem, run };
}
