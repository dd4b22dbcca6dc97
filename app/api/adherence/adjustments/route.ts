import { route } from "@/lib/server/http/http";
import { createAdjustment, listAdjustments } from "@/lib/server/serve/adjustments";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ from, to, adjustments }`: the adherence adjustments overlapping the window (`from`, `to`; a week back and ahead by default; `team`, `agent`, `revoked=1`) the person may see. */
export const GET = route(async (req) => listAdjustments(await servedPerson(req), req));

/**
 * `{ kind: "excused" | "neutral", agents | teams | all, from, to, category?, note }`: time excused
 * (counted as adherent) or made neutral (counted neither way); audited with the adherence % of the
 * agents it holds before and after, so a heavy read (one at a time per person).
 */
export const POST = route(async (req) => {
  const s = await servedPerson(req);
  return heavyRead(s, req, () => createAdjustment(s, req));
});
