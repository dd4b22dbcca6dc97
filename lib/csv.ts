/**
 * CSV as RFC 4180 wants it, and safe to open in a spreadsheet: text that a spreadsheet would run
 * as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe, and a cell holding a
 * semicolon or a tab is quoted as one holding a comma is (a plain negative number is left as it is): where the list separator is `;`
 * (German, French Excel) or a tab, `Ann;=1+1` unquoted would be two cells, the second a formula.
 * Every export uses it.
 */
function csvCell(value: string): string {
  // A plain negative number ("-2", "-0.67": intraday's difference) is a number to a spreadsheet, not a formula.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (values: readonly string[]) => values.map(csvCell).join(",");

/** A byte-order mark: spreadsheets then read UTF-8 (names with accents) right. */
const BOM = "\uFEFF";

/**
 * A whole CSV document as every export sends it: the byte-order mark, one line a row as RFC 4180
 * wants it (cells by `csvCell`, CRLF), the last line ended too.
 */
export function csvDocument(rows: Iterable<readonly string[]>): string {
  let out = BOM;
  for (const row of rows) out += `${csvLine(row)}\r\n`;
  return out;
}

/** As `csvDocument`, a line at a time for an answer streamed as it is written (the first part carries the mark). */
export function* csvDocumentParts(rows: Iterable<readonly string[]>): Generator<string> {
  let first = true;
  for (const row of rows) {
    yield `${first ? BOM : ""}${csvLine(row)}\r\n`;
    first = false;
  }
  if (first) yield BOM;
}
