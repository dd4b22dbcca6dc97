import "server-only";
import { readFile } from "node:fs/promises";
import { ConfigError } from "@/lib/config";
import { LabelsError, parseLabels, type ParsedLabels } from "@/lib/states/labels-file";

/**
 * The labels config for this server: the file in FLOORVIEW_LABELS_FILE; without one, `fallback`
 * (on the simulator, the sample it ships with its agents dealt into teams, handed in by the
 * runtime); otherwise none, and codes show as sent. A bad file stops start-up with every problem
 * and where it is.
 */
export async function loadLabels(path: string | null, fallback: string | null = null): Promise<ParsedLabels> {
  if (path === null) return parseLabels(fallback ?? "{}");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError([`FLOORVIEW_LABELS_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return parseLabels(text);
  } catch (err) {
    if (err instanceof LabelsError) throw new ConfigError(err.problems.map((p) => `FLOORVIEW_LABELS_FILE (${path}): ${p}`));
    throw err;
  }
}
