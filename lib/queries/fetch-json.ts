import type { ApiError } from "@/lib/api-types";

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
    const body = (await res.json()) as Partial<ApiError>;
    if (body.error) ({ code, message } = body.error);
  } catch {
    // Not our error shape (a proxy's page, say): keep the generic message.
  }
  throw new ApiRequestError(res.status, code, message);
}
