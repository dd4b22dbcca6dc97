import type { Metadata } from "next";
import { ConnectionView } from "@/components/connection-view";
import { SiteNav } from "@/components/site-nav";
import { mayReadDiagnostics, pageNav, servedPage } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Connection · Floorview" };

/** What Kore.ai answers and whether Floorview reads it right: for admins (everyone while the login is off). */
export default async function ConnectionPage() {
  const s = await servedPage();
  const allowed = s !== null && mayReadDiagnostics(s);
  const kore = s?.runtime.config.kore;
  return (
    <>
      {s && <SiteNav {...pageNav(s)} current="/connection" />}
      <main className="mx-auto flex max-w-6xl flex-col gap-5 px-4 py-8">
        {allowed ? (
          <ConnectionView report={s.runtime.diagnostics.report()} target={kore ? `${kore.baseUrl}, account ${kore.accountId}` : "the built-in simulator"} />
        ) : (
          <p role="alert" className="rounded-md border border-line bg-surface px-4 py-3 text-sm">
            Only an admin may see the connection to Kore.ai.
          </p>
        )}
      </main>
    </>
  );
}
