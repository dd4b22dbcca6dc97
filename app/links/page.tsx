import type { Metadata } from "next";
import Link from "next/link";
import { WallboardLinkForm } from "@/components/wallboard-link-form";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Wallboard links · Floorview" };

export default async function LinksPage() {
  const { auth } = (await getRuntime()).config;
  return (
    <main className="mx-auto flex max-w-2xl flex-col gap-5 px-4 py-8">
      <Link href="/" className="w-fit text-sm font-semibold text-state-busy-ink hover:underline">
        ← All agents
      </Link>
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Wallboard links</h1>
        <p className="text-sm text-ink-muted">
          A read-only link for a TV: it opens the wallboard and the data the wallboard reads, nothing else, until it expires. Changing AUTH_SECRET revokes every link.
        </p>
      </div>
      {auth.mode === "password" ? (
        <WallboardLinkForm defaultDays={Math.round(auth.linkMs / 86_400_000)} />
      ) : (
        <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">
          This Floorview has no login, so a TV needs no link: open <a className="font-semibold underline" href="/wallboard">/wallboard</a>.
        </p>
      )}
    </main>
  );
}
