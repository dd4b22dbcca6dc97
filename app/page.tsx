import { SupervisorGrid } from "@/components/supervisor-grid";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";

/** The grid, with the way to the wallboard, its links and out: plain HTML, no script. */
export default async function GridPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ config, labels }, params] = await Promise.all([getRuntime(), searchParams]);
  // The view in the address (sort, filters, groups), handed over as it came.
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) for (const v of [value ?? []].flat()) query.append(name, v);
  return (
    <>
      <nav aria-label="Floorview" className="mx-auto flex max-w-[1800px] justify-end gap-4 px-4 pt-3 text-sm font-semibold sm:px-6">
        <a href="/wallboard" className="text-state-busy-ink hover:underline">
          Wallboard
        </a>
        {config.auth.mode === "password" && (
          <>
            <a href="/links" className="text-state-busy-ink hover:underline">
              TV links
            </a>
            <form method="post" action="/api/auth/logout">
              <button type="submit" className="text-ink-muted hover:underline">
                Sign out
              </button>
            </form>
          </>
        )}
      </nav>
      <SupervisorGrid refreshMs={config.clientRefreshMs} staleAfterMs={config.staleAfterMs} teamNames={labels.teamNames} query={query.toString()} />
    </>
  );
}
