import { route } from "@/lib/server/http/http";
import { acknowledgeAlert, undoAcknowledgement } from "@/lib/server/serve/alerts-answer";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ key, note, until? }`: someone is on an open alert; nothing about it is sent while it holds, and it is raised once more if it outlasts it. Audited. */
export const POST = route(async (req) => acknowledgeAlert(await servedPerson(req), req));

/** `{ key }`: the acknowledgement taken back. Audited. */
export const DELETE = route(async (req) => undoAcknowledgement(await servedPerson(req), req));
