import type { Metadata } from "next";
import Link from "next/link";
import { SchedulesView } from "@/components/schedules-view";
import { can } from "@/lib/auth/identity";
import { servedPage } from "@/lib/server/viewer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Schedules · Floorview" };

/** Upload a schedule (checked whole before anything is saved) and see any day's. */
export default async function SchedulesPage() {
  const s = await servedPage();
  const who = s?.identity ?? null;
  return (
    <>
      <nav aria-label="Floorview" className="mx-auto flex max-w-6xl flex-wrap items-center justify-end gap-x-4 gap-y-1 px-4 pt-3 text-sm font-semibold">
        <Link prefetch={false} href="/" className="mr-auto text-state-busy-ink hover:underline">
          ← Live grid
        </Link>
        <Link prefetch={false} href="/reports" className="text-state-busy-ink hover:underline">
          Reports
        </Link>
        <a href="/wallboard" className="text-state-busy-ink hover:underline">
          Wallboard
        </a>
      </nav>
      <SchedulesView canUpload={!who || can.editSchedules(who)} />
    </>
  );
}
