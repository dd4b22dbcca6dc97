#!/usr/bin/env node
/**
 * First-load JavaScript of each page: the sum of the script files the served HTML loads,
 * gzipped. Next 16 no longer prints it. Needs `npm run build` first.
 *
 *   npm run bench:js -- / /other-page
 */
import { spawn } from "node:child_process";
import { gzipSync } from "node:zlib";

const pages = process.argv.slice(2).filter((a) => a.startsWith("/"));
if (pages.length === 0) pages.push("/");
const port = 3400;
const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env: { ...process.env, KORE_BASE_URL: "", LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1" },
  stdio: "ignore",
  detached: true,
});
process.on("exit", () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {}
  if (i > 300) throw new Error("server did not start");
  await new Promise((r) => setTimeout(r, 200));
}
for (const page of pages) {
  const html = await (await fetch(base + page)).text();
  const srcs = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]))];
  let raw = 0;
  let gz = 0;
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    raw += body.length;
    gz += gzipSync(body).length;
  }
  console.log(`${page}: ${srcs.length} scripts, ${(gz / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB raw)`);
}
process.exit(0);
