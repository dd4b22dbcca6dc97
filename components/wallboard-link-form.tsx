"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createWallboardLink } from "@/lib/queries/access";
import { formatLocal } from "@/lib/display/time";
import { button } from "./ui";

interface Created {
  url: string;
  expiresAt: string;
}

/**
 * Creates a signed, read-only wallboard link for a TV, with its options and an expiry. The teams
 * offered are the ones the supervisor may see; the server keeps the link inside them anyway.
 */
export function WallboardLinkForm({ defaultDays, maxDays, teamNames }: { defaultDays: number; maxDays: number; teamNames: readonly string[] }) {
  const router = useRouter();
  const [days, setDays] = useState(defaultDays);
  const [teams, setTeams] = useState<string[]>([]);
  const [privacy, setPrivacy] = useState(false);
  const [states, setStates] = useState("");
  const [prefix, setPrefix] = useState("");
  const [theme, setTheme] = useState("dark");
  const [created, setCreated] = useState<Created | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    const options = new URLSearchParams();
    if (teams.length) options.set("teams", teams.join(","));
    if (privacy) options.set("privacy", "1");
    if (states.trim()) options.set("states", states.trim());
    if (prefix.trim()) options.set("prefix", prefix.trim());
    if (theme !== "dark") options.set("theme", theme);
    try {
      setCreated(await createWallboardLink(days, options));
      router.refresh();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : "Could not create the link.");
    }
  };

  const field = "rounded-md border border-line bg-surface px-3 py-1.5";
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2" aria-label="New wallboard link">
        <label className="flex flex-col gap-1 text-sm font-medium">
          Valid for (days)
          <input type="number" name="days" min={1} max={maxDays} required value={days} onChange={(e) => setDays(Number(e.target.value))} className={field} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Theme
          <select name="theme" value={theme} onChange={(e) => setTheme(e.target.value)} className={field}>
            <option value="dark">Dark</option>
            <option value="light">Light</option>
          </select>
        </label>
        {teamNames.length > 0 && (
          <fieldset className="flex flex-col gap-1 text-sm sm:col-span-2">
            <legend className="font-medium">Only these teams (none ticked: {teamNames.length === 1 ? "this team" : "every team you see"})</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1 pt-1">
              {teamNames.map((t) => (
                <label key={t} className="flex items-center gap-1.5">
                  <input type="checkbox" name="teams" value={t} checked={teams.includes(t)} onChange={(e) => setTeams((now) => (e.target.checked ? [...now, t] : now.filter((x) => x !== t)))} />
                  {t}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <label className="flex flex-col gap-1 text-sm font-medium">
          Only these states (optional)
          <input name="states" placeholder="notready,acw" value={states} onChange={(e) => setStates(e.target.value)} className={field} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Only names starting with (optional)
          <input name="prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} className={field} />
        </label>
        <label className="flex items-center gap-2 text-sm font-medium sm:col-span-2">
          <input type="checkbox" name="privacy" checked={privacy} onChange={(e) => setPrivacy(e.target.checked)} />
          Initials instead of names (for screens in public areas)
        </label>
        <button type="submit" className={button("primary", "md", "w-fit")}>
          Create link
        </button>
      </form>
      {problem && (
        <p role="alert" className="rounded-md bg-alert-surface px-3 py-2 text-sm">
          {problem}
        </p>
      )}
      {created && (
        <div className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-4" data-wallboard-link>
          <p className="text-sm text-ink-muted">Open this on the TV (kiosk mode). It works until {formatLocal(created.expiresAt, { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" })}.</p>
          <input readOnly value={created.url} className={`${field} font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} aria-label="Wallboard link" />
          <button type="button" className="w-fit rounded-md border border-line px-3 py-1.5 text-sm font-semibold" onClick={() => void navigator.clipboard?.writeText(created.url)}>
            Copy
          </button>
        </div>
      )}
    </div>
  );
}
