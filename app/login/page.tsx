import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/login-form";
import { safeNext } from "@/lib/auth/tokens";
import { getRuntime } from "@/lib/server/runtime";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Floorview" };

/** What a failed single sign-on tells the person (the details are in the audit trail and the log). */
const SSO_ERRORS: Record<string, string> = {
  no_group: "You signed in, but none of your groups has access to Floorview. Ask a Floorview admin to add one of your groups to the access config.",
  state: "That sign-in did not come back as it left (an old or altered link, or it was started in another browser). Start again.",
  token: "The identity provider's answer could not be verified, so you are not signed in. Try again; if it keeps happening, tell your Floorview admin.",
  provider: "The identity provider did not sign you in (cancelled or refused there).",
  unavailable: "The identity provider cannot be reached just now. Try again in a minute.",
};

type Params = { next?: string | string[]; link?: string | string[]; sso_error?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [{ config }, params] = await Promise.all([getRuntime(), searchParams]);
  const next = safeNext(typeof params.next === "string" ? params.next : null);
  const { auth } = config;
  const ssoError = typeof params.sso_error === "string" ? SSO_ERRORS[params.sso_error] : undefined;
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
      {ssoError && (
        <p role="alert" className="rounded-md bg-alert-surface px-4 py-3 text-sm" data-sso-error={params.sso_error}>
          {ssoError}
        </p>
      )}
      {auth.mode === "sso" && (
        <a href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`} className="rounded-md bg-brand px-4 py-2 text-center font-semibold text-white">
          Sign in with single sign-on
        </a>
      )}
      {auth.mode === "sso" && auth.password && <p className="text-center text-xs text-ink-muted uppercase">or with the shared password</p>}
      {auth.password ? (
        <LoginForm next={next} />
      ) : auth.mode !== "sso" ? (
        <p className="rounded-md border border-line bg-surface px-4 py-3 text-sm">
          This Floorview has no login ({auth.mode === "disabled" ? "a single sign-on proxy in front of it decides who gets in" : "it runs on the built-in simulator"}).{" "}
          <Link prefetch={false} href="/" className="font-semibold text-brand-ink underline">
            Open the grid
          </Link>
        </p>
      ) : null}
    </main>
  );
}
