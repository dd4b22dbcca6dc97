import { SupervisorGrid } from "@/components/supervisor-grid";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

export default async function GridPage() {
  const { config } = await getRuntime();
  return <SupervisorGrid refreshMs={config.clientRefreshMs} />;
}
