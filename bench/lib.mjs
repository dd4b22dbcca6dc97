/** Shared by the benchmarks: command-line numbers, and the production build on the simulator. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";

export function numberArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}

export function stringArg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

/** `node …args`, on the given CPUs when `cpus` is set (taskset, from util-linux). */
export function nodeCommand(args, cpus) {
  return cpus ? ["taskset", ["-c", cpus, process.execPath, ...args]] : [process.execPath, args];
}

export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/**
 * Starts the production build (`npm start`) on the built-in simulator and waits until the backfill is read
 * (upstream ok). The server is stopped when this process exits. `cpus`: pin it there (taskset).
 */
export async function startFloorview(port, env = {}, { cpus } = {}) {
  const [command, args] = nodeCommand(["scripts/start.mjs", "-p", String(port), "-H", "127.0.0.1"], cpus);
  const server = spawn(command, args, {
    env: { ...process.env, KORE_BASE_URL: "", LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", FLOORVIEW_DATA_DIR: mkdtempSync(join(tmpdir(), "floorview-bench-")), ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  };
  process.on("exit", stop);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const health = await (await fetch(`${base}/api/health`)).json();
      // Signed out (a login is on), health says only that the server is up: the caller signs in and waits for the feed.
      if (health.upstream ? health.upstream.status === "ok" : health.status === "ok") break;
    } catch {
      // Not listening yet.
    }
    if (i > 600) throw new Error("Floorview did not become ready in 2 minutes");
    await new Promise((r) => setTimeout(r, 200));
  }
  return { base, stop, pid: server.pid };
}

/**
 * Starts the simulator on its own (`npm run simulator`), so a benchmark can shape its history
 * before Floorview first reads it. Returns the KORE_* variables that point Floorview at it.
 */
export async function startStandaloneSimulator(port, env = {}, { cpus } = {}) {
  const [command, args] = nodeCommand(["--conditions=react-server", "--import", "tsx", "lib/simulator/cli.ts"], cpus);
  const sim = spawn(command, args, {
    env: { ...process.env, SIM_PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  process.on("exit", () => {
    try {
      process.kill(-sim.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/__sim/truth`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (i > 300) throw new Error("the simulator did not start in 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    koreEnv: {
      KORE_BASE_URL: url,
      KORE_ACCOUNT_ID: "sim-account",
      KORE_STREAM_ID: "st-simulator",
      KORE_CLIENT_ID: "cs-simulator",
      // The standalone simulator's printed demo credential (lib/simulator/cli.ts), not a secret.
      KORE_CLIENT_SECRET: "simulator-secret-change-me-0123456789",
      KORE_EVENT_TIMEZONE: "UTC",
    },
  };
}

/**
 * Keeps a benchmark's figures in `bench/results.json` (one entry per benchmark, the latest run),
 * for the results table in docs/benchmarks.md.
 */
export async function record(name, figures) {
  const { readFile, writeFile } = await import("node:fs/promises");
  const path = new URL("./results.json", import.meta.url);
  let all = {};
  try {
    all = JSON.parse(await readFile(path, "utf8"));
  } catch {
    // First run.
  }
  const os = await import("node:os");
  all[name] = { ...figures, at: new Date().toISOString(), cpus: os.cpus().length, node: process.version };
  await writeFile(path, `${JSON.stringify(all, null, 2)}\n`);
}
