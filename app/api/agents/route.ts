import { getAgents } from "@/lib/server/serve/agents-endpoint";

export const dynamic = "force-dynamic";

/**
 * Every agent's current state. lib/server/serve/agents-endpoint.ts answers it (door, ETag, 304, gzip,
 * 405, errors); under `npm start` the launcher hands GET and HEAD to it before Next.js, and this
 * route serves the rest (and everything under `next dev`).
 */
export { getAgents as GET, getAgents as POST, getAgents as PUT, getAgents as PATCH, getAgents as DELETE };
