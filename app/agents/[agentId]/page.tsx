import type { Metadata } from "next";
import { AgentDrilldown } from "@/components/agent-drilldown";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Agent · Floorview" };

export default async function AgentPage({ params }: { params: Promise<{ agentId: string }> }) {
  const [{ agentId }, { config }] = await Promise.all([params, getRuntime()]);
  return <AgentDrilldown agentId={decodeURIComponent(agentId)} refreshMs={config.clientRefreshMs} />;
}
