"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { SessionView } from "@/lib/api-types";
import { formatLocal } from "@/lib/display/time";
import { endSessions } from "@/lib/queries/access";
import { TABLE_HEAD } from "./ui";

const when = (iso: string) => formatLocal(iso, { dateStyle: "medium", timeStyle: "short" });
const ROLE: Record<string, string> = { admin: "Admin", supervisor: "Supervisor", teamlead: "Team lead", viewer: "Viewer" };

/** Sessions in force, each endable; a person's all at once ("sign out everywhere" for oneself). */
export function SessionList({ sessions, admin, self, sharedPassword }: { sessions: SessionView[]; admin: boolean; self: string; sharedPassword: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const act = async (key: string, question: string, which: { id: string } | { sub: string }, after: () => void) => {
    if (!window.confirm(question)) return;
    setBusy(key);
    setProblem(null);
    try {
      await endSessions(which);
      after();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : "Could not end the session.");
    } finally {
      setBusy(null);
    }
  };
  const endOne = (s: SessionView) =>
    act(s.id, s.current ? "End this session? You will be signed out here." : `End ${s.name}'s session from ${s.address ?? "an unknown address"}? That browser is signed out at its next request.`, { id: s.id }, () => (s.current ? router.push("/login") : router.refresh()));
  const endAll = (sub: string, name: string) =>
    act(`all:${sub}`, sub === self ? "Sign out of every browser you are signed in on, this one too?" : `End every session of ${name}?`, { sub }, () => (sub === self ? router.push("/login") : router.refresh()));

  const people = [...new Map(sessions.map((s) => [s.sub, s.name])).entries()];
  return (
    <section aria-labelledby="sessions-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Sessions in force
        </h2>
        {sharedPassword ? (
          <p className="text-sm text-ink-muted">The shared password is one identity for everyone who has it: sign out ends this browser only.</p>
        ) : (
          <button type="button" disabled={busy !== null} onClick={() => void endAll(self, "you")} className="rounded-md border border-alert px-3 py-1 text-sm font-semibold text-alert-ink hover:bg-alert-surface disabled:opacity-50" data-field="sign-out-everywhere">
            Sign out everywhere
          </button>
        )}
      </div>
      {problem && (
        <p role="alert" className="rounded-md bg-alert-surface px-3 py-2 text-sm">
          {problem}
        </p>
      )}
      {sessions.length === 0 ? (
        <p className="text-sm text-ink-muted">Nobody is signed in.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Sessions in force, newest first</caption>
            <thead className={TABLE_HEAD}>
              <tr>
                <th className="px-3 py-2">Who</th>
                <th className="px-3 py-2">Role</th>
                <th className="px-3 py-2">Since</th>
                <th className="px-3 py-2">Until</th>
                <th className="px-3 py-2">From</th>
                <th className="px-3 py-2">
                  <span className="sr-only">End</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id} className="border-t border-line" data-session-id={s.id} data-sub={s.sub}>
                  <td className="px-3 py-2">
                    <span className="font-medium">{s.name}</span>
                    {s.current && <span className="ml-2 rounded bg-surface-muted px-1.5 py-0.5 text-xs">this browser</span>}
                    <span className="block text-xs text-ink-muted">{s.via === "oidc" ? "single sign-on" : "shared password"}</span>
                  </td>
                  <td className="px-3 py-2">
                    {ROLE[s.role] ?? s.role}
                    {s.teams && <span className="block text-xs text-ink-muted">{s.teams.join(", ")}</span>}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{when(s.since)}</td>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{when(s.expiresAt)}</td>
                  <td className="px-3 py-2">
                    <span className="tabular-nums">{s.address ?? "—"}</span>
                    {s.userAgent && <span className="block max-w-56 truncate text-xs text-ink-muted" title={s.userAgent}>{s.userAgent}</span>}
                  </td>
                  <td className="px-3 py-2 text-right whitespace-nowrap">
                    <button type="button" disabled={busy !== null} onClick={() => void endOne(s)} className="rounded-md border border-alert px-3 py-1 font-semibold text-alert-ink hover:bg-alert-surface disabled:opacity-50" data-field="end-session">
                      End
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {admin && people.length > 1 && (
        <div className="flex flex-wrap gap-2 text-sm">
          {people
            .filter(([sub]) => sub !== self)
            .map(([sub, name]) => (
              <button key={sub} type="button" disabled={busy !== null} onClick={() => void endAll(sub, name)} className="rounded-md border border-line px-3 py-1 hover:bg-surface-muted disabled:opacity-50" data-field="end-all" data-sub={sub}>
                End all of {name}&rsquo;s sessions
              </button>
            ))}
        </div>
      )}
    </section>
  );
}
