import "server-only";
import { parseLabels, type ParsedLabels } from "@/lib/states/labels-file";
import { loadConfigFile } from "./config-file";

/**
 * The labels config for this server: the file in FLOORVIEW_LABELS_FILE; without one, `fallback`
 * (on the simulator, the sample it ships with its agents dealt into teams, handed in by the
 * runtime); otherwise none, and codes show as sent. A bad file stops start-up with every problem
 * and where it is.
 */
export async function loadLabels(path: string | null, fallback: string | null = null): Promise<ParsedLabels> {
  if (path === null) return parseLabels(fallback ?? "{}");
  return loadConfigFile("FLOORVIEW_LABELS_FILE", path, parseLabels);
}
