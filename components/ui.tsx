import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/**
 * The few pieces every page draws alike: its title with a line under it, and buttons (as a class,
 * for a `<button>` or a link that acts as one). Server and browser components both use them.
 */

/** A page's title and, under it, what the page is for. */
export function PageTitle({ title, lead, className }: { title: ReactNode; lead?: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      {lead && <p className="text-sm text-ink-muted">{lead}</p>}
    </div>
  );
}

const BUTTON = {
  /** The one thing the page is for (sign in, save, create): the brand colour. */
  primary: "bg-brand font-semibold text-white hover:brightness-110 disabled:opacity-50",
  /** Anything else. */
  secondary: "border border-line bg-surface font-semibold hover:bg-surface-muted disabled:opacity-50",
  /** What ends or removes something. */
  danger: "border border-alert font-semibold text-alert-ink hover:bg-alert-surface disabled:opacity-50",
} as const;

/** A button's classes: its kind and its size (`sm` in toolbars and rows, `md` for a form's action). */
export function button(kind: keyof typeof BUTTON = "secondary", size: "sm" | "md" = "md", className?: string): string {
  return cn("rounded-md", size === "sm" ? "px-3 py-1.5 text-sm" : "px-4 py-2", BUTTON[kind], className);
}

/** A table's head row: small, spaced capitals in the muted ink (every table of the app). */
export const TABLE_HEAD = "text-xs tracking-wide text-ink-muted uppercase";
