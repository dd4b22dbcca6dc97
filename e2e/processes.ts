import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentsSnapshot, HealthResponse } from "@/lib/api-types";

/** Servers and simulators a browser test starts itself (several instances, restarts, kills). */

export interface Proc {
  child: ChildProcess;
  output: () => string;
}

/** Starts a process with `env` added, collecting its output. A Floorview gets its own empty store unless `env` names one. */
export function run(command: string, args: string[], env: Record<string, string>): Proc {
  const dataDir = mkdtempSync(join(tmpdir(), "floorview-e2e-"));
  const child = spawn(command, args, { env: { ...process.env, FLOORVIEW_DATA_DIR: dataDir, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

export async function waitUntilUp(url: string, proc: Proc): Promise<void> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`exited at start:\n${proc.output()}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not come up:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGKILL: no clean shutdown, as a crash. */
export function kill(proc: Proc | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve();
    proc.child.once("exit", () => resolve());
    proc.child.kill("SIGKILL");
  });
}

export const health = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as HealthResponse;
export const agents = async (port: number) => ((await (await fetch(`http://127.0.0.1:${port}/api/agents`)).json()) as AgentsSnapshot).agents;
