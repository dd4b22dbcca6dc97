import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realClock } from "./real-clock";
import { freePort } from "./redis";

/**
 * A real PostgreSQL (Debian's package) for tests: a fresh cluster in a temporary directory, on a
 * free loopback port, run as the `postgres` user when started as root (Postgres refuses root).
 */
export interface TestPostgres {
  url: string;
  port: number;
  dir: string;
  /** Stops the server (fast shutdown), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** A new, empty database on this server; its URL. */
  newDatabase(): string;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  if (!versions[0]) throw new Error("no PostgreSQL server found: apt-get install -y postgresql (or set PG_BIN to its bin directory)");
  return join(root, versions[0], "bin");
}

const asRoot = process.getuid?.() === 0;


export function run(command: string, args: string[]): void {
  const full = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] as const : [command, args] as const;
  const r = spawnSync(full[0], full[1], { encoding: "utf8", env: realClock(process.env) });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${r.stderr || r.stdout || r.error?.message}`);
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "floorview-pg-"));
  if (asRoot) {
    const pg = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    chownSync(dir, Number(pg.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, "data");
  run(join(bin, "initdb"), ["-D", data, "-U", "floorview", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  const start = async () => {
    run(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-w", "-t", "30", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`, "start"]);
  };
  await start();
  run(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "floorview", "floorview"]);
  const stop = async () => run(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
  let databases = 0;
  const newDatabase = () => {
    const name = `floorview_${++databases}`;
    run(join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "floorview", name]);
    return `postgres://floorview:test-password@127.0.0.1:${port}/${name}`;
  };
  return {
    newDatabase,
    url: `postgres://floorview:test-password@127.0.0.1:${port}/floorview`,
    port,
    dir,
    stop,
    start,
    destroy: async () => {
      try {
        await stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
