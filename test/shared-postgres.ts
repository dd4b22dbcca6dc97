import { join } from "node:path";
import { inject } from "vitest";
import { binDir, run, startPostgres } from "./postgres";

/** The one Postgres of a vitest run (started by `test/global-setup.ts`), as the test files see it. */
export interface SharedPostgres {
  port: number;
  /** A new, empty database on it (named for this process, so files running at once never share one); its URL. */
  newDatabase(): string;
  /** The URL of a database reached through `port` (a `startTcpProxy` in front of it, which a test may cut). */
  urlVia(url: string, port: number): string;
}

let sharedDatabases = 0;

export function sharedPostgres(): SharedPostgres {
  const info = inject("postgres");
  if (!info) throw new Error("no Postgres for this run: vitest's globalSetup (test/global-setup.ts) starts one unless FLOORVIEW_TEST_POSTGRES=off");
  return {
    port: info.port,
    newDatabase() {
      const name = `floorview_${process.pid}_${++sharedDatabases}`;
      run(join(info.bin, "createdb"), ["-h", "127.0.0.1", "-p", String(info.port), "-U", "floorview", name]);
      return `postgres://floorview:test-password@127.0.0.1:${info.port}/${name}`;
    },
    urlVia(url, port) {
      const u = new URL(url);
      u.port = String(port);
      return u.href;
    },
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    postgres: { port: number; bin: string } | null;
  }
}


/** Starts the run's Postgres (globalSetup); what the test files need to reach it. */
export async function startSharedPostgres(): Promise<{ info: { port: number; bin: string }; stop: () => Promise<void> }> {
  const pg = await startPostgres();
  return { info: { port: pg.port, bin: binDir() }, stop: () => pg.destroy() };
}
