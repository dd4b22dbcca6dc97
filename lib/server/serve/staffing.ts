import "server-only";
import { parseStaffingCsv } from "@/lib/activity/staffing";
import { SCHEDULE_BODY_LIMIT } from "@/lib/auth/body-limit";
import { can } from "@/lib/auth/identity";
import { clientOf } from "@/lib/auth/session";
import { sameTeam } from "@/lib/states/collate";
import { fail, readTextUpTo } from "../http/http";
import type { ServedPerson } from "./viewer";

/**
 * `POST /api/staffing` (`text/csv`: `interval_start,team,required`): required staff, as a WFM or
 * Erlang sheet exports it, for `/api/intraday`'s `required` and `diff`. Checked whole (every bad
 * line named, nothing kept), then kept (a line replaces the same interval and team); whoever may
 * upload schedules; audited.
 */
export async function uploadStaffing(s: ServedPerson, req: Request): Promise<{ saved: true; rows: number; from: string | null; to: string | null }> {
  if (!can.editSchedules(s.identity)) fail("forbidden", "Your role (viewer) can read the intraday view but not upload required staff.");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "text/csv" && type !== "text/plain") fail("bad_request", "Send the staffing sheet as CSV with Content-Type: text/csv (header interval_start,team,required).");
  const text = await readTextUpTo(req, SCHEDULE_BODY_LIMIT);
  if (text === null) fail("payload_too_large", `The sheet is larger than ${SCHEDULE_BODY_LIMIT / 1024 / 1024} MB: send a week at a time.`);
  const { labels, schedules, audit, config } = s.runtime;
  const known = (team: string) => labels.teamNames.find((t) => sameTeam(t, team)) ?? null;
  const { rows, problems } = parseStaffingCsv(text, known);
  if (problems.length > 0) fail("bad_request", `${problems.length} problem${problems.length === 1 ? "" : "s"} in the staffing sheet; nothing was saved.`, { error: { problems: problems.slice(0, 200) } });
  if (rows.length === 0) fail("bad_request", "The sheet has a header but no lines.");
  await schedules.staffing.put(rows);
  const starts = rows.map((r) => r.start);
  const iso = (ms: number) => new Date(ms).toISOString();
  const answer = { saved: true as const, rows: rows.length, from: iso(Math.min(...starts)), to: iso(Math.max(...starts)) };
  await audit.record(s.identity, "staffing_uploaded", { rows: answer.rows, from: answer.from, to: answer.to }, clientOf(req, config.auth.trustedProxies));
  return answer;
}
