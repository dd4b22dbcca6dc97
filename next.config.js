// @ts-check

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (`.next/standalone`) for the Docker image: only the files it needs.
  output: "standalone",
  compress: true,
  // proxy.ts buffers at most this much of a body before it answers, and a route behind it then
  // gets only that much (Next's default is 10 MB): 1 MB, the most any route behind the proxy
  // takes. The launcher and proxy.ts refuse larger ones by their Content-Length first, and any
  // body without one (lib/auth/body-limit.ts), so no route ever reads a body cut short. A
  // schedule upload (32 MB) is not behind the proxy (proxy.ts: config.matcher).
  experimental: {
    proxyClientMaxBodySize: "1mb",
    // A clean checkout (CI) builds once: writing Turbopack's cache for a next build costs time for nothing.
    ...(process.env.CI && { turbopackFileSystemCacheForBuild: false }),
  },
  // `npm test` checks the types in a step of its own, beside the build (FLOORVIEW_BUILD_TYPES=skip);
  // a build on its own (npm run build, the Docker image) checks them as ever.
  typescript: { ignoreBuildErrors: process.env.FLOORVIEW_BUILD_TYPES === "skip" },
  // Every response, static files included; the Content-Security-Policy (with its per-request
  // nonce and the configurable frame-ancestors) is set in proxy.ts.
  async headers() {
    return [
      {
        // /api/agents gzips its body once per change and sends it as is
        // (lib/server/serve/agents-endpoint.ts): on its route, Next.js would drop the route's own
        // Content-Encoding and compress the body again on every request. Set here, the header
        // reaches the response before Next's compression looks, so that it steps aside. (Under
        // Floorview's launcher the endpoint answers before Next.js and sets it itself.) The
        // endpoint decides with `ownGzip` (lib/server/http/gzip-json.ts): the two must agree.
        source: "/api/agents",
        has: [{ type: "header", key: "accept-encoding", value: ".*\\bgzip\\b.*" }],
        headers: [{ key: "Content-Encoding", value: "gzip" }],
      },
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
