import { sendAlertTest } from "@/lib/server/serve/alerts-answer";
import { json, route } from "@/lib/server/http/http";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/**
 * Sends a test message to one channel (`{ "channel": "floor-slack" }`), or a digest now for one of
 * its teams (`{ "digest": "Daily digest", "team": "Billing" }`), through the same queue as alerts;
 * it shows in the log. Audited. 202 `{ id }`.
 */
export const POST = route(async (req) => json(await sendAlertTest(await servedPerson(req), req), { status: 202 }));
