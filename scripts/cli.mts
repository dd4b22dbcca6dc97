/** What Floorview's command-line tools share: flags, failing with a message, the project's `.env*` files. */
import { createRequire } from "node:module";

/** The value after `flag` on the command line, if any. */
export function arg(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : process.argv[i + 1];
}

export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Reads `.env*` from the current directory, as `npm start` does. */
export function loadEnv(): void {
  createRequire(import.meta.url)("@next/env").loadEnvConfig(process.cwd(), false);
}
