/**
 * The environment without libfaketime, for the servers a test starts (Postgres, redis-server):
 * a run under `faketime` (to prove the tests hold on any date) keeps them on the machine's real
 * clock, under which they do not hang. Their own time is never compared with the tests'.
 */
export function realClock(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, FAKETIME_SHARED: _shared, FAKETIME_DONT_FAKE_MONOTONIC: _monotonic, ...rest } = env;
  return rest;
}
