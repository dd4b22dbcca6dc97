import type { Metadata } from "next";
import { SchedulesView } from "@/components/schedules-view";
import { SiteNav } from "@/components/site-nav";
import { can } from "@/lib/auth/identity";
import { pageNav, servedPage } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Schedules · Floorview" };

/** Upload a schedule (checked whole before anything is saved), see any day's, and review its adherence exceptions. */
export default async function SchedulesPage() {
  const s = await servedPage();
  const who = s?.identity ?? null;
  return (
    <>
      <SiteNav {...pageNav(s!)} current="/schedules" />
      <SchedulesView canUpload={!who || can.editSchedules(who)} canAdjust={!who || can.adjustAdherence(who)} />
    </>
  );
}
