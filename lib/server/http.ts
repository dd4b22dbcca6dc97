import "server-only";
import { NextResponse } from "next/server";
import type { ApiError } from "@/lib/api-types";
import { log } from "@/lib/log";
import { encodeFor } from "./gzip-json";

/** Live data: never cached by a browser or a proxy without asking us. */
export const NO_STORE = "no-store, max-age=0";

/**
 * Every error code Floorview's API answers with, and its HTTP status: one table for every route
 * and for proxy.ts. The codes are part of the public contract (`{ error: { code, message } }`):
 * add, never rename.
 */
export const API_ERRORS = {
  bad_request: 400,
  unauthorized: 401,
  wrong_password: 401,
  cross_site: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  length_required: 411,
  payload_too_large: 413,
  no_login: 409,
  too_many_attempts: 429,
  busy: 429,
  internal_error: 500,
  starting: 503,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * `{ error: { code, message } }` with the code's status. Pass the request where the path serves
 * its own gzip (`/api/agents`): the body is then gzipped when the client accepts it, as
 * next.config.js has already said it would be.
 */
export function errorResponse(code: ApiErrorCode, message: string, opts: { req?: Request; headers?: Record<string, string> } = {}): NextResponse<ApiError> {
  const text = JSON.stringify({ error: { code, message } } satisfies ApiError);
  const { body, gzip } = opts.req ? encodeFor(opts.req, text) : { body: text, gzip: false };
  return new NextResponse(body, {
    status: API_ERRORS[code],
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": gzip ? `${NO_STORE}, no-transform` : NO_STORE, ...opts.headers },
  });
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

/** Every unexpected failure becomes one generic 500 in the error shape, logged here, never echoed. */
export function withErrors<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      log.error("request failed", { path: new URL(req.url).pathname, error: err instanceof Error ? err.message : String(err) });
      return errorResponse("internal_error", "Something went wrong on the Floorview server.", { req });
    }
  };
}
