/**
 * Runs the simulator on its own, as a stand-in Kore.ai tenant: `npm run simulator`.
 * Point Floorview at it with the KORE_* variables it prints.
 */
import { startSimulator } from "./server";

const env = process.env;
/** A demo credential for a loopback simulator, not a secret: printed so Floorview can use it. */
const DEMO_SECRET = "simulator-secret-change-me-0123456789";
const options = {
  host: env.SIM_HOST ?? "127.0.0.1",
  port: Number(env.SIM_PORT ?? 4010),
  agents: Number(env.SIM_AGENTS ?? 40),
  seed: env.SIM_SEED ?? "floorview",
  accountId: env.SIM_ACCOUNT_ID ?? "sim-account",
  streamId: env.SIM_STREAM_ID ?? "st-simulator",
  clientId: env.SIM_CLIENT_ID ?? "cs-simulator",
  clientSecret: env.SIM_CLIENT_SECRET ?? DEMO_SECRET,
  enforceJti: env.SIM_ENFORCE_JTI === "true",
  timeZone: env.SIM_TIMEZONE ?? "UTC",
  rateLimitPerMinute: Number(env.SIM_RATE_LIMIT_PER_MINUTE ?? 60),
  historyHours: Number(env.SIM_HISTORY_HOURS ?? 192),
  // SIM_LIVE=false: the floor keeps its history and changes only by injected events (exact tests).
  live: env.SIM_LIVE !== "false",
  // SIM_DIALECT=iso,keys,…: answer as a tenant that differs from Kore.ai's page (lib/simulator/dialect.ts).
  dialect: env.SIM_DIALECT,
};

startSimulator(options)
  .then((sim) => {
    console.log(`Kore.ai simulator listening on ${sim.url} with ${options.agents} agents.`);
    console.log("Point Floorview at it with:");
    console.log(`  KORE_BASE_URL=${sim.url}`);
    console.log(`  KORE_ACCOUNT_ID=${options.accountId}`);
    console.log(`  KORE_STREAM_ID=${options.streamId}`);
    console.log(`  KORE_CLIENT_ID=${options.clientId}`);
    console.log(`  KORE_CLIENT_SECRET=${options.clientSecret === DEMO_SECRET ? DEMO_SECRET : "<the value of SIM_CLIENT_SECRET>"}`);
    console.log(`  KORE_EVENT_TIMEZONE=${options.timeZone}`);
    const stop = () => void sim.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  })
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
