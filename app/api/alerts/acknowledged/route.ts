import { route } from "@/lib/server/http/http";
import { acknowledgedNow } from "@/lib/server/serve/alerts-answer";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

/** `{ agents: { <agentId>: { rule, title, by, at, note, until } } }`: the agents with an alert someone is on now (the grid's and the wallboard's mark), in the person's scope. */
export const GET = route(async (req) => acknowledgedNow(await servedPerson(req)));
