import type { Metadata } from "next";
import { SessionList } from "@/components/session-list";
import { SiteNav } from "@/components/site-nav";
import { loginOn } from "@/lib/auth/access";
import { can } from "@/lib/auth/identity";
import { pageNav, servedPage } from "@/lib/server/serve/viewer";
import { PageTitle } from "@/components/ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sessions · Floorview" };

/** Who is signed in (an admin: everyone; anyone else: their own), each session endable; "sign out everywhere". */
export default async function SessionsPage() {
  const s = await servedPage();
  const auth = s?.runtime.config.auth;
  const who = s?.identity ?? null;
  const login = auth !== undefined && loginOn(auth);
  const current = s?.viewer.kind === "session" ? s.viewer.session.sid : null;
  const sessions = login && who ? await s!.runtime.sessions.list({ ...who, sid: current }) : [];
  const admin = who !== null && can.readAudit(who);
  return (
    <>
      {s && <SiteNav {...pageNav(s)} current="/sessions" />}
      <main className="mx-auto flex max-w-5xl flex-col gap-5 px-4 py-8">
        <PageTitle
          title={admin ? "Who is signed in" : "Your sessions"}
          lead={admin ? "Every session in force, with the role it was signed in with. Ending one signs that browser out at its next request, on every Floorview instance, within a second." : "Every browser you are signed in on. Ending one signs it out at its next request."}
        />
        {!login || !who ? (
          <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">This Floorview has no login: there are no sessions to end.</p>
        ) : (
          <SessionList sessions={sessions} admin={admin} self={who.sub} sharedPassword={who.via === "password"} />
        )}
      </main>
    </>
  );
}
