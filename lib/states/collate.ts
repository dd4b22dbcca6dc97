/**
 * Text in the order people read it (the viewer's locale), with one collator per page: a
 * `localeCompare` builds a collator on every call, and sorting a floor of 5,000 names made
 * 60,000 of them.
 */
let text: Intl.Collator | null = null;
let codes: Intl.Collator | null = null;

/** As `a.localeCompare(b)`. */
export function compareText(a: string, b: string): number {
  text ??= new Intl.Collator();
  return text.compare(a, b);
}

/** As `a.localeCompare(b, undefined, { numeric: true })`: reason code "2" before "10". */
export function compareCodes(a: string, b: string): number {
  codes ??= new Intl.Collator(undefined, { numeric: true });
  return codes.compare(a, b);
}

let teams: Intl.Collator | null = null;

/**
 * Two team names are one team when they differ only in case ("Sales", "SALES"): how every part
 * compares them (a role's or a link's scope, the grid's and the wallboard's team filters, an
 * alert rule's or a digest's teams, the access file). One collator, in one locale whatever the
 * server's or the browser's, so that the server and the screen never disagree. The labels config
 * refuses two teams that compare so.
 */
export const sameTeam = (a: string, b: string) => (teams ??= new Intl.Collator("en", { sensitivity: "accent" })).compare(a, b) === 0;

/** `team` is one of `names` (by `sameTeam`); no team is in none. */
export const teamIn = (names: readonly string[], team: string | null): boolean => team !== null && names.some((t) => sameTeam(t, team));
