"use client";

import { useState, type FormEvent } from "react";
import { signInWithPassword } from "@/lib/queries/access";
import { button } from "./ui";

/** The password, sent once as JSON; on success a full page load so the new cookie is used. */
export function LoginForm({ next }: { next: string }) {
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signInWithPassword(password);
      window.location.assign(next);
    } catch (err) {
      setProblem(err instanceof Error ? err.message : "Could not sign in.");
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-3" aria-label="Sign in">
      <label className="flex flex-col gap-1 text-sm font-medium">
        Password
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          required
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className="rounded-md border border-line bg-surface px-3 py-2 text-base"
        />
      </label>
      {problem && (
        <p role="alert" className="rounded-md bg-alert-surface px-3 py-2 text-sm">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy} className={button("primary")}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
