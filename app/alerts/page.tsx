import type { Metadata } from "next";
import Link from "next/link";
import { AlertsView } from "@/components/alerts-view";
import { can } from "@/lib/auth/identity";
import { servedPage } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Alerts · Floorview" };

/** The alert rules in force, the latest deliveries with their status and latency, and a test per channel. */
export default async function AlertsPage() {
  const s = await servedPage();
  const who = s?.identity ?? null;
  const allowed = who !== null && can.seeAlerts(who);
  return (
    <>
      <nav aria-label="Floorview" className="mx-auto flex max-w-6xl flex-wrap items-center justify-end gap-x-4 gap-y-1 px-4 pt-3 text-sm font-semibold">
        <Link prefetch={false} href="/" className="mr-auto text-state-busy-ink hover:underline">
          ← Live grid
        </Link>
        <Link prefetch={false} href="/reports" className="text-state-busy-ink hover:underline">
          Reports
        </Link>
        <Link prefetch={false} href="/schedules" className="text-state-busy-ink hover:underline">
          Schedules
        </Link>
      </nav>
      {allowed ? (
        <AlertsView />
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
