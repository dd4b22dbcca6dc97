/** Starts the poller (and the built-in simulator when no tenant is set) when the server boots. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootOrExit } = await import("./lib/server/runtime");
  await bootOrExit();
}
