import "server-only";
import { NextResponse } from "next/server";
import type { ApiErrorBody } from "@/lib/api-types";
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
  conflict: 409,
  too_many_attempts: 429,
  busy: 429,
  internal_error: 500,
  starting: 503,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/**
 * `{ error: { code, message } }` with the code's status. Pass the request where the path serves
 * its own gzip (`/api/agents`): the body is then gzipped when the client accepts it, as
 * next.config.js has already said it would be. `error` adds fields beside code and message (an
 * upload's `problems`), `body` beside `error` (the upload's summary).
 */
export function errorResponse(code: ApiErrorCode, message: string, opts: ErrorExtras & { req?: Request } = {}): NextResponse<ApiErrorBody> {
  const text = JSON.stringify({ ...opts.body, error: { code, message, ...opts.error } } satisfies ApiErrorBody);
  const { body, gzip } = opts.req ? encodeFor(opts.req, text) : { body: text, gzip: false };
  return new NextResponse(body, {
    status: API_ERRORS[code],
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": gzip ? `${NO_STORE}, no-transform` : NO_STORE, ...opts.headers },
  });
}

export interface ErrorExtras {
  headers?: Record<string, string>;
  error?: Record<string, unknown>;
  body?: Record<string, unknown>;
}

const API_ERROR = Symbol.for("floorview.ApiError");

/**
 * What a route or a service throws to answer with an error of the table: the wrapper (`route`)
 * turns it into `{ error: { code, message } }` with the code's status. Services return data and
 * throw this; they never build a `Response`.
 */
export class ApiError extends Error {
  /** Known by this mark, not by `instanceof`: each route's bundle has its own copy of this module, while the runtime that throws is one per process. */
  readonly [API_ERROR] = true;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}


/** An `ApiError`, from whichever copy of this module threw it. */
export const isApiError = (err: unknown): err is ApiError => typeof err === "object" && err !== null && (err as { [API_ERROR]?: boolean })[API_ERROR] === true;

/** Throws the error of the table with this code: `if (!can.export(who)) fail("forbidden", "…")`. */
export function fail(code: ApiErrorCode, message: string, extras?: ErrorExtras): never {
  throw new ApiError(code, message, extras);
}

/** What a handler answers: a `Response` it made (a stream, a redirect, cookies), or data sent as JSON, never cached. */
export type Answer = Response | object;

/** Data as a JSON answer, never cached (`status` for a 201 or 202). */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): NextResponse {
  return NextResponse.json(body, { status: init.status, headers: { "Cache-Control": NO_STORE, ...init.headers } });
}

/** A CSV download: its type, its file name, never cached. */
export function csvAnswer(body: BodyInit, filename: string): Response {
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": NO_STORE } });
}

/** The answer of a handler's result: a `Response` as it is, data as JSON. */
export const answerOf = (a: Answer): Response => (a instanceof Response ? a : json(a));

type Handler<C> = (req: Request, ctx: C) => Promise<Answer>;

/**
 * The one pattern of every route: the handler returns data (sent as JSON, never cached) or a
 * `Response` it made; a thrown `ApiError` becomes its error answer; any other failure one generic
 * 500 in the error shape, logged here, never echoed.
 */
export function route<C>(handler: Handler<C>): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    try {
      return answerOf(await handler(req, ctx));
    } catch (err) {
      if (isApiError(err)) return errorResponse(err.code, err.message, err.extras);
      log.error("request failed", { path: new URL(req.url).pathname, error: err instanceof Error ? err.message : String(err) });
      return errorResponse("internal_error", "Something went wrong on the Floorview server.", { req });
    }
  };
}

/** Reads a large body (a route outside the proxy) up to `limit` bytes; null when it is longer (a chunked body has no length to check first). */
export async function readTextUpTo(req: Request, limit: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(parts));
}

/** What `read` gives, or null where it refuses (an `ApiError`): a page drawing what a route would have refused. */
export function unlessRefused<T>(read: () => T): T | null {
  try {
    return read();
  } catch (err) {
    if (isApiError(err)) return null;
    throw err;
  }
}
