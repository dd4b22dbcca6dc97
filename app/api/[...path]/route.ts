import { errorResponse } from "@/lib/server/http";

export const dynamic = "force-dynamic";

function notFound(req: Request) {
  // The pathname stays percent-encoded and goes out as a JSON string: nothing is echoed raw.
  const path = new URL(req.url).pathname.slice(0, 200);
  return errorResponse("not_found", `No API route at ${path}.`);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
