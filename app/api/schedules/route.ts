import type { SchedulesAnswer } from "@/lib/api-types";
import { csvAnswer } from "@/lib/server/http/http";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { queryOf } from "@/lib/server/http/query";
import { readSchedules, scheduleCsv, scheduleJson, scheduleQuery, uploadFromRequest } from "@/lib/server/serve/schedules";
import { unproxied } from "@/lib/server/serve/unproxied";
import { auditExport, mayExport, servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** The schedule rows of a window (`from`, `to`; `team`, `agent` to narrow): JSON, or the CSV an upload takes (`format=csv`). */
export const GET = unproxied(async (req) => {
  const s = await servedPerson(req);
  const q = queryOf(req, scheduleQuery({ now: Date.now(), retentionMs: null, accept: req.headers.get("accept") }));
  if (q.csv) mayExport(s, req, "schedules");
  // A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, async () => {
    const rows = await readSchedules(s, q);
    if (!q.csv) return { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), rows: rows.map(scheduleJson) } satisfies SchedulesAnswer;
    await auditExport(s, req, "schedules", rows.length);
    return csvAnswer(scheduleCsv(rows), `floorview-schedules-${new Date(q.from).toISOString().slice(0, 10)}.csv`);
  });
});

/**
 * A schedule as CSV (`Content-Type: text/csv`), header `agent_id,start,end,activity`: checked
 * whole, then saved all or nothing; its rows replace what was scheduled for the same agents over
 * the time they cover. `?preview=1` checks without saving. 200 with the upload's summary; 400
 * with every problem by line and column (`error.problems`), nothing saved.
 */
export const POST = unproxied(async (req) => uploadFromRequest(await servedPerson(req), req));
