"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { LinkView } from "@/lib/api-types";
import { revokeLink } from "@/lib/queries/access";
import { formatLocal } from "@/lib/display/time";
import { TABLE_HEAD } from "./ui";

const when = (iso: string) => formatLocal(iso, { dateStyle: "medium", timeStyle: "short" });

/** The links in force (and the revoked ones, marked), each revocable by who manages it. */
export function LinkList({ links }: { links: LinkView[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const revoke = async (link: LinkView) => {
    if (!window.confirm(`Revoke this link (${link.describes})? Every TV showing it goes blank at its next refresh.`)) return;
    setBusy(link.id);
    setProblem(null);
    try {
      await revokeLink(link.id);
      router.refresh();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : "Could not revoke the link.");
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="links-heading" className="flex flex-col gap-2">
      <h2 id="links-heading" className="text-lg font-semibold">
        Links in force
      </h2>
      {problem && (
        <p role="alert" className="rounded-md bg-alert-surface px-3 py-2 text-sm">
          {problem}
        </p>
      )}
      {links.length === 0 ? (
        <p className="text-sm text-ink-muted">No link yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="w-full text-left text-sm">
            <thead className={TABLE_HEAD}>
              <tr>
                <th className="px-3 py-2">Shows</th>
                <th className="px-3 py-2">Made by</th>
                <th className="px-3 py-2">Made</th>
                <th className="px-3 py-2">Expires</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Status</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id} className="border-t border-line" data-link-id={l.id} data-revoked={l.revokedAt !== null || undefined}>
                  <td className="px-3 py-2">
                    <span className="font-medium">{l.describes}</span>
                    {l.options && <span className="block font-mono text-xs text-ink-muted">{l.options}</span>}
                  </td>
                  <td className="px-3 py-2">{l.createdBy}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{when(l.createdAt)}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{when(l.expiresAt)}</td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    {l.revokedAt !== null ? (
                      <span className="text-ink-muted" title={l.revokedBy ? `by ${l.revokedBy}` : undefined}>
                        Revoked {when(l.revokedAt)}
                      </span>
                    ) : l.revocable ? (
                      <button type="button" disabled={busy === l.id} onClick={() => void revoke(l)} className="rounded-md border border-alert px-3 py-1 font-semibold text-alert-ink hover:bg-alert-surface disabled:opacity-50">
                        Revoke
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
