import type { Metadata } from "next";
import { AgentDrilldown } from "@/components/agent-drilldown";
import { SiteNav } from "@/components/site-nav";
import { getRuntime } from "@/lib/server/runtime";
import { unlessRefused } from "@/lib/server/http/http";
import { agentNowOf, pageNav, servedPage } from "@/lib/server/serve/viewer";

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

/**
 * The header (who, what now) is in the page as it arrives, from memory as `/api/agents/{id}`
 * answers it: nothing in it moves when the client takes over; the charts follow.
 */
export default async function AgentPage({ params }: { params: Promise<{ agentId: string }> }) {
  const [{ agentId }, s, { config }] = await Promise.all([params, servedPage(), getRuntime()]);
  const id = decoded(agentId);
  const now = s ? unlessRefused(() => agentNowOf(s, id)) : null;
  return (
    <>
      {s && <SiteNav {...pageNav(s)} current="" className="print:hidden" />}
      <AgentDrilldown agentId={id} initialAgent={now} refreshMs={config.clientRefreshMs} staleAfterMs={config.staleAfterMs} />
    </>
  );
}
