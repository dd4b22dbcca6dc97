import { ConnectionBanner } from "@/components/connection-banner";
import { SignedIn } from "@/components/signed-in";
import { SupervisorGrid } from "@/components/supervisor-grid";
import { loginOn } from "@/lib/auth/access";
import { can, ROLE_NAMES } from "@/lib/auth/identity";
import { servedPage } from "@/lib/server/viewer";
import { teamIn } from "@/lib/states/collate";

export const dynamic = "force-dynamic";

/** The grid, with the way to the wallboard, its links, the audit trail and out: plain HTML, no script. */
export default async function GridPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [s, params] = await Promise.all([servedPage(), searchParams]);
  const { config, labels } = s!.runtime;
  const who = s!.identity;
  const login = loginOn(config.auth);
  // The view in the address (sort, filters, groups), handed over as it came.
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of [value ?? []].flat()) query.append(name, v);
  // A team lead or a viewer is offered only their own teams.
  const teamNames = who?.teams ? labels.teamNames.filter((t) => teamIn(who.teams!, t)) : labels.teamNames;
  // Admins (everyone while the login is off) hear when Kore.ai's answers fail a check.
  const seesConnection = s!.viewer.kind === "everyone" || (who !== null && can.readDiagnostics(who));
  const connection = seesConnection ? s!.runtime.diagnostics.summary() : null;
  return (
    <>
      {/* The first stop of the keyboard: past the nav, the counts and the toolbar, to the rows. */}
      <a href="#agents" className="sr-only rounded-md bg-ink px-3 py-2 font-semibold text-surface focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50" data-field="skip-to-agents">
        Skip to agents
      </a>
      <nav aria-label="Floorview" className="mx-auto flex max-w-[1800px] flex-wrap items-center justify-end gap-x-4 gap-y-1 px-4 pt-3 text-sm font-semibold sm:px-6">
        {login && who && <SignedIn name={who.name} role={ROLE_NAMES[who.role]} teams={who.teams} />}
        <a href="/reports" className="text-state-busy-ink hover:underline">
          Reports
        </a>
        <a href="/schedules" className="text-state-busy-ink hover:underline">
          Schedules
        </a>
        <a href="/wallboard" className="text-state-busy-ink hover:underline">
          Wallboard
        </a>
        {seesConnection && (
          <a href="/connection" className="text-state-busy-ink hover:underline">
            Connection
          </a>
        )}
        {s!.runtime.alerts && who && can.seeAlerts(who) && (
          <a href="/alerts" className="text-state-busy-ink hover:underline">
            Alerts
          </a>
        )}
        {login && who && (
          <>
            {can.makeLinks(who) && (
              <a href="/links" className="text-state-busy-ink hover:underline">
                TV links
              </a>
            )}
            {can.readAudit(who) && (
              <a href="/audit" className="text-state-busy-ink hover:underline">
                Audit
              </a>
            )}
            <a href="/sessions" className="text-state-busy-ink hover:underline">
              {can.readAudit(who) ? "Signed in" : "My sessions"}
            </a>
            <form method="post" action="/api/auth/logout">
              <button type="submit" className="text-ink-muted hover:underline">
                Sign out
              </button>
            </form>
          </>
        )}
      </nav>
      {connection && <ConnectionBanner initial={connection} />}
      <SupervisorGrid refreshMs={config.clientRefreshMs} staleAfterMs={config.staleAfterMs} teamNames={teamNames} query={query.toString()} canExport={!who || can.export(who)} />
    </>
  );
}
