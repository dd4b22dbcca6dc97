import type { ApiErrorBody } from "@/lib/api-types";

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

/** Turns a non-OK response from our own API into an ApiRequestError with its message. */
export async function ensureOk(res: Response): Promise<Response> {
  if (res.ok || res.status === 304) return res;
  let code = "http_error";
  let message = `Floorview answered ${res.status}.`;
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    if (body.error) ({ code, message } = body.error);
  } catch {
    // Not our error shape (a proxy's page, say): keep the generic message.
  }
  throw new ApiRequestError(res.status, code, message);
}

/** GET one of Floorview's own JSON answers, never from the browser's cache: the one fetch, check and parse every query uses. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return (await (await ensureOk(await fetch(url, { cache: "no-store", signal }))).json()) as T;
}

/** Sends JSON (POST by default) to Floorview's API; the answer checked (an error thrown with its message) and returned. */
export async function sendJson(url: string, body: unknown, method = "POST"): Promise<Response> {
  return ensureOk(await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));
}
