/**
 * The clock a test owns. Vitest loads this file before each test file (`setupFiles`): it puts a
 * `Date` in place whose "now" is the machine's clock moved by an offset, 0 until a test sets it.
 * `setClock(instant)` moves this process's clock to `instant`, from where it runs on at real speed
 * (timers, sockets and timeouts keep working), as `faketime` would move the whole machine's: the
 * simulator started after it generates its floor around that instant, and everything of
 * Floorview's that asks `Date.now()` or `new Date()` sees the same time. A test that needs a
 * particular day or hour (a night the clocks change, a month's end, the first minutes after
 * midnight) sets it here, never waits for the calendar to bring it.
 *
 * Installed before the test file's own imports, so a module that keeps `Date.now` aside still
 * reads this clock. Only this process is moved (Node's own internals, a child process, Postgres
 * and Redis keep the machine's time; the store keeps no time of its own).
 */

const RealDate = Date;
const realNow = RealDate.now.bind(RealDate);
const state = { offset: 0 };

const now = () => realNow() + state.offset;

function TestDate(this: unknown, ...args: unknown[]): Date | string {
  // `Date()` called without `new` answers a string of now, as the real one does.
  if (!new.target) return new RealDate(now()).toString();
  return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target) as Date;
}
TestDate.prototype = RealDate.prototype;
Object.setPrototypeOf(TestDate, RealDate);
TestDate.now = now;
TestDate.parse = RealDate.parse;
TestDate.UTC = RealDate.UTC;

const installed = (globalThis as { __floorviewTestClock?: boolean }).__floorviewTestClock;
if (!installed) {
  (globalThis as { __floorviewTestClock?: boolean }).__floorviewTestClock = true;
  globalThis.Date = TestDate as unknown as DateConstructor;
}

/** Moves this process's clock to `instant` (an ISO string or ms); it runs on from there. */
export function setClock(instant: string | number): number {
  const at = typeof instant === "number" ? instant : RealDate.parse(instant);
  if (!Number.isFinite(at)) throw new Error(`setClock: not an instant: ${instant}`);
  state.offset = at - realNow();
  return at;
}

/** Back to the machine's clock. */
export function resetClock(): void {
  state.offset = 0;
}
