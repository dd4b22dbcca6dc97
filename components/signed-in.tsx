/** Who is signed in, as what, and which teams they see: always in sight, so nobody mistakes a team's view for the floor. */
export function SignedIn({ name, role, teams }: { name: string; role: string; teams: readonly string[] | null }) {
  return (
    <span className="mr-auto flex flex-wrap items-baseline gap-x-2 font-normal text-ink-muted" data-field="signed-in">
      <span className="font-semibold text-ink">{name}</span>
      <span>{role}</span>
      <span data-field="scope">{teams === null ? "· every team" : `· ${teams.length ? teams.join(", ") : "no team"}`}</span>
    </span>
  );
}
