import type { Metadata } from "next";
import { SiteNav } from "@/components/site-nav";
import { can } from "@/lib/auth/identity";
import { AUDIT_ACTIONS, auditQuery } from "@/lib/server/access/audit";
import { parseQuery } from "@/lib/server/http/query";
import { pageNav, servedPage } from "@/lib/server/serve/viewer";
import { button, PageTitle, TABLE_HEAD } from "@/components/ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit trail · Floorview" };

const when = (t: number) => new Date(t).toISOString().replace("T", " ").slice(0, 19);

/** The audit trail for admins: filter by actor, action and time (a plain GET form), download as CSV. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [s, params] = await Promise.all([servedPage(), searchParams]);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (typeof v === "string" && v) q.set(k, v);
  const who = s?.identity;
  const allowed = who !== null && who !== undefined && can.readAudit(who);
  const parsed = parseQuery(auditQuery, q);
  const entries = allowed && parsed.ok ? await s!.runtime.audit.list(parsed.value.filter) : [];
  const days = Math.round((s?.runtime.config.auth.auditMs ?? 0) / 86_400_000);
  const field = "rounded-md border border-line bg-surface px-3 py-1.5";
  return (
    <>
      {s && <SiteNav {...pageNav(s)} current="/audit" />}
      <main className="mx-auto flex max-w-6xl flex-col gap-5 px-4 py-8">
        <PageTitle title="Audit trail" lead={`Sign-ins (and failures, with the address), sign-outs, wallboard links made and revoked, exports. Kept ${days} days (FLOORVIEW_AUDIT_DAYS). Times in UTC.`} />
        {!allowed ? (
          <p role="alert" className="rounded-md border border-line bg-surface px-4 py-3 text-sm">
            Only an admin may read the audit trail.
          </p>
        ) : (
          <>
            <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the audit trail">
              <label className="flex flex-col gap-1 font-medium">
                Actor
                <input name="actor" defaultValue={q.get("actor") ?? ""} className={field} />
              </label>
              <label className="flex flex-col gap-1 font-medium">
                Action
                <select name="action" defaultValue={q.get("action") ?? ""} className={field}>
                  <option value="">Any</option>
                  {AUDIT_ACTIONS.map((a) => (
                    <option key={a} value={a}>
                      {a.replaceAll("_", " ")}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col gap-1 font-medium">
                From (UTC)
                <input name="from" type="datetime-local" defaultValue={q.get("from") ?? ""} className={field} />
              </label>
              <label className="flex flex-col gap-1 font-medium">
                To (UTC)
                <input name="to" type="datetime-local" defaultValue={q.get("to") ?? ""} className={field} />
              </label>
              {/* The fields' wall times are UTC's, said so with the request (never read in the server's own zone). */}
              <input type="hidden" name="tz" value="UTC" />
              <button type="submit" className={button("primary", "md", "py-1.5")}>
                Filter
              </button>
              <a href={`/api/audit?${new URLSearchParams([...q, ["format", "csv"]])}`} className="rounded-md border border-line px-3 py-1.5 font-semibold" data-field="audit-csv">
                Download CSV
              </a>
            </form>
            {!parsed.ok && (
              <p role="alert" className="rounded-md bg-alert-surface px-3 py-2 text-sm">
                {parsed.message}
              </p>
            )}
            <div className="overflow-x-auto rounded-lg border border-line bg-surface">
              <table className="w-full text-left text-sm">
                <thead className={TABLE_HEAD}>
                  <tr>
                    <th className="px-3 py-2">Time</th>
                    <th className="px-3 py-2">Actor</th>
                    <th className="px-3 py-2">Action</th>
                    <th className="px-3 py-2">Address</th>
                    <th className="px-3 py-2">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e, i) => (
                    <tr key={i} className="border-t border-line align-top" data-audit-action={e.action}>
                      <td className="px-3 py-2 whitespace-nowrap tabular-nums">{when(e.time)}</td>
                      <td className="px-3 py-2">{e.actor}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{e.action.replaceAll("_", " ")}</td>
                      <td className="px-3 py-2 font-mono text-xs">{e.address ?? ""}</td>
                      <td className="px-3 py-2 font-mono text-xs break-all">{JSON.stringify(e.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {entries.length === 0 && <p className="px-3 py-4 text-sm text-ink-muted">Nothing recorded matches.</p>}
            </div>
          </>
        )}
      </main>
    </>
  );
}
