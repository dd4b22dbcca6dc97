import { route } from "@/lib/server/http/http";
import { removeSubscription } from "@/lib/server/serve/calendars";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Stops reading the calendar (the rows it put in place stay). Audited. */
export const DELETE = route<{ params: Promise<{ id: string }> }>(async (req, { params }) => removeSubscription(await servedPerson(req), req, (await params).id));
