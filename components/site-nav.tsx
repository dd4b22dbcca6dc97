import { cn } from "@/lib/cn";
import { SignedIn } from "./signed-in";

export interface SiteNavProps {
  /** The pages this viewer may open, in order (lib/server/serve/viewer.ts's `pageNav`). */
  items: readonly { href: string; label: string }[];
  /** Who is signed in (with the login on). */
  person: { name: string; role: string; teams: readonly string[] | null } | null;
  signOut: boolean;
  /** This page's path: marked, not offered. */
  current: string;
  /** Left out when printed (the reports' print view). */
  className?: string;
}

/**
 * Floorview's navigation, the same on every page a person reads: who is signed in and their
 * teams, every page the role may open (this one marked), and the way out. Plain links and a
 * form: no script.
 */
export function SiteNav({ items, person, signOut, current, className }: SiteNavProps) {
  return (
    <nav aria-label="Floorview" className={cn("mx-auto flex max-w-[1800px] flex-wrap items-center justify-end gap-x-4 gap-y-1 px-4 pt-3 text-sm font-semibold sm:px-6", className)}>
      {person ? <SignedIn name={person.name} role={person.role} teams={person.teams} /> : <span className="mr-auto" />}
      {items.map((item) =>
        item.href === current ? (
          <span key={item.href} aria-current="page" className="text-ink underline decoration-2 underline-offset-4">
            {item.label}
          </span>
        ) : (
          <a key={item.href} href={item.href} className="text-brand-ink hover:underline">
            {item.label}
          </a>
        ),
      )}
      {signOut && (
        <form method="post" action="/api/auth/logout">
          <button type="submit" className="text-ink-muted hover:underline">
            Sign out
          </button>
        </form>
      )}
    </nav>
  );
}
