import { route } from "@/lib/server/http/http";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { intradayFromRequest } from "@/lib/server/serve/intraday";
import { served } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * A day of the floor against its plan (`date`, `tz`, `interval` 15m | 30m | 1h, `team`): per
 * interval, agents scheduled open and actually open, the difference, shrinkage planned and actual
 * by category, conformance; the interval holding now counted up to now (docs/api.md).
 */
export const GET = route(async (req) => {
  const s = await served(req);
  // A heavy read (lib/server/reports/heavy-reads.ts): one at a time per person (or wallboard link), a few in all.
  return heavyRead(s, req, () => intradayFromRequest(s, req));
});
