import { sendJson } from "./fetch-json";

/**
 * An export made in the browser (the grid's CSV, the report's table), in the audit trail before
 * it is made: who, which scope, how many rows, the view as the address says it. Refused (thrown,
 * with the server's message) to a role without exports.
 */
export async function recordExport(what: string, rows: number): Promise<void> {
  await sendJson("/api/exports", { what, rows, view: window.location.search.slice(1, 500) });
}
