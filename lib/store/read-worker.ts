import "server-only";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

/**
 * The embedded store's large reads (a floor's day is hundreds of thousands of rows) on a thread
 * of their own, over a read-only connection of their own (WAL: a reader never waits for the
 * writer, and sees what was committed). SQLite steps through one batch of agents there while the
 * main thread counts the batch before, and the server's polls are answered meanwhile.
 *
 * For each agent it gives what the in-process read gives (`EventStore.readColumns` and its last
 * event before the window): the events over [from, to) in the key's order, each as its time and
 * state id, those at one instant in the order they were written; and the last event before
 * `before` (the latest instant; there, the one written last, then the highest state id).
 */
export interface BatchRead {
  /** Per agent, in the order asked: its events' times and state ids. */
  times: Float64Array[];
  states: Uint32Array[];
  /** Per agent, its last event before `before`, or null. */
  lasts: ({ time: number; state: number } | null)[];
  /** The highest state id read (a higher one than the store knows means it must read its states again). */
  maxState: number;
}

/** Plain JavaScript run by the worker (no bundling: it loads the driver by the path it is given). */
const SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const P = workerData.packed;
const events = db.prepare("SELECT (time - ?) * " + P + " + state FROM events WHERE agent = ? AND time >= ? AND time < ? ORDER BY time").pluck(true);
const tie = db.prepare("SELECT state FROM events WHERE agent = ? AND time = ? ORDER BY seq, state").pluck(true);
// The latest instant by an index seek, then the one written last there (ordering all of an agent's rows by seq would read them all).
const last = db.prepare("SELECT time, state FROM events WHERE agent = @agent AND time = (SELECT time FROM events WHERE agent = @agent AND time < @before ORDER BY time DESC LIMIT 1) ORDER BY seq DESC, state DESC LIMIT 1").raw(true);
parentPort.on("message", (m) => {
  try {
    const lists = [];
    let total = 0;
    for (const agent of m.agents) {
      const v = events.all(m.from, agent, m.from, m.to);
      lists.push(v);
      total += v.length;
    }
    const n = m.agents.length;
    const offsets = new Uint32Array(n + 1);
    const times = new Float64Array(total);
    const states = new Uint32Array(total);
    const lastTimes = new Float64Array(n).fill(NaN);
    const lastStates = new Uint32Array(n);
    let maxState = 0;
    let k = 0;
    for (let a = 0; a < n; a++) {
      const v = lists[a];
      const first = k;
      offsets[a] = k;
      for (let i = 0; i < v.length; i++, k++) {
        const s = v[i] % P;
        times[k] = m.from + (v[i] - s) / P;
        states[k] = s;
        if (s > maxState) maxState = s;
      }
      for (let i = first + 1; i < k; i++) {
        if (times[i] !== times[i - 1]) continue;
        let j = i + 1;
        while (j < k && times[j] === times[i]) j++;
        const inOrder = tie.all(m.agents[a], times[i]);
        for (let c = 0; c < inOrder.length && i - 1 + c < j; c++) states[i - 1 + c] = inOrder[c];
        i = j - 1;
      }
      const l = last.get({ agent: m.agents[a], before: m.before });
      if (l) {
        lastTimes[a] = l[0];
        lastStates[a] = l[1];
        if (l[1] > maxState) maxState = l[1];
      }
    }
    offsets[n] = k;
    parentPort.postMessage({ id: m.id, offsets, times, states, lastTimes, lastStates, maxState }, [offsets.buffer, times.buffer, states.buffer, lastTimes.buffer, lastStates.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String((err && err.message) || err) });
  }
});
`;

interface Reply {
  id: number;
  error?: string;
  offsets: Uint32Array;
  times: Float64Array;
  states: Uint32Array;
  lastTimes: Float64Array;
  lastStates: Uint32Array;
  maxState: number;
}

/** Where the driver is, for a worker that is not bundled; null when it cannot be found (the reads stay in process). */
function driverPath(): string | null {
  for (const base of [join(process.cwd(), "package.json"), import.meta.url]) {
    try {
      return createRequire(base).resolve("better-sqlite3");
    } catch {
      // the next place
    }
  }
  return null;
}

export class ReadWorker {
  private worker: Worker | null = null;
  private broken = false;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  /** `packed`: the factor a time and a state id are packed by (the state ids stay below it). */
  constructor(
    private readonly file: string,
    private readonly packed: number,
  ) {}

  /** False once the thread could not be started or failed: the caller reads in process. */
  get usable(): boolean {
    return !this.broken;
  }

  /** Starts the thread ahead of the first large read (it loads the driver and opens the store: tens of milliseconds). */
  prepare(): void {
    try {
      this.start();
    } catch {
      // read in process
    }
  }

  async read(agents: readonly number[], from: number, to: number, before: number): Promise<BatchRead> {
    const worker = this.start();
    const id = this.next++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, agents, from, to, before });
    });
    if (reply.error) throw new Error(`the store's read thread: ${reply.error}`);
    const times: Float64Array[] = [];
    const states: Uint32Array[] = [];
    const lasts: BatchRead["lasts"] = [];
    for (let a = 0; a < agents.length; a++) {
      // Views of the batch's columns (an agent's read is kept, and dropped, with its batch's).
      times.push(reply.times.subarray(reply.offsets[a]!, reply.offsets[a + 1]!));
      states.push(reply.states.subarray(reply.offsets[a]!, reply.offsets[a + 1]!));
      const t = reply.lastTimes[a]!;
      lasts.push(Number.isNaN(t) ? null : { time: t, state: reply.lastStates[a]! });
    }
    return { times, states, lasts, maxState: reply.maxState };
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.broken = true;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const driver = driverPath();
    if (this.broken || !driver) {
      this.broken = true;
      throw new Error("the store's read thread is not available");
    }
    const worker = new Worker(SOURCE, { eval: true, workerData: { driver, file: this.file, packed: this.packed } });
    // A thread reading for a request does not keep the process alive.
    worker.unref();
    worker.on("message", (r: Reply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      w?.resolve(r);
    });
    const fail = (err: Error) => {
      this.broken = true;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the store's read thread stopped (${code})`)));
    this.worker = worker;
    return worker;
  }
}
