import { route } from "@/lib/server/http/http";
import { pollSubscription } from "@/lib/server/serve/calendars";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** Reads the calendar now; its rows replace the schedule only when the read has no problem. */
export const POST = route<{ params: Promise<{ id: string }> }>(async (req, { params }) => pollSubscription(await servedPerson(req), (await params).id));
