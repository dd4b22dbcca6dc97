import { route } from "@/lib/server/http/http";
import { listProfiles } from "@/lib/server/serve/schedule-profiles";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ profiles, activities }`: the schedule import profiles, built in (Floorview CSV, NICE IEX, Talkdesk / Assembled) and saved by name. */
export const GET = route(async (req) => listProfiles(await servedPerson(req)));
