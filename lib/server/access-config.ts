import "server-only";
import { readFile } from "node:fs/promises";
import { AccessFileError, parseAccessFile, type AccessGrants } from "@/lib/auth/access-file";
import { ConfigError } from "@/lib/config";

/** The access config of this server (FLOORVIEW_ACCESS_FILE); a bad file stops start-up with every problem and where it is. */
export async function loadAccess(path: string | null, teamNames: readonly string[]): Promise<AccessGrants> {
  if (path === null) return new Map();
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError([`FLOORVIEW_ACCESS_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return parseAccessFile(text, teamNames);
  } catch (err) {
    if (err instanceof AccessFileError) throw new ConfigError(err.problems.map((p) => `FLOORVIEW_ACCESS_FILE (${path}): ${p}`));
    throw err;
  }
}
