#!/usr/bin/env node
/**
 * `npm start`: serves the production build with the self-contained server Next.js writes to
 * `.next/standalone`, through Floorview's launcher beside it (floorview-server.mjs: what the
 * Docker image runs), on `PORT` (default 3000). Like `next start`, it reads `.env*` files from the
 * project and takes `-p <port>` and `-H <host>` (else PORT and HOSTNAME).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { resolve } from "node:path";

const project = process.cwd();
const server = resolve(project, ".next/standalone/floorview-server.mjs");
if (!existsSync(server)) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
if (!existsSync(resolve(project, ".next/standalone/.next/static"))) {
  console.error("The build's static files are not beside the server: run `npm run build` (it puts them there).");
  process.exit(1);
}
const arg = (flag) => {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : process.argv[i + 1];
};
// `.env*` first, so that PORT and HOSTNAME there count too (the process's own environment wins).
createRequire(import.meta.url)("@next/env").loadEnvConfig(project, false);
process.env.PORT = arg("-p") ?? process.env.PORT ?? "3000";
// HOSTNAME (e.g. 127.0.0.1 behind a reverse proxy on the same machine), else every interface, as
// `next start` does. A HOSTNAME that is this machine's own name (Docker and some shells set it so)
// was not chosen for Floorview: it is not taken as the address to bind.
const envHost = process.env.HOSTNAME?.trim();
process.env.HOSTNAME = arg("-H") ?? (envHost && envHost !== hostname() ? envHost : "0.0.0.0");
await import(server);
