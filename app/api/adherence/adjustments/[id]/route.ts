import { route } from "@/lib/server/http/http";
import { heavyRead } from "@/lib/server/reports/heavy-reads";
import { revokeAdjustment } from "@/lib/server/serve/adjustments";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Revokes an adherence adjustment (kept, marked): its time counts as it did before. Audited with the % before and after. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (req, { params }) => {
  const s = await servedPerson(req);
  const { id } = await params;
  return heavyRead(s, req, () => revokeAdjustment(s, req, id));
});
