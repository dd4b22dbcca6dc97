import type { APIRequestContext } from "@playwright/test";
import { SECURED } from "../playwright.config";
import { expect } from "./fixtures";

/**
 * Hostile input, one file a surface (e2e/hostile-*.spec.ts: sign-in, wallboard links, reports,
 * schedule uploads), on a deployment like a real tenant's (a login, a stand-alone simulator as
 * Kore.ai): what an attacker or a broken script sends. Each answer is the clear error of the API's shape (never a 500,
 * never an echo of a secret), and nothing is written: no session, no link, no schedule row.
 * (The alerts config and the messages sent out have their own: lib/alerts/*.test.ts; the
 * `next` of a sign-in: test/hostile-next.ts through e2e/security.spec.ts and e2e/sso.spec.ts.)
 */

export const BASE = `http://127.0.0.1:${SECURED.port}`;
const SECRETS = [SECURED.password, SECURED.authSecret, SECURED.clientSecret, SECURED.metricsToken];

/** The answer's status and error, checked for the API's error shape and for anything secret. */
export async function refused(res: Awaited<ReturnType<APIRequestContext["get"]>>, what: string) {
  const text = await res.text();
  expect(res.status(), `${what}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status(), what).toBeLessThan(500);
  for (const secret of SECRETS) expect(text.includes(secret), `${what} echoes a secret`).toBe(false);
  const body = JSON.parse(text) as { error?: { code: string; message: string } };
  expect(body.error?.message.length, what).toBeGreaterThan(10);
  return { status: res.status(), code: body.error!.code, message: body.error!.message };
}

/** A supervisor signed in with the shared password, as a request context. */
export async function signIn(playwright: { request: { newContext(): Promise<APIRequestContext> } }, client: string): Promise<APIRequestContext> {
  const ctx = await playwright.request.newContext();
  expect((await ctx.post(`${BASE}/api/auth/login`, { data: { password: SECURED.password }, headers: { "X-Forwarded-For": client } })).status()).toBe(200);
  return ctx;
}
