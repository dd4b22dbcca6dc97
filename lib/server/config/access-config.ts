import "server-only";
import { parseAccessFile, type AccessGrants } from "@/lib/auth/access-file";
import { loadConfigFile } from "./config-file";

/** The access config of this server (FLOORVIEW_ACCESS_FILE); a bad file stops start-up with every problem and where it is. */
export async function loadAccess(path: string | null, teamNames: readonly string[]): Promise<AccessGrants> {
  if (path === null) return new Map();
  return loadConfigFile("FLOORVIEW_ACCESS_FILE", path, (text) => parseAccessFile(text, teamNames));
}
