/**
 * Floorview's launcher: what `npm start` and the Docker image run. `npm run build` copies it
 * beside Next.js's stand-alone `server.js`, which it starts unchanged, with a few additions. Each
 * request carries its socket address to the login throttle (below); a body over the limit is
 * refused before it is read (lib/auth/body-limit.ts, offered on globalThis), and one that arrives
 * too slowly is cut (below). And GET and HEAD of
 * `/api/agents` are answered before Next.js, by `serveAgents` from
 * lib/server/serve/agents-endpoint.ts (the module the route uses too, handed over on globalThis once the
 * server runs). Hundreds of screens poll that path; a pass through Next's proxy and route
 * machinery costs more than the answer itself and leaves objects behind that make every full
 * garbage collection longer: on one core, the slowest answers went from 50–70 ms to under 15 ms
 * (docs/benchmarks.md). Until the server has offered it, and for every other request, Next.js
 * answers as usual.
 *
 * And a clean shutdown ends. On SIGTERM Next.js closes the server and exits once every connection
 * has ended, but Node's `server.close()` ends only the connections idle at that instant: a browser
 * polling every second keeps reusing one that was busy then, and the process never exits (a
 * `docker stop` ends in SIGKILL, a test waiting for the exit waits for ever). Once the server
 * closes, every answer says `Connection: close`, idle connections are ended as they fall idle, and
 * after SHUTDOWN_GRACE_MS whatever is left (a request that never finishes) is cut.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";

const FAST_PATH = Symbol.for("floorview.serveAgents");
const BODY_CHECK = Symbol.for("floorview.checkBody");
// Each request's socket address, for the login throttle (lib/auth/session.ts: clientOf), under a
// header name drawn at start: a client cannot send it, so it cannot name its own address.
const PEER_HEADER = `x-floorview-peer-${randomBytes(12).toString("hex")}`;
globalThis[Symbol.for("floorview.peerHeader")] = PEER_HEADER;
/**
 * A request must arrive whole (head and body) within FLOORVIEW_UPLOAD_TIMEOUT_SECONDS (60 s: a
 * 32 MB schedule over 4.5 Mbit/s), its head within 20 s; else 408 and the connection closes, so a
 * slow sender cannot hold a body's memory and a connection for Node's default five minutes.
 * Checked every second. (The value is validated at start with the rest: lib/config.ts.)
 */
const uploadSeconds = Number(process.env.FLOORVIEW_UPLOAD_TIMEOUT_SECONDS);
const REQUEST_TIMEOUT_MS = (Number.isFinite(uploadSeconds) && uploadSeconds >= 5 ? Math.min(uploadSeconds, 3600) : 60) * 1000;
const TIMEOUTS = { requestTimeout: REQUEST_TIMEOUT_MS, headersTimeout: Math.min(20_000, REQUEST_TIMEOUT_MS), connectionsCheckingInterval: 1_000 };
const KEEP_ALIVE_MS = 65_000;
/** How long a refused upload's connection stays open, its body dropped, after the answer. */
const LINGER_MS = 2_000;
/** Within Docker's 10 seconds between SIGTERM and SIGKILL. */
const SHUTDOWN_GRACE_MS = 8_000;
const isAgents = (url) => url === "/api/agents" || url?.startsWith("/api/agents?");

const createServer = http.createServer;
http.createServer = function (...args) {
  let closing = false;
  const at = args.findIndex((a) => typeof a === "function");
  if (at >= 0) {
    const nextListener = args[at];
    args[at] = function floorview(req, res) {
      if (closing) res.setHeader("Connection", "close");
      req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
      // A body over the limit is refused before anyone reads it (lib/auth/body-limit.ts).
      const check = globalThis[BODY_CHECK];
      const verdict = check?.(req.method ?? "GET", (req.url ?? "/").split("?")[0], req.headers["content-length"] ?? null, req.headers["transfer-encoding"] !== undefined);
      if (verdict && !verdict.ok) {
        res.writeHead(verdict.status, {
          "Content-Type": "application/json; charset=utf-8",
          "Cache-Control": "no-store",
          "X-Content-Type-Options": "nosniff",
          "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
          Connection: "close",
        });
        // A lingering close: the body still on its way is read and dropped for a moment before
        // the connection goes, so that the client, still sending, reads this answer (closed at
        // once with its data unread, the socket resets and the client may lose the answer).
        const socket = req.socket;
        socket.destroySoon = function () {
          if (this.writable) this.end();
          const cut = setTimeout(() => this.destroy(), LINGER_MS).unref();
          this.once("close", () => clearTimeout(cut));
        };
        req.resume();
        res.end(JSON.stringify({ error: { code: verdict.code, message: verdict.message } }));
        return;
      }
      const serve = globalThis[FAST_PATH];
      if (serve && (req.method === "GET" || req.method === "HEAD") && isAgents(req.url)) {
        serve(req, res).catch((err) => {
          console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "request failed", path: "/api/agents", error: err instanceof Error ? err.message : String(err) }));
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        });
        return;
      }
      return nextListener.call(this, req, res);
    };
  }
  if (typeof args[0] === "object" && args[0] !== null) args[0] = { ...TIMEOUTS, ...args[0] };
  else args.unshift(TIMEOUTS);
  const server = createServer.apply(this, args);
  // An idle kept-alive connection is closed after 65 s, not Node's 5: a client (a load balancer,
  // whose idle timeout is commonly 60 s; a test's HTTP agent) that reuses one the server has just
  // closed gets ECONNRESET (a 502 behind the balancer). The server closes after its clients do.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  const close = server.close;
  server.close = function (...closeArgs) {
    if (!closing) {
      closing = true;
      const idle = setInterval(() => server.closeIdleConnections(), 100).unref();
      const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      server.once("close", () => {
        clearInterval(idle);
        clearTimeout(cut);
      });
    }
    return close.apply(this, closeArgs);
  };
  return server;
};

// Next's server.js changes directory to its own: a relative FLOORVIEW_DATA_DIR (default ./data)
// stays relative to where Floorview was started.
process.env.FLOORVIEW_LAUNCH_DIR ??= process.cwd();

await import("./server.js");
