/**
 * When the server boots: starts the poller (and the built-in simulator when no tenant is set),
 * then lets Floorview's launcher answer `/api/agents` itself (lib/server/serve/agents-endpoint.ts).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` loads this too: nothing is started (no simulator, no store opened) for a build.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootOrExit } = await import("./lib/server/runtime");
  await bootOrExit();
  const { offerFastPath } = await import("./lib/server/serve/agents-endpoint");
  offerFastPath();
  const { offerBodyCheck } = await import("./lib/server/http/body-check");
  offerBodyCheck();
}
