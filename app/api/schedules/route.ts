import { NextResponse } from "next/server";
import type { SchedulesAnswer } from "@/lib/api-types";
import { can } from "@/lib/auth/identity";
import { describeScope } from "@/lib/auth/scope";
import { clientOf } from "@/lib/auth/session";
import { SCHEDULE_BODY_LIMIT } from "@/lib/auth/body-limit";
import { errorResponse, NO_STORE } from "@/lib/server/http";
import { parseScheduleQuery, readSchedules, scheduleCsv, scheduleJson, uploadSchedule } from "@/lib/server/schedules";
import { heavyRead } from "@/lib/server/heavy-reads";
import { readTextUpTo, unproxied } from "@/lib/server/unproxied";
import { servedPerson } from "@/lib/server/viewer";
import { isCrossSiteExport } from "@/lib/auth/origin";

export const dynamic = "force-dynamic";

/** The schedule rows of a window (`from`, `to`; `team`, `agent` to narrow): JSON, or the CSV an upload takes (`format=csv`). */
export const GET = unproxied(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  const parsed = parseScheduleQuery(new URL(req.url).searchParams, req.headers.get("accept"));
  if (!parsed.ok) return errorResponse("bad_request", parsed.message);
  const q = parsed.value;
  if (q.csv && !can.export(s.identity)) return errorResponse("forbidden", "Your role (viewer) can read schedules but not export them.");
  if (q.csv && isCrossSiteExport(req)) return errorResponse("cross_site", "An export opens only from Floorview's own pages (or by its address typed in, or a script).");
  // A heavy read (lib/server/heavy-reads.ts): one at a time per person, a few in all.
  return heavyRead(s, req, async () => {
    const rows = await readSchedules(s, q);
    if (!q.csv) {
      const body: SchedulesAnswer = { from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(), rows: rows.map(scheduleJson) };
      return NextResponse.json(body, { headers: { "Cache-Control": NO_STORE } });
    }
    const { config, audit } = s.runtime;
    await audit.record(s.identity, "export", { what: "schedules", rows: rows.length, scope: describeScope(s.scope), view: new URL(req.url).search.slice(1, 500) }, clientOf(req, config.auth.trustedProxies));
    return new NextResponse(scheduleCsv(rows), {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="floorview-schedules-${new Date(q.from).toISOString().slice(0, 10)}.csv"`, "Cache-Control": NO_STORE },
    });
  });
});

/**
 * A schedule as CSV (`Content-Type: text/csv`), header `agent_id,start,end,activity`: checked
 * whole, then saved all or nothing; its rows replace what was scheduled for the same agents over
 * the time they cover. `?preview=1` checks without saving. 200 with the upload's summary; 400
 * with every problem by line and column (`error.problems`), nothing saved.
 */
export const POST = unproxied(async (req) => {
  const s = await servedPerson(req);
  if (s instanceof Response) return s;
  if (!can.editSchedules(s.identity)) return errorResponse("forbidden", "Your role (viewer) can read schedules but not upload them.");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "text/csv" && type !== "text/plain") return errorResponse("bad_request", "Send the schedule as CSV with Content-Type: text/csv (header agent_id,start,end,activity).");
  const text = await readTextUpTo(req, SCHEDULE_BODY_LIMIT);
  if (text === null) return errorResponse("payload_too_large", `The schedule is larger than ${SCHEDULE_BODY_LIMIT / 1024 / 1024} MB: upload it in parts (a week at a time).`);
  const preview = ["1", "true"].includes(new URL(req.url).searchParams.get("preview") ?? "");
  const result = await uploadSchedule(s, text, preview);
  if (result.problems.length > 0) {
    const n = result.problems.length + result.moreProblems;
    return NextResponse.json(
      { error: { code: "bad_request", message: `${n} problem${n === 1 ? "" : "s"} in the schedule; nothing was saved.`, problems: result.problems }, upload: result },
      { status: 400, headers: { "Cache-Control": NO_STORE } },
    );
  }
  if (result.saved) {
    const { config, audit, liveAdherence } = s.runtime;
    await liveAdherence.refresh(true);
    await audit.record(s.identity, "schedule_uploaded", { rows: result.rows, agents: result.agents, from: result.from, to: result.to, replaced: result.replaced }, clientOf(req, config.auth.trustedProxies));
  }
  return NextResponse.json(result, { headers: { "Cache-Control": NO_STORE } });
});
