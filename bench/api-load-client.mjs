/**
 * One load process of `bench/api-load.mjs`: `clients` keep-alive clients polling `/api/agents` like
 * browsers (every second, gzip, each with the ETag of its own last answer), spread over the
 * second. Sends back every answer's status, latency (request written → last byte) and size, and
 * its own event-loop delay: a load process that is itself late would inflate the latencies.
 *
 *   node bench/api-load-client.mjs <url> <clients> <seconds> <first-client-index> <all-clients>
 */
import http from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";

const [url, clients, seconds, first, all] = [new URL(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6])];
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

function get(agent, etag) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { "Accept-Encoding": "gzip", ...(etag && { "If-None-Match": etag }) } }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - started, bytes, etag: res.headers.etag, encoding: res.headers["content-encoding"] }));
    });
    req.on("error", reject);
  });
}

const results = [];
const until = Date.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, i) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let etag;
    // Browsers opened at different times: clients spread over the second.
    await new Promise((r) => setTimeout(r, ((first + i) * 1000) / all));
    while (Date.now() < until) {
      const next = Date.now() + 1000;
      const r = await get(agent, etag);
      etag = r.etag ?? etag;
      results.push([r.status, r.ms, r.bytes, r.encoding ?? "identity"]);
      await new Promise((res) => setTimeout(res, Math.max(0, next - Date.now())));
    }
    agent.destroy();
  }),
);
process.send({ results, delayP99Ms: delay.percentile(99) / 1e6, delayMaxMs: delay.max / 1e6 }, () => process.exit(0));
