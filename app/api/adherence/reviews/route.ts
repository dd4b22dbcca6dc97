import { route } from "@/lib/server/http/http";
import { confirmException, undoConfirmation } from "@/lib/server/serve/adjustments";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ agentId, type, start, note? }`: the exception (as `/api/adherence` names it) confirmed as it stands. Audited. */
export const POST = route(async (req) => confirmException(await servedPerson(req), req));

/** The same body: the confirmation taken back. Audited. */
export const DELETE = route(async (req) => undoConfirmation(await servedPerson(req), req));
