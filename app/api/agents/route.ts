import { agentsNotAllowed, getAgents } from "@/lib/server/agents-endpoint";

export const dynamic = "force-dynamic";

/** Every agent's current state: lib/server/agents-endpoint.ts serves it (ETag, 304, gzip, 405, errors). */
export { getAgents as GET, agentsNotAllowed as POST, agentsNotAllowed as PUT, agentsNotAllowed as PATCH, agentsNotAllowed as DELETE };
