/**
 * CSV as RFC 4180 wants it, and safe to open in a spreadsheet: text that a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe, and a cell holding a
 * semicolon or a tab is quoted as one holding a comma is: where the list separator is `;`
 * (German, French Excel) or a tab, `Ann;=1+1` unquoted would be two cells, the second a formula.
 * Every export uses it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (values: readonly string[]) => values.map(csvCell).join(",");
