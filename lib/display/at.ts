/**
 * `at=ISO` in a page's address (the grid's and the wallboard's past instant), read by one rule.
 * Apart from the grid's view module: the wallboard reads it without the grid's code.
 */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant to the second (ms); null when absent, or named in `problems` when it cannot be read. */
export function parseAt(value: string | null, problems: string[]): number | null {
  if (value === null) return null;
  const ms = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    problems.push(`at=${value.slice(0, 40)}: an instant such as 2026-12-03T10:32:00Z (the floor now without it)`);
    return null;
  }
  return Math.floor(ms / 1000) * 1000;
}

/** An instant as the address writes it: `2026-12-03T10:32:00Z`. */
export const atParam = (at: number) => new Date(at).toISOString().replace(".000Z", "Z");
