import type { Metadata } from "next";
import { LabelsScope } from "@/components/labels-scope";
import { Wallboard } from "@/components/wallboard";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Wallboard · Floorview" };

export default async function WallboardPage() {
  const { config, labels, thresholds } = await getRuntime();
  return (
    <LabelsScope labels={labels}>
      <Wallboard refreshMs={config.clientRefreshMs} thresholds={thresholds} defaultPageMs={config.wallboardPageMs} />
    </LabelsScope>
  );
}
