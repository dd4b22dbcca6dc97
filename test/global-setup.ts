import type { TestProject } from "vitest/node";
import { startSharedPostgres } from "./shared-postgres";

/**
 * Once per vitest run: one real PostgreSQL (Debian's) for every test file that needs one, each
 * test its own database on it (`sharedPostgres().newDatabase()`); a test that needs the store
 * down cuts a TCP proxy in front of it instead of stopping the server the others share.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A run that needs none (a mutant's test of pure code) says so and saves the server's start.
  if (process.env.FLOORVIEW_TEST_POSTGRES === "off") {
    project.provide("postgres", null);
    return async () => undefined;
  }
  const pg = await startSharedPostgres();
  project.provide("postgres", pg.info);
  return pg.stop;
}
