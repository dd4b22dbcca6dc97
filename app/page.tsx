import { ConnectionBanner } from "@/components/connection-banner";
import { SiteNav } from "@/components/site-nav";
import { SupervisorGrid } from "@/components/supervisor-grid";
import { can } from "@/lib/auth/identity";
import { mayReadDiagnostics, pageNav, servedPage, teamNamesOf } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** The grid, under the nav every page has (every page the role may open, who is signed in, the way out). */
export default async function GridPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [s, params] = await Promise.all([servedPage(), searchParams]);
  const { config } = s!.runtime;
  const who = s!.identity;
  // The view in the address (sort, filters, groups), handed over as it came.
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of [value ?? []].flat()) query.append(name, v);
  // A team lead or a viewer is offered only their own teams.
  const teamNames = teamNamesOf(s!);
  // Admins (everyone while the login is off) hear when Kore.ai's answers fail a check.
  const seesConnection = mayReadDiagnostics(s!);
  const connection = seesConnection ? s!.runtime.diagnostics.summary() : null;
  return (
    <>
      {/* The first stop of the keyboard: past the nav, the counts and the toolbar, to the rows. */}
      <a href="#agents" className="sr-only rounded-md bg-ink px-3 py-2 font-semibold text-surface focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50" data-field="skip-to-agents">
        Skip to agents
      </a>
      <SiteNav {...pageNav(s!)} current="/" />
      {connection && <ConnectionBanner initial={connection} />}
      <SupervisorGrid refreshMs={config.clientRefreshMs} staleAfterMs={config.staleAfterMs} teamNames={teamNames} query={query.toString()} canExport={!who || can.export(who)} />
    </>
  );
}
