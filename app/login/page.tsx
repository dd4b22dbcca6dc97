import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/login-form";
import { safeNext } from "@/lib/auth/tokens";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Floorview" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[]; link?: string | string[] }> }) {
  const [{ config }, params] = await Promise.all([getRuntime(), searchParams]);
  const next = safeNext(typeof params.next === "string" ? params.next : null);
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-5 px-4">
      <div>
        <h1 className="text-2xl font-bold tracking-tight">Floorview</h1>
        <p className="text-sm text-ink-muted">Live agent states. Sign in to see the floor.</p>
      </div>
      {params.link === "invalid" && (
        <p role="alert" className="rounded-md bg-alert-surface px-4 py-3 text-sm" data-link-invalid>
          This wallboard link no longer opens the floor: it was revoked, has expired, or was made by an older Floorview. Ask a supervisor for a new link, or sign in.
        </p>
      )}
      {config.auth.mode === "password" ? (
        <LoginForm next={next} />
      ) : (
        <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">
          This Floorview has no login ({config.auth.mode === "disabled" ? "a single sign-on proxy in front of it decides who gets in" : "it runs on the built-in simulator"}).{" "}
          <Link href="/" className="font-semibold text-state-busy-ink underline">
            Open the grid
          </Link>
        </p>
      )}
    </main>
  );
}
