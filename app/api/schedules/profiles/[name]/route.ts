import { route } from "@/lib/server/http/http";
import { deleteProfile, saveProfile } from "@/lib/server/serve/schedule-profiles";
import { servedPerson } from "@/lib/server/serve/viewer";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ name: string }> };

/** Keeps an import profile by name (JSON: delimiter, headerPrefix, columns, dateFormat, timeFormat, zone, identity, activities, idTableCsv), replacing one of that name; audited. */
export const PUT = route<Params>(async (req, { params }) => saveProfile(await servedPerson(req), req, decodeURIComponent((await params).name)));

/** Deletes a saved import profile; audited. */
export const DELETE = route<Params>(async (req, { params }) => deleteProfile(await servedPerson(req), req, decodeURIComponent((await params).name)));
