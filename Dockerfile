# syntax=docker/dockerfile:1
# Floorview: build once, run the self-contained server (output: "standalone") as a non-root user.
#   docker build -t floorview .
#   docker run -p 3000:3000 floorview                          # the built-in simulator
#   docker run -p 3000:3000 --env-file floorview.env floorview # your tenant (see docs/deploy.md)

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# better-sqlite3 (the embedded store) compiles from source when its prebuilt binary cannot be fetched.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc* ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
# Only what the server needs: the traced server with its node_modules, and the static files
# (`npm run build` puts them beside it).
COPY --from=build --chown=node:node /app/.next/standalone ./
# The embedded store (FLOORVIEW_DATA_DIR): keep it on a volume, or it goes with the container.
RUN mkdir -p /app/data && chown node:node /app/data
ENV FLOORVIEW_DATA_DIR=/app/data
VOLUME /app/data
USER node
EXPOSE 3000
# /api/health answers 200 while the server runs (the upstream's own state is in its body).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Floorview's launcher starts Next's server.js and answers /api/agents before it (scripts/floorview-server.mjs).
CMD ["node", "floorview-server.mjs"]
