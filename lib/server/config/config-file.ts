import "server-only";
import { readFile } from "node:fs/promises";
import { ConfigError } from "@/lib/config";

/**
 * A config file named by an environment variable (the labels config, the access config), read and
 * parsed at start: a file that cannot be read, or whose parser throws an error listing
 * `problems`, stops start-up with every problem, the variable and the path.
 */
export async function loadConfigFile<T>(variable: string, path: string, parse: (text: string) => T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError([`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return parse(text);
  } catch (err) {
    const problems = (err as { problems?: unknown }).problems;
    if (Array.isArray(problems)) throw new ConfigError(problems.map((p) => `${variable} (${path}): ${String(p)}`));
    throw err;
  }
}
