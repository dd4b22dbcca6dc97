import { route } from "@/lib/server/http/http";
import { uploadStaffing } from "@/lib/server/serve/staffing";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Required staff as CSV (`interval_start,team,required`; team empty: the whole floor): checked whole, kept, audited; `/api/intraday` then says `required` and the difference from it. */
export const POST = route(async (req) => uploadStaffing(await servedPerson(req), req));
