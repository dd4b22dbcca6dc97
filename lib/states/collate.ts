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

/**
 * Two team names are one team when they differ only in case ("Sales", "SALES"): how the scope of
 * a role or a link compares them everywhere. The labels config refuses two teams that compare so.
 */
export const sameTeam = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;
