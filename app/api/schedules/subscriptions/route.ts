import { route } from "@/lib/server/http/http";
import { addSubscription, listSubscriptions } from "@/lib/server/serve/calendars";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ subscriptions, allowedHosts, pollMinutes }`: the calendars subscribed to, with how each last poll went (URLs cut to their host). */
export const GET = route(async (req) => listSubscriptions(await servedPerson(req)));

/** `{ name, url, profile?, zone? }`: a calendar read on a schedule from an allowed host (FLOORVIEW_CALENDAR_HOSTS); read at once; audited. */
export const POST = route(async (req) => addSubscription(await servedPerson(req), req));
