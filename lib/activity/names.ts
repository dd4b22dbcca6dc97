/**
 * `Amara Adeyemi` → `A.A.`: initials for screens in public areas. Idempotent (`A.A.` stays
 * `A.A.`), so a name the server has already reduced is shown as it came.
 */
export function initialsOf(name: string): string {
  return name
    .split(/[\s.]+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toUpperCase()}.`)
    .join("");
}
