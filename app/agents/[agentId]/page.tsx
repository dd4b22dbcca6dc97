import type { Metadata } from "next";
import { AgentDrilldown } from "@/components/agent-drilldown";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Agent · Floorview" };

/** Page params arrive still percent-encoded (route handlers get them decoded). */
function decoded(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

export default async function AgentPage({ params }: { params: Promise<{ agentId: string }> }) {
  const [{ agentId }, { config }] = await Promise.all([params, getRuntime()]);
  return <AgentDrilldown agentId={decoded(agentId)} refreshMs={config.clientRefreshMs} staleAfterMs={config.staleAfterMs} />;
}
