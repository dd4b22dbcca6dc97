import "server-only";
import { NextResponse } from "next/server";
import type { ApiError } from "@/lib/api-types";
import { log } from "@/lib/log";

/** Live data: never cached by a browser or a proxy without asking us. */
export const NO_STORE = "no-store, max-age=0";

export function errorResponse(status: number, code: string, message: string): NextResponse<ApiError> {
  return NextResponse.json({ error: { code, message } }, { status, headers: { "Cache-Control": NO_STORE } });
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Every unexpected failure becomes one generic 500 in the error shape, logged here, never echoed. */
export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      log.error("request failed", { path: new URL(req.url).pathname, error: err instanceof Error ? err.message : String(err) });
      return errorResponse(500, "internal_error", "Something went wrong on the Floorview server.");
    }
  };
}
