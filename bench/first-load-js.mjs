#!/usr/bin/env node
/**
 * First-load JavaScript of each page: the sum of the script files the served HTML loads,
 * gzipped. Next 16 no longer prints it. Needs `npm run build` first.
 *
 *   npm run bench:js -- / /other-page
 */
import { gzipSync } from "node:zlib";
import { startFloorview } from "./lib.mjs";

const pages = process.argv.slice(2).filter((a) => a.startsWith("/"));
if (pages.length === 0) pages.push("/");
const { base } = await startFloorview(3400);
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
