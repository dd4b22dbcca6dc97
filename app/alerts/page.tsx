import type { Metadata } from "next";
import { AlertsView } from "@/components/alerts-view";
import { SiteNav } from "@/components/site-nav";
import { can } from "@/lib/auth/identity";
import { pageNav, servedPage } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Alerts · Floorview" };

/** The alert rules in force, the latest deliveries with their status and latency, and a test per channel. */
export default async function AlertsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const s = await servedPage();
  // A message's "Acknowledge" link: that alert's form open.
  const ack = (await searchParams).ack;
  const who = s?.identity ?? null;
  const allowed = who !== null && can.seeAlerts(who);
  return (
    <>
      <SiteNav {...pageNav(s!)} current="/alerts" />
      {allowed ? (
        <AlertsView focus={typeof ack === "string" ? ack.slice(0, 2_000) : null} />
      ) : (
        <main className="mx-auto max-w-6xl px-4 py-8">
          <h1 className="text-2xl font-bold">Alerts</h1>
          <p role="alert" className="mt-4 rounded-md border border-line bg-surface px-4 py-3 text-sm">
            Only an admin or a supervisor may see the alerts.
          </p>
        </main>
      )}
    </>
  );
}
