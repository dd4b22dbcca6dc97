import { SECURED } from "../playwright.config";
import { expect, test } from "./fixtures";
import { BASE, refused } from "./hostile";

/** Hostile input to sign-in (e2e/hostile.ts says what every case must hold). */
test.describe("hostile input: sign-in", () => {
  test("sign-in: bodies of every wrong shape get 400 or 401, no cookie, nothing else", async ({ playwright }) => {
    const stranger = await playwright.request.newContext();
    const bodies: [string, string, string][] = [
      ["not JSON", "text/plain", "password=x"],
      ["JSON null", "application/json", "null"],
      ["an array", "application/json", JSON.stringify([SECURED.password])],
      ["a number", "application/json", JSON.stringify({ password: 12345678 })],
      ["an object for the password", "application/json", JSON.stringify({ password: { toString: SECURED.password } })],
      ["an empty password", "application/json", JSON.stringify({ password: "" })],
      ["a password over 1,024 characters", "application/json", JSON.stringify({ password: "x".repeat(1025) })],
      ["a prototype to pollute", "application/json", '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}},"password":"wrong"}'],
      ["truncated JSON", "application/json", '{"password":"'],
      ["NUL bytes", "application/json", JSON.stringify({ password: "\u0000\u0000" })],
    ];
    for (const [i, [what, type, data]] of bodies.entries()) {
      const res = await stranger.post(`${BASE}/api/auth/login`, { headers: { "Content-Type": type, "X-Forwarded-For": `e2e-hostile-body-${i}` }, data });
      const r = await refused(res, what);
      expect(["bad_request", "wrong_password"], what).toContain(r.code);
      expect(res.headers()["set-cookie"], what).toBeUndefined();
    }
    expect((await stranger.get(`${BASE}/api/agents`)).status()).toBe(401);
    await stranger.dispose();
  });
});
