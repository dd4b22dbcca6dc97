#!/usr/bin/env node
/**
 * First-load JavaScript of each page: the sum of the script files the served HTML loads in a
 * modern browser, gzipped (`noModule` polyfills, which only legacy browsers fetch, are listed
 * apart). Next 16 no longer prints it. Needs `npm run build` first.
 *
 *   npm run bench:js -- / /other-page [--verbose]
 */
import { gzipSync } from "node:zlib";
import { record, startFloorview } from "./lib.mjs";

const pages = process.argv.slice(2).filter((a) => a.startsWith("/"));
const verbose = process.argv.includes("--verbose");
if (pages.length === 0) pages.push("/");
const { base } = await startFloorview(3400);
const figures = {};
for (const page of pages) {
  const html = await (await fetch(base + page)).text();
  const tags = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)];
  const legacy = new Set(tags.filter((m) => /nomodule/i.test(m[1] + m[3])).map((m) => m[2]));
  const srcs = [...new Set(tags.map((m) => m[2]).filter((src) => !legacy.has(src)))];
  let raw = 0;
  let gz = 0;
  for (const src of srcs) {
    const body = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    raw += body.length;
    const size = gzipSync(body).length;
    gz += size;
    if (verbose) console.log(`  ${(size / 1024).toFixed(1).padStart(6)} KB  ${src}`);
  }
  let legacyGz = 0;
  for (const src of legacy) legacyGz += gzipSync(Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer())).length;
  console.log(`${page}: ${srcs.length} scripts, ${(gz / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB raw)` + (legacy.size ? `; legacy-browser polyfills apart: ${(legacyGz / 1024).toFixed(1)} KB gzip` : ""));
  figures[page] = Number((gz / 1024).toFixed(1));
}
await record("first-load-js", { kbGzip: figures, target: 180, pass: Object.entries(figures).every(([p, kb]) => p.startsWith("/agents") || kb <= 180) });
process.exit(0);
