import type { Metadata } from "next";
import { LinkList } from "@/components/link-list";
import { WallboardLinkForm } from "@/components/wallboard-link-form";
import { SiteNav } from "@/components/site-nav";
import { loginOn } from "@/lib/auth/access";
import { can } from "@/lib/auth/identity";
import { pageNav, servedPage } from "@/lib/server/serve/viewer";
import { PageTitle } from "@/components/ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Wallboard links · Floorview" };

export default async function LinksPage() {
  const s = await servedPage();
  const auth = s?.runtime.config.auth;
  const who = s?.identity ?? null;
  const login = auth !== undefined && loginOn(auth);
  const links = login && who ? await s!.runtime.links.list(who) : [];
  return (
    <>
      {s && <SiteNav {...pageNav(s)} current="/links" />}
      <main className="mx-auto flex max-w-4xl flex-col gap-5 px-4 py-8">
        <PageTitle title="Wallboard links" lead="A read-only link for a TV: it opens the wallboard and only the agents it names, nothing else, until it expires or is revoked here. Changing AUTH_SECRET revokes every link." />
        {!login || !auth ? (
          <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">
            This Floorview has no login, so a TV needs no link: open <a className="font-semibold underline" href="/wallboard">/wallboard</a>.
          </p>
        ) : (
          <>
            {who && can.makeLinks(who) ? (
              <WallboardLinkForm defaultDays={Math.round(Math.min(auth.linkMs, auth.linkMaxMs) / 86_400_000)} maxDays={Math.round(auth.linkMaxMs / 86_400_000)} teamNames={who.teams ?? s!.runtime.labels.teamNames} />
            ) : (
              <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">Your role can watch the floor but not make wallboard links.</p>
            )}
            <LinkList links={links} />
          </>
        )}
      </main>
    </>
  );
}
