import { fail, route } from "@/lib/server/http/http";

export const dynamic = "force-dynamic";

// The pathname stays percent-encoded and goes out as a JSON string: nothing is echoed raw.
const notFound = route(async (req) => fail("not_found", `No API route at ${new URL(req.url).pathname.slice(0, 200)}.`));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
