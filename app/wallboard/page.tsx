import type { Metadata } from "next";
import { Wallboard } from "@/components/wallboard";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Wallboard · Floorview" };

export default async function WallboardPage() {
  const { config } = await getRuntime();
  return <Wallboard refreshMs={config.clientRefreshMs} staleAfterMs={config.staleAfterMs} defaultPageMs={config.wallboardPageMs} />;
}
