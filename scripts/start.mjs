#!/usr/bin/env node
/**
 * `npm start`: serves the production build with the self-contained server Next.js writes to
 * `.next/standalone`, through Floorview's launcher beside it (floorview-server.mjs: what the
 * Docker image runs), on `PORT` (default 3000). Like `next start`, it reads `.env*` files from the
 * project and takes `-p <port>` and `-H <host>`.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
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
process.env.PORT = arg("-p") ?? process.env.PORT ?? "3000";
// Every interface, as `next start` does; HOSTNAME from the environment is often the machine's name.
process.env.HOSTNAME = arg("-H") ?? "0.0.0.0";
createRequire(import.meta.url)("@next/env").loadEnvConfig(project, false);
await import(server);
