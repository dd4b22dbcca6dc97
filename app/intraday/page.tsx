import type { Metadata } from "next";
import { IntradayView } from "@/components/intraday-view";
import { SiteNav } from "@/components/site-nav";
import { can } from "@/lib/auth/identity";
import { pageNav, servedPage, teamNamesOf } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Intraday · Floorview" };

/** The floor against its plan, interval by interval: the day, team, interval and thresholds live in the address. */
export default async function IntradayPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [s, params] = await Promise.all([servedPage(), searchParams]);
  const who = s!.identity;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of [value ?? []].flat()) query.append(name, v);
  // A team lead or a viewer is offered only their own teams.
  const teamNames = teamNamesOf(s!);
  return (
    <>
      <SiteNav {...pageNav(s!)} current="/intraday" />
      <IntradayView query={query.toString()} teamNames={teamNames} canExport={!who || can.export(who)} />
    </>
  );
}
