/**
 * CSV as RFC 4180 wants it, and safe to open in a spreadsheet: text that a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe. Every export uses it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (values: readonly string[]) => values.map(csvCell).join(",");
