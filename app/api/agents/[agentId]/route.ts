import { route } from "@/lib/server/http/http";
import { agentNowOf, served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * One agent's current state, from memory like `/api/agents` (never an upstream call): what the
 * drill-down's header polls, so a phone following one agent on a floor of thousands does not
 * fetch the whole floor every few seconds.
 */
export const GET = route(async (req, { params }: { params: Promise<{ agentId: string }> }) => agentNowOf(await served(req), (await params).agentId));
